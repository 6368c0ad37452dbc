package io.cardstream.local.cli;

import io.cardstream.common.privacy.KeyConfig;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.StackConfig;
import io.cardstream.local.stack.StackJobs;
import io.cardstream.local.stack.StackOptions;
import io.cardstream.streaming.loop.NotifierConfig;
import io.cardstream.streaming.loop.NotifierRunOptions;
import io.cardstream.streaming.loop.NotifierStream;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The notifier on the local stack: alerts (and opted-in approved notices) from the stack's Kafka,
 * e-mailed through the stack's mail server, with "was this you?" links to the stack's collector.
 */
@Command(
    name = "notifier",
    mixinStandardHelpOptions = true,
    description =
        "E-mail the alerts of the local stack's stream (mail lands in the stack's mail server).")
final class NotifierCommand implements Callable<Integer> {

  @Mixin StackOptions stack;

  @Mixin NotifierRunOptions run;

  @Override
  public Integer call() throws Exception {
    StackConfig sc = stack.config(false);
    NotifierConfig c =
        StackJobs.notifier(
            sc, new LocalStack(sc).endpoints(), run.triggerSeconds(), run.availableNow());
    SparkSession spark = SparkSession.builder().appName("cardstream-notifier").getOrCreate();
    System.out.println("Notifier running; checkpoint " + c.checkpoint());
    NotifierStream.onServices(c, KeyConfig.developmentKeys().links(System.getenv()))
        .start(spark)
        .awaitTermination();
    return 0;
  }
}

package io.cardstream.local.cli;

import io.cardstream.common.privacy.KeyConfig;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.StackConfig;
import io.cardstream.local.stack.StackJobs;
import io.cardstream.local.stack.StackOptions;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import io.cardstream.streaming.StreamOptions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The scoring stream on the local stack: the job's own options ({@link StreamOptions}), with the
 * stack's Kafka, DynamoDB Local, lake, checkpoint and registry.
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description =
        "Run the scoring stream against the local stack (Kafka in; Delta, DynamoDB Local, topics out).")
final class StreamCommand implements Callable<Integer> {

  @Mixin StackOptions stack;

  @Mixin StreamOptions options;

  @Override
  public Integer call() throws Exception {
    StackConfig sc = stack.config(false);
    StreamConfig c = options.applyTo(StackJobs.stream(sc, new LocalStack(sc).endpoints())).build();
    SparkSession spark = SparkSession.builder().appName("cardstream-stream").getOrCreate();
    System.out.println(
        "Scoring stream running; checkpoint "
            + c.run().checkpoint()
            + ", status "
            + c.run().statusFile());
    ScoringStream.onServices(c, KeyConfig.developmentKeys().tokenizer(System.getenv())).run(spark);
    return 0;
  }
}

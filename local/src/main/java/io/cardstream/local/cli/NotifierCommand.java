package io.cardstream.local.cli;

import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.lake.Lake;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.StackConfig;
import io.cardstream.streaming.loop.NotifierConfig;
import io.cardstream.streaming.loop.NotifierStream;
import io.cardstream.streaming.loop.SmtpMailer;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  /** The local sender; the stack's mail server accepts any. */
  static final String MAIL_FROM = "alerts@cardstream.test";

  @Mixin StackOptions stack;

  @Option(names = "--available-now", description = "Notify what is on the topics now, then stop.")
  boolean availableNow;

  @Option(
      names = "--trigger-seconds",
      defaultValue = "5",
      description = "Micro-batch interval (default ${DEFAULT-VALUE}).")
  int triggerSeconds;

  @Override
  public Integer call() throws Exception {
    StackConfig sc = stack.config(false);
    NotifierConfig c = config(sc, new LocalStack(sc).endpoints(), triggerSeconds, availableNow);
    SparkSession spark = SparkSession.builder().appName("cardstream-notifier").getOrCreate();
    System.out.println("Notifier running; checkpoint " + c.checkpoint());
    NotifierStream.onServices(c, FeedbackLinks.fromEnvironment(System.getenv()))
        .start(spark)
        .awaitTermination();
    return 0;
  }

  /** The notifier on the stack: its Kafka, DynamoDB Local, mail server, collector and lake. */
  static NotifierConfig config(
      StackConfig sc, Endpoints e, int triggerSeconds, boolean availableNow) {
    String[] smtp = e.smtp().split(":");
    return new NotifierConfig(
        e.kafkaBootstrap(),
        true,
        new Lake(StreamCommand.lake(sc).toUri().toString()),
        sc.stateDir().resolve("checkpoints/notifier").toUri().toString(),
        e.dynamodbEndpoint(),
        Endpoints.REGION,
        "",
        new SmtpMailer.Settings(smtp[0], Integer.parseInt(smtp[1]), false, null, null, MAIL_FROM),
        e.collectorUrl(),
        Duration.ofHours(72),
        Duration.ofMinutes(2),
        triggerSeconds,
        availableNow,
        "earliest");
  }
}

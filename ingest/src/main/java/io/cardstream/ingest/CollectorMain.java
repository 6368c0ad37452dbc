package io.cardstream.ingest;

import io.cardstream.common.cli.DynamoDbOptions;
import io.cardstream.common.cli.KeyOptions;
import io.cardstream.common.cli.KinesisStreamOptions;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.kafka.KafkaOptions;
import io.cardstream.common.privacy.KeyConfig;
import io.cardstream.service.ServerOptions;
import io.cardstream.service.ServiceMain;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The collector as its own JVM. It only turns options into a {@link CollectorConfig} and starts
 * {@link CollectorServer#onServices}. Its keys come from {@link KeyOptions}, as the stream's and
 * the notifier's: the card-token key the stream's, so both compute the same card tokens, the link
 * key the notifier's, which signs the links; without them it exits at start.
 */
@Command(
    name = "collector",
    mixinStandardHelpOptions = true,
    description =
        "The HTTP collector: POST /collector/transactions (x-api-key) into the transactions topic"
            + " (or the Kinesis stream; the control and feedback topics stay on Kafka),"
            + " admin routes for flags and rules, the customers' feedback links (/feedback),"
            + " the analysts' review queue (/cases), /health and /metrics.")
public final class CollectorMain implements Callable<Integer> {

  @Mixin ServerOptions server;

  @Mixin KeyOptions keys;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--port",
      defaultValue = "" + CollectorConfig.DEFAULT_PORT,
      description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--topic",
      defaultValue = CollectorConfig.DEFAULT_TOPIC,
      description = "Topic the accepted events go to (default ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "" + CollectorConfig.DEFAULT_MAX_BODY_BYTES,
      description = "Larger bodies are refused with 413 (default ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(
      names = "--max-records",
      defaultValue = "" + CollectorConfig.DEFAULT_MAX_RECORDS,
      description = "Records per request at most (default ${DEFAULT-VALUE}).")
  int maxRecords;

  @Option(
      names = "--rate",
      defaultValue = "" + CollectorConfig.DEFAULT_RATE,
      description = "Requests per second per API key (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--burst",
      defaultValue = "" + CollectorConfig.DEFAULT_BURST,
      description = "Requests an API key may make at once (default ${DEFAULT-VALUE}).")
  int burst;

  @Option(
      names = "--broker-timeout-ms",
      defaultValue = "" + CollectorConfig.DEFAULT_BROKER_TIMEOUT_MS,
      description =
          "A write not acknowledged within this is answered 503 (default ${DEFAULT-VALUE}).")
  long brokerTimeoutMs;

  @Mixin DynamoDbOptions dynamodb;

  @Mixin KinesisStreamOptions kinesis;

  @Option(
      names = "--max-event-age-days",
      defaultValue = "" + ReaderOptions.DEFAULT_MAX_EVENT_AGE_DAYS,
      description =
          "Reject events older than this many days when they arrive (default ${DEFAULT-VALUE}:"
              + " replays of old datasets pass; a live deployment sets a few days).")
  long maxEventAgeDays;

  @Option(
      names = "--max-event-lead-hours",
      defaultValue = "" + ReaderOptions.DEFAULT_MAX_EVENT_LEAD_HOURS,
      description =
          "Reject events more than this many hours in the future (default ${DEFAULT-VALUE}).")
  long maxEventLeadHours;

  @Option(
      names = "--auth-failures-per-minute",
      defaultValue = "" + CollectorConfig.DEFAULT_AUTH_FAILURES_PER_MINUTE,
      description =
          "Requests with a wrong API key one client address may make per minute; beyond it 429"
              + " (a valid key is never held back). 0: no limit (default ${DEFAULT-VALUE}).")
  int authFailuresPerMinute;

  @Option(
      names = "--feedback-per-minute",
      defaultValue = "" + CollectorConfig.DEFAULT_FEEDBACK_PER_MINUTE,
      description =
          "GETs and POSTs of /feedback links one client address may make per minute; beyond it"
              + " 429. 0: no limit (default ${DEFAULT-VALUE}).")
  int feedbackPerMinute;

  CollectorConfig config() {
    return server
        .applyTo(CollectorConfig.builder())
        .port(port)
        .kafkaBootstrap(kafka.bootstrap())
        .kafkaAuth(kafka.auth())
        .topic(topic)
        .maxBodyBytes(maxBodyBytes)
        .maxRecords(maxRecords)
        .rate(rate, burst)
        .brokerTimeout(Duration.ofMillis(brokerTimeoutMs))
        .dynamodb(dynamodb.target())
        .kinesis(kinesis.targetIfGiven())
        .eventWindow(Duration.ofDays(maxEventAgeDays), Duration.ofHours(maxEventLeadHours))
        .authFailuresPerMinute(authFailuresPerMinute)
        .feedbackPerMinute(feedbackPerMinute)
        .build();
  }

  @Override
  public Integer call() throws InterruptedException {
    CollectorConfig c = config();
    KeyConfig k = keys.config();
    CollectorServer server =
        CollectorServer.onServices(c, k.tokenizer(System.getenv()), k.links(System.getenv()));
    return ServiceMain.serve("collector", server::start, server::stop);
  }

  /** Parses {@code args}; a bad option or start-up error is one line on stderr and exit code 1. */
  static int run(String[] args, PrintWriter err) {
    return ServiceMain.run("collector", new CollectorMain(), args, err);
  }

  public static void main(String[] args) {
    ServiceMain.main("collector", new CollectorMain(), args);
  }
}

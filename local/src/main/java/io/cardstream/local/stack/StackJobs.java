package io.cardstream.local.stack;

import io.cardstream.common.lake.Topics;
import io.cardstream.streaming.StreamConfig;
import io.cardstream.streaming.loop.NotifierConfig;
import io.cardstream.streaming.loop.SmtpMailer;
import java.time.Duration;

/**
 * The pipeline's streaming jobs configured for the local stack: its endpoints, and the state
 * layout's lake, checkpoints, registry and status file. The CLI's commands and the demo run them
 * from here.
 */
public final class StackJobs {

  /** The local sender; the stack's mail server accepts any. */
  public static final String MAIL_FROM = "alerts@cardstream.test";

  /** The scoring stream's checkpoint name under {@link StateLayout#checkpoint}. */
  public static final String SCORING = "scoring";

  public static final String NOTIFIER = "notifier";
  public static final String FEEDBACK_LABELS = "feedback-labels";

  private StackJobs() {}

  /**
   * The stream on the stack: its Kafka, Kinesis (when it runs one), DynamoDB Local and region, and
   * the stack's lake, checkpoint, registry and status file; the rest at the job's defaults.
   */
  public static StreamConfig.Builder stream(StackConfig sc, Endpoints e) {
    StateLayout layout = sc.layout();
    StreamConfig.Builder b = StreamConfig.builder();
    if (e.kinesisEndpoint() != null) {
      // Used with --source kinesis only.
      b.kinesisStream(Topics.KINESIS_TRANSACTIONS)
          .kinesisEndpoint(e.kinesisEndpoint())
          .kinesisRegion(Endpoints.REGION);
    }
    return b.kafkaBootstrap(e.kafkaBootstrap())
        .kafkaAuth(e.kafkaAuth())
        .dynamodb(e.dynamodb())
        .lakeRoot(layout.lakeDir().toUri().toString())
        .checkpoint(layout.checkpoint(SCORING).toUri().toString())
        .registry(layout.registry().toString())
        .statusFile(layout.streamStatusFile().toString());
  }

  /** The notifier on the stack: its Kafka, DynamoDB Local, mail server, collector and lake. */
  public static NotifierConfig notifier(
      StackConfig sc, Endpoints e, int triggerSeconds, boolean availableNow) {
    String[] smtp = e.smtp().split(":");
    return new NotifierConfig(
        e.kafkaBootstrap(),
        e.kafkaAuth(),
        true,
        sc.layout().lake(),
        sc.layout().checkpoint(NOTIFIER).toUri().toString(),
        e.dynamodb(),
        new SmtpMailer.Settings(smtp[0], Integer.parseInt(smtp[1]), false, null, null, MAIL_FROM),
        e.collectorUrl(),
        Duration.ofHours(72),
        Duration.ofMinutes(2),
        triggerSeconds,
        availableNow,
        "earliest");
  }
}

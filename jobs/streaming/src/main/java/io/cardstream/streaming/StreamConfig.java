package io.cardstream.streaming;

import io.cardstream.common.aws.DynamoDbTarget;
import io.cardstream.common.aws.SdkClients;
import io.cardstream.common.delta.DeltaMultiWriter;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.Topics;
import java.time.Duration;

/**
 * Everything the scoring stream needs, by stage, validated on construction with messages that name
 * the option to fix. The defaults live here ({@code DEFAULT_*}), read by the options ({@link
 * StreamOptions}) and the {@link Builder} alike.
 *
 * @param source where the events come from ({@link SourceConfig})
 * @param scoring the per-card state and the decide stage ({@link ScoringConfig})
 * @param sinks where the results go ({@link SinksConfig})
 * @param run checkpoint, trigger and status ({@link RunConfig})
 */
public record StreamConfig(
    SourceConfig source, ScoringConfig scoring, SinksConfig sinks, RunConfig run) {

  public static final String DEFAULT_SOURCE = "kafka";
  public static final String DEFAULT_TOPIC = Topics.TRANSACTIONS;
  public static final String DEFAULT_STARTING_OFFSETS = "earliest";
  public static final String DEFAULT_KINESIS_STARTING_POSITION = "TRIM_HORIZON";
  public static final String DEFAULT_KINESIS_CONSUMER_TYPE = "GetRecords";
  public static final String DEFAULT_KINESIS_CONNECTOR = "cardstream";

  /** The lake query's interval: each one is a Delta commit per table, so not too small files. */
  public static final int DEFAULT_TRIGGER_SECONDS = 30;

  /** The decisions query's interval: a new micro-batch as soon as this has passed. */
  public static final int DEFAULT_DECISION_TRIGGER_MS = 250;

  public static final String DEFAULT_QUERIES = "both";
  public static final long DEFAULT_MAX_EVENTS_PER_TRIGGER = 20_000;
  public static final int DEFAULT_STATE_IDLE_DAYS = 30;

  /** Long enough for a broker restart or a throttling episode, short of hiding a lost service. */
  public static final int DEFAULT_SINK_OUTAGE_MINUTES = 30;

  public StreamConfig {
    if (run.availableNow() && source.isKinesis() && source.kinesis().onEmr()) {
      throw new IllegalArgumentException(
          "--available-now is not supported by EMR's Kinesis connector; use --kinesis-connector"
              + " cardstream");
    }
  }

  /**
   * A builder that starts from the defaults; set at least the Kafka servers, the lake, the
   * checkpoint and the registry.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Named setters over the stages' records; {@link #build()} validates. */
  public static final class Builder {
    private String source = DEFAULT_SOURCE;
    private String kafkaBootstrap;
    private KafkaAuth kafkaAuth = KafkaAuth.NONE;
    private String inputTopic = DEFAULT_TOPIC;
    private String startingOffsets = DEFAULT_STARTING_OFFSETS;
    private String kinesisStream;
    private String kinesisRegion;
    private String kinesisEndpoint;
    private String kinesisStartingPosition = DEFAULT_KINESIS_STARTING_POSITION;
    private String kinesisConsumerType = DEFAULT_KINESIS_CONSUMER_TYPE;
    private String kinesisConnector = DEFAULT_KINESIS_CONNECTOR;
    private String lakeRoot;
    private String checkpoint;
    private String registry;
    private String rulesFile;
    private DynamoDbTarget dynamodb = new DynamoDbTarget(null, SdkClients.DEFAULT_REGION, "");
    private int triggerSeconds = DEFAULT_TRIGGER_SECONDS;
    private int decisionTriggerMillis = DEFAULT_DECISION_TRIGGER_MS;
    private String queries = DEFAULT_QUERIES;
    private String lakeTopic = Topics.LAKE;
    private long maxEventsPerTrigger = DEFAULT_MAX_EVENTS_PER_TRIGGER;
    private boolean availableNow;
    private int stateIdleDays = DEFAULT_STATE_IDLE_DAYS;
    private String statusFile;
    private DeltaMultiWriter deltaLog;
    private long maxEventAgeDays = ReaderOptions.DEFAULT_MAX_EVENT_AGE_DAYS;
    private long maxEventLeadHours = ReaderOptions.DEFAULT_MAX_EVENT_LEAD_HOURS;
    private int sinkOutageMinutes = DEFAULT_SINK_OUTAGE_MINUTES;

    private Builder() {}

    public Builder source(String value) {
      this.source = value;
      return this;
    }

    public Builder kafkaBootstrap(String value) {
      this.kafkaBootstrap = value;
      return this;
    }

    public Builder kafkaAuth(KafkaAuth value) {
      this.kafkaAuth = value;
      return this;
    }

    public Builder inputTopic(String value) {
      this.inputTopic = value;
      return this;
    }

    public Builder startingOffsets(String value) {
      this.startingOffsets = value;
      return this;
    }

    public Builder kinesisStream(String value) {
      this.kinesisStream = value;
      return this;
    }

    public Builder kinesisRegion(String value) {
      this.kinesisRegion = value;
      return this;
    }

    public Builder kinesisEndpoint(String value) {
      this.kinesisEndpoint = value;
      return this;
    }

    public Builder kinesisStartingPosition(String value) {
      this.kinesisStartingPosition = value;
      return this;
    }

    public Builder kinesisConsumerType(String value) {
      this.kinesisConsumerType = value;
      return this;
    }

    public Builder kinesisConnector(String value) {
      this.kinesisConnector = value;
      return this;
    }

    public Builder lakeRoot(String value) {
      this.lakeRoot = value;
      return this;
    }

    public Builder checkpoint(String value) {
      this.checkpoint = value;
      return this;
    }

    public Builder registry(String value) {
      this.registry = value;
      return this;
    }

    public Builder rulesFile(String value) {
      this.rulesFile = value;
      return this;
    }

    public Builder dynamodb(DynamoDbTarget value) {
      this.dynamodb = value;
      return this;
    }

    public Builder triggerSeconds(int value) {
      this.triggerSeconds = value;
      return this;
    }

    public Builder decisionTriggerMillis(int value) {
      this.decisionTriggerMillis = value;
      return this;
    }

    public Builder queries(String value) {
      this.queries = value;
      return this;
    }

    public Builder lakeTopic(String value) {
      this.lakeTopic = value;
      return this;
    }

    public Builder maxEventsPerTrigger(long value) {
      this.maxEventsPerTrigger = value;
      return this;
    }

    public Builder availableNow(boolean value) {
      this.availableNow = value;
      return this;
    }

    public Builder stateIdleDays(int value) {
      this.stateIdleDays = value;
      return this;
    }

    public Builder statusFile(String value) {
      this.statusFile = value;
      return this;
    }

    public Builder maxEventAgeDays(long value) {
      this.maxEventAgeDays = value;
      return this;
    }

    public Builder maxEventLeadHours(long value) {
      this.maxEventLeadHours = value;
      return this;
    }

    public Builder deltaLog(DeltaMultiWriter value) {
      this.deltaLog = value;
      return this;
    }

    public Builder sinkOutageMinutes(int value) {
      this.sinkOutageMinutes = value;
      return this;
    }

    public StreamConfig build() {
      boolean kinesis = "kinesis".equalsIgnoreCase(source);
      require(lakeRoot, "--lake");
      return new StreamConfig(
          new SourceConfig(
              source,
              kafkaBootstrap,
              kafkaAuth,
              inputTopic,
              startingOffsets,
              kinesis || kinesisStream != null
                  ? new SourceConfig.Kinesis(
                      kinesisStream,
                      kinesisRegion,
                      kinesisEndpoint,
                      kinesisStartingPosition,
                      kinesisConsumerType,
                      kinesisConnector)
                  : null,
              maxEventsPerTrigger,
              eventWindow(maxEventAgeDays, maxEventLeadHours)),
          new ScoringConfig(registry, rulesFile, stateIdleDays),
          new SinksConfig(
              new Lake(lakeRoot), kafkaBootstrap, kafkaAuth, dynamodb, deltaLog, lakeTopic),
          new RunConfig(
              checkpoint,
              triggerSeconds,
              decisionTriggerMillis,
              RunConfig.Queries.parse(queries),
              availableNow,
              statusFile,
              sinkOutageMinutes));
    }
  }

  private static ReaderOptions eventWindow(long ageDays, long leadHours) {
    if (ageDays < 0 || leadHours < 0) {
      throw new IllegalArgumentException(
          "--max-event-age-days and --max-event-lead-hours must not be negative, got "
              + ageDays
              + " and "
              + leadHours);
    }
    return ReaderOptions.defaults()
        .withEventWindow(Duration.ofDays(ageDays), Duration.ofHours(leadHours));
  }

  static void require(String v, String what) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
  }
}

package io.cardstream.streaming;

import io.cardstream.common.delta.DeltaMultiWriter;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.Topics;
import java.time.Duration;
import java.util.Locale;

/**
 * Everything the scoring stream needs, by stage, validated on construction with messages that name
 * the option to fix. The defaults live here ({@code DEFAULT_*}), read by the options ({@link
 * StreamOptions}) and the {@link Builder} alike.
 *
 * @param source where the events come from
 * @param scoring the per-card state and the decide stage
 * @param sinks where the results go
 * @param run checkpoint, trigger and status
 */
public record StreamConfig(Source source, Scoring scoring, Sinks sinks, Run run) {

  public static final String DEFAULT_SOURCE = "kafka";
  public static final String DEFAULT_TOPIC = Topics.TRANSACTIONS;
  public static final String DEFAULT_STARTING_OFFSETS = "earliest";
  public static final String DEFAULT_KINESIS_STARTING_POSITION = "TRIM_HORIZON";
  public static final String DEFAULT_KINESIS_CONSUMER_TYPE = "GetRecords";
  public static final String DEFAULT_KINESIS_CONNECTOR = "cardstream";
  public static final String DEFAULT_DYNAMODB_REGION = "us-east-1";

  /** The lake query's interval: each one is a Delta commit per table, so not too small files. */
  public static final int DEFAULT_TRIGGER_SECONDS = 30;

  /** The decisions query's interval: a new micro-batch as soon as this has passed. */
  public static final int DEFAULT_DECISION_TRIGGER_MS = 250;

  public static final String DEFAULT_QUERIES = "both";
  public static final long DEFAULT_MAX_EVENTS_PER_TRIGGER = 20_000;
  public static final int DEFAULT_STATE_IDLE_DAYS = 30;

  /** Long enough for a broker restart or a throttling episode, short of hiding a lost service. */
  public static final int DEFAULT_SINK_OUTAGE_MINUTES = 30;

  /**
   * @param type kafka | kinesis
   * @param kafkaBootstrap Kafka servers (also those of the decision topics)
   * @param kafkaAuth how the Kafka clients authenticate (source and sinks alike)
   * @param topic the transactions topic (kafka)
   * @param startingOffsets earliest | latest | per-partition JSON, for a new checkpoint only
   * @param kinesis the Kinesis stream (kinesis), else null
   * @param maxEventsPerTrigger upper bound of events per micro-batch
   * @param reader the validator's options: record size, the event-time window around each message's
   *     produce time
   */
  public record Source(
      String type,
      String kafkaBootstrap,
      KafkaAuth kafkaAuth,
      String topic,
      String startingOffsets,
      Kinesis kinesis,
      long maxEventsPerTrigger,
      ReaderOptions reader) {
    public Source {
      type = type == null ? DEFAULT_SOURCE : type.toLowerCase(Locale.ROOT);
      if (!type.equals("kafka") && !type.equals("kinesis")) {
        throw new IllegalArgumentException("--source must be kafka or kinesis, got '" + type + "'");
      }
      require(kafkaBootstrap, "--kafka-bootstrap (the decision topics are always Kafka)");
      kafkaAuth = kafkaAuth == null ? KafkaAuth.NONE : kafkaAuth;
      if (type.equals("kinesis") && kinesis == null) {
        throw new IllegalArgumentException("--source kinesis needs --kinesis-stream");
      }
      if (maxEventsPerTrigger < 1) {
        throw new IllegalArgumentException(
            "--max-events-per-trigger must be positive, got " + maxEventsPerTrigger);
      }
      reader = reader == null ? ReaderOptions.defaults() : reader;
    }

    public boolean isKinesis() {
      return type.equals("kinesis");
    }
  }

  /**
   * @param stream stream name
   * @param region AWS region of the stream
   * @param endpoint endpoint override, or null
   * @param startingPosition TRIM_HORIZON | LATEST (| an ISO instant, cardstream connector)
   * @param consumerType GetRecords | SubscribeToShard (enhanced fan-out, emr connector only)
   * @param connector cardstream (the project's source, runs anywhere) | emr (EMR's pre-installed
   *     aws-kinesis connector)
   */
  public record Kinesis(
      String stream,
      String region,
      String endpoint,
      String startingPosition,
      String consumerType,
      String connector) {
    public Kinesis {
      require(stream, "--kinesis-stream");
      require(region, "--kinesis-region");
      connector =
          connector == null ? DEFAULT_KINESIS_CONNECTOR : connector.toLowerCase(Locale.ROOT);
      if (!connector.equals("cardstream") && !connector.equals("emr")) {
        throw new IllegalArgumentException(
            "--kinesis-connector must be cardstream or emr, got '" + connector + "'");
      }
      if (connector.equals("cardstream") && "SubscribeToShard".equals(consumerType)) {
        throw new IllegalArgumentException(
            "--kinesis-consumer-type SubscribeToShard (enhanced fan-out) needs"
                + " --kinesis-connector emr; the cardstream connector polls with GetRecords");
      }
    }

    public boolean onEmr() {
      return connector.equals("emr");
    }
  }

  /**
   * @param registry model registry root; the CHAMPION pointer is re-read between micro-batches
   * @param rulesFile versioned rules JSON, or null for the built-in seed rules
   * @param stateIdleDays drop a card's state after this many days without events
   */
  public record Scoring(String registry, String rulesFile, int stateIdleDays) {
    public Scoring {
      require(registry, "--registry");
      if (stateIdleDays < 1) {
        throw new IllegalArgumentException(
            "--state-idle-days must be at least 1, got " + stateIdleDays);
      }
    }
  }

  /**
   * @param lake the Delta lake (bronze, silver, quarantine)
   * @param kafkaBootstrap Kafka servers of the decision, alert and dead-letter topics
   * @param kafkaAuth how the Kafka clients authenticate
   * @param dynamodb the DynamoDB tables
   * @param deltaLog the Delta commit ledger, when other applications (the nightly maintenance)
   *     commit to the same tables on S3; null: the stream commits alone
   * @param lakeTopic the decisions query's hand-off to the lake query ({@link Topics#LAKE})
   */
  public record Sinks(
      Lake lake,
      String kafkaBootstrap,
      KafkaAuth kafkaAuth,
      DynamoDb dynamodb,
      DeltaMultiWriter deltaLog,
      String lakeTopic) {
    public Sinks {
      kafkaAuth = kafkaAuth == null ? KafkaAuth.NONE : kafkaAuth;
      require(lakeTopic, "--lake-topic");
    }
  }

  /**
   * Which of the stream's two queries this application runs: the decisions (source to the decision
   * topics and the lake topic), the lake (lake topic to Delta and DynamoDB), or both.
   */
  public enum Queries {
    DECISIONS,
    LAKE,
    BOTH;

    public boolean decisions() {
      return this != LAKE;
    }

    public boolean lake() {
      return this != DECISIONS;
    }

    public static Queries parse(String v) {
      try {
        return valueOf(v.trim().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "--queries must be decisions, lake or both, got " + v, e);
      }
    }
  }

  /**
   * @param endpoint endpoint override (DynamoDB Local), or null for AWS
   * @param region AWS region of the tables
   * @param tablePrefix prefix of the table names ("" locally)
   */
  public record DynamoDb(String endpoint, String region, String tablePrefix) {
    public DynamoDb {
      require(region, "--dynamodb-region");
      tablePrefix = tablePrefix == null ? "" : tablePrefix;
    }

    /** The deployed name of one of {@link DynamoTables}. */
    public String table(String name) {
      return DynamoTables.name(tablePrefix, name);
    }
  }

  /**
   * @param checkpoint checkpoint location (offsets, state, commits): never change it between runs
   * @param triggerSeconds the lake query's micro-batch interval (one Delta commit per table each)
   * @param decisionTriggerMillis the decisions query's micro-batch interval
   * @param queries which queries run in this application
   * @param availableNow process what is available, then stop (demo, backfill)
   * @param statusFile JSON snapshot of the latest progress, or null
   * @param sinkOutageMinutes how long a batch retries sinks that are unreachable before the query
   *     fails (0: for ever)
   */
  public record Run(
      String checkpoint,
      int triggerSeconds,
      int decisionTriggerMillis,
      Queries queries,
      boolean availableNow,
      String statusFile,
      int sinkOutageMinutes) {
    public Run {
      if (decisionTriggerMillis < 0) {
        throw new IllegalArgumentException(
            "--decision-trigger-ms must not be negative, got " + decisionTriggerMillis);
      }
      require(checkpoint, "--checkpoint");
      if (sinkOutageMinutes < 0) {
        throw new IllegalArgumentException(
            "--sink-outage-minutes must be 0 (for ever) or more, got " + sinkOutageMinutes);
      }
      if (triggerSeconds < 1) {
        throw new IllegalArgumentException(
            "--trigger-seconds must be at least 1, got " + triggerSeconds);
      }
    }
  }

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

  /** Named setters over the nested records; {@link #build()} validates. */
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
    private String dynamodbEndpoint;
    private String dynamodbRegion = DEFAULT_DYNAMODB_REGION;
    private String dynamodbTablePrefix = "";
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

    public Builder dynamodbEndpoint(String value) {
      this.dynamodbEndpoint = value;
      return this;
    }

    public Builder dynamodbRegion(String value) {
      this.dynamodbRegion = value;
      return this;
    }

    public Builder dynamodbTablePrefix(String value) {
      this.dynamodbTablePrefix = value;
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
          new Source(
              source,
              kafkaBootstrap,
              kafkaAuth,
              inputTopic,
              startingOffsets,
              kinesis || kinesisStream != null
                  ? new Kinesis(
                      kinesisStream,
                      kinesisRegion,
                      kinesisEndpoint,
                      kinesisStartingPosition,
                      kinesisConsumerType,
                      kinesisConnector)
                  : null,
              maxEventsPerTrigger,
              eventWindow(maxEventAgeDays, maxEventLeadHours)),
          new Scoring(registry, rulesFile, stateIdleDays),
          new Sinks(
              new Lake(lakeRoot),
              kafkaBootstrap,
              kafkaAuth,
              new DynamoDb(dynamodbEndpoint, dynamodbRegion, dynamodbTablePrefix),
              deltaLog,
              lakeTopic),
          new Run(
              checkpoint,
              triggerSeconds,
              decisionTriggerMillis,
              Queries.parse(queries),
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

  private static void require(String v, String what) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
  }
}

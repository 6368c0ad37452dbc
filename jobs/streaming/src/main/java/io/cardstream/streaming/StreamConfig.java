package io.cardstream.streaming;

import java.util.Locale;

/**
 * Everything the scoring stream needs, validated on construction.
 *
 * @param source kafka | kinesis
 * @param kafkaBootstrap Kafka servers (source when source = kafka, and the output topics)
 * @param inputTopic the transactions topic
 * @param startingOffsets earliest | latest (first start only; later starts resume from the
 *     checkpoint)
 * @param kinesisStream Kinesis stream name (source = kinesis)
 * @param kinesisRegion AWS region of the stream
 * @param kinesisEndpoint endpoint override, or null
 * @param kinesisStartingPosition TRIM_HORIZON | LATEST
 * @param kinesisConsumerType GetRecords | SubscribeToShard (enhanced fan-out)
 * @param lakeRoot Delta lake root (file:, s3a:, s3:)
 * @param checkpoint checkpoint location
 * @param registry model registry root; the CHAMPION pointer is re-read between micro-batches
 * @param rulesFile versioned rules JSON, or null for the built-in seed rules
 * @param dynamodbEndpoint endpoint override (DynamoDB Local), or null for AWS
 * @param dynamodbRegion AWS region of the tables
 * @param dynamodbTablePrefix prefix of the table names ("" locally)
 * @param triggerSeconds micro-batch interval
 * @param maxEventsPerTrigger upper bound of events per micro-batch
 * @param availableNow process what is available, then stop (demo, backfill)
 * @param stateIdleDays drop a card's state after this many days without events
 * @param statusFile JSON snapshot of the latest progress, or null
 * @param failAfterSinksOnBatch test hook: fail once after all sinks of this batch wrote, before the
 *     checkpoint commit; -1 disables it
 */
public record StreamConfig(
    String source,
    String kafkaBootstrap,
    String inputTopic,
    String startingOffsets,
    String kinesisStream,
    String kinesisRegion,
    String kinesisEndpoint,
    String kinesisStartingPosition,
    String kinesisConsumerType,
    String lakeRoot,
    String checkpoint,
    String registry,
    String rulesFile,
    String dynamodbEndpoint,
    String dynamodbRegion,
    String dynamodbTablePrefix,
    int triggerSeconds,
    long maxEventsPerTrigger,
    boolean availableNow,
    int stateIdleDays,
    String statusFile,
    long failAfterSinksOnBatch) {

  public static final String TOPIC_APPROVED = "decisions.approved";
  public static final String TOPIC_DECLINED = "decisions.declined";
  public static final String TOPIC_ALERTS = "alerts";
  public static final String TOPIC_DLQ = "transactions.dlq";
  public static final String TOPIC_SINK_COMMITS = "cardstream.sink-commits";

  public StreamConfig {
    source = source == null ? "kafka" : source.toLowerCase(Locale.ROOT);
    if (!source.equals("kafka") && !source.equals("kinesis")) {
      throw new IllegalArgumentException("--source must be kafka or kinesis, got '" + source + "'");
    }
    require(kafkaBootstrap, "--kafka-bootstrap (the decision topics are always Kafka)");
    if (source.equals("kinesis")) {
      require(kinesisStream, "--kinesis-stream");
      require(kinesisRegion, "--kinesis-region");
    }
    require(lakeRoot, "--lake");
    require(checkpoint, "--checkpoint");
    require(registry, "--registry");
    require(dynamodbRegion, "--dynamodb-region");
    if (triggerSeconds < 1) {
      throw new IllegalArgumentException(
          "--trigger-seconds must be at least 1, got " + triggerSeconds);
    }
    if (maxEventsPerTrigger < 1) {
      throw new IllegalArgumentException(
          "--max-events-per-trigger must be positive, got " + maxEventsPerTrigger);
    }
    if (stateIdleDays < 1) {
      throw new IllegalArgumentException(
          "--state-idle-days must be at least 1, got " + stateIdleDays);
    }
    dynamodbTablePrefix = dynamodbTablePrefix == null ? "" : dynamodbTablePrefix;
  }

  /**
   * Kafka {@code startingOffsets} JSON that starts each partition of {@code topic} at the given
   * offset.
   */
  public static String startingOffsets(String topic, java.util.Map<Integer, Long> offsets) {
    StringBuilder b = new StringBuilder("{\"" + topic + "\":{");
    offsets.entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(
            e -> b.append('"').append(e.getKey()).append("\":").append(e.getValue()).append(','));
    b.setLength(b.length() - 1);
    return b.append("}}").toString();
  }

  /**
   * A builder that starts from the job's option defaults (ScoringStreamJob); set at least the Kafka
   * servers, the lake, the checkpoint and the registry.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Named setters for the 22 components; {@link #build()} validates as the constructor does. */
  public static final class Builder {
    private String source = "kafka";
    private String kafkaBootstrap;
    private String inputTopic = "transactions";
    private String startingOffsets = "earliest";
    private String kinesisStream;
    private String kinesisRegion;
    private String kinesisEndpoint;
    private String kinesisStartingPosition = "TRIM_HORIZON";
    private String kinesisConsumerType = "GetRecords";
    private String lakeRoot;
    private String checkpoint;
    private String registry;
    private String rulesFile;
    private String dynamodbEndpoint;
    private String dynamodbRegion = "us-east-1";
    private String dynamodbTablePrefix = "";
    private int triggerSeconds = 5;
    private long maxEventsPerTrigger = 20_000;
    private boolean availableNow;
    private int stateIdleDays = 30;
    private String statusFile;
    private long failAfterSinksOnBatch = -1;

    private Builder() {}

    public Builder source(String value) {
      this.source = value;
      return this;
    }

    public Builder kafkaBootstrap(String value) {
      this.kafkaBootstrap = value;
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

    public Builder failAfterSinksOnBatch(long value) {
      this.failAfterSinksOnBatch = value;
      return this;
    }

    public StreamConfig build() {
      return new StreamConfig(
          source,
          kafkaBootstrap,
          inputTopic,
          startingOffsets,
          kinesisStream,
          kinesisRegion,
          kinesisEndpoint,
          kinesisStartingPosition,
          kinesisConsumerType,
          lakeRoot,
          checkpoint,
          registry,
          rulesFile,
          dynamodbEndpoint,
          dynamodbRegion,
          dynamodbTablePrefix,
          triggerSeconds,
          maxEventsPerTrigger,
          availableNow,
          stateIdleDays,
          statusFile,
          failAfterSinksOnBatch);
    }
  }

  private static void require(String v, String what) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
  }

  public String table(String name) {
    return dynamodbTablePrefix + name;
  }

  public String lakePath(String table) {
    return lakeRoot.endsWith("/") ? lakeRoot + table : lakeRoot + "/" + table;
  }
}

package io.cardstream.streaming;

import io.cardstream.common.cli.JobMain;
import io.cardstream.common.privacy.PanTokenizer;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * spark-submit entry point of the scoring stream: options → {@link StreamConfig} → {@link
 * ScoringStream}; runs until the query stops (or fails).
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description =
        "Score card transactions from Kafka or Kinesis into Delta, DynamoDB and decision topics, exactly once.")
public final class ScoringStreamJob implements Callable<Integer> {

  @Option(
      names = "--source",
      defaultValue = "kafka",
      description = "kafka | kinesis (default ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--kafka-bootstrap",
      description = "Kafka bootstrap servers (input when --source kafka; decision topics always).")
  String kafkaBootstrap;

  @Option(
      names = "--topic",
      defaultValue = "transactions",
      description = "Input topic (default ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--starting-offsets",
      defaultValue = "earliest",
      description = "earliest | latest, for a new checkpoint (default ${DEFAULT-VALUE}).")
  String startingOffsets;

  @Option(names = "--kinesis-stream", description = "Kinesis stream name.")
  String kinesisStream;

  @Option(names = "--kinesis-region", description = "Kinesis region.")
  String kinesisRegion;

  @Option(names = "--kinesis-endpoint", description = "Kinesis endpoint override.")
  String kinesisEndpoint;

  @Option(
      names = "--kinesis-starting-position",
      defaultValue = "TRIM_HORIZON",
      description = "TRIM_HORIZON | LATEST (default ${DEFAULT-VALUE}).")
  String kinesisStartingPosition;

  @Option(
      names = "--kinesis-consumer-type",
      defaultValue = "GetRecords",
      description = "GetRecords | SubscribeToShard (default ${DEFAULT-VALUE}).")
  String kinesisConsumerType;

  @Option(names = "--lake", required = true, description = "Delta lake root (file:, s3a:, s3:).")
  String lake;

  @Option(names = "--checkpoint", required = true, description = "Checkpoint location.")
  String checkpoint;

  @Option(names = "--registry", required = true, description = "Model registry root.")
  String registry;

  @Option(names = "--rules", description = "Rules JSON file; default: the built-in seed rules.")
  String rules;

  @Option(
      names = "--dynamodb-endpoint",
      description = "DynamoDB endpoint override (DynamoDB Local).")
  String dynamodbEndpoint;

  @Option(
      names = "--dynamodb-region",
      defaultValue = "us-east-1",
      description = "DynamoDB region (default ${DEFAULT-VALUE}).")
  String dynamodbRegion;

  @Option(
      names = "--dynamodb-table-prefix",
      defaultValue = "",
      description = "Prefix of the DynamoDB table names.")
  String dynamodbTablePrefix;

  @Option(
      names = "--trigger-seconds",
      defaultValue = "5",
      description = "Micro-batch interval (default ${DEFAULT-VALUE}).")
  int triggerSeconds;

  @Option(
      names = "--max-events-per-trigger",
      defaultValue = "20000",
      description = "Events per micro-batch at most (default ${DEFAULT-VALUE}).")
  long maxEventsPerTrigger;

  @Option(
      names = "--available-now",
      description = "Process what is in the source now, then stop (Kafka only).")
  boolean availableNow;

  @Option(
      names = "--state-idle-days",
      defaultValue = "30",
      description = "Drop a card's state after this many idle days (default ${DEFAULT-VALUE}).")
  int stateIdleDays;

  @Option(
      names = "--status-file",
      description = "Where to keep the JSON snapshot of the latest batch.")
  String statusFile;

  @Option(names = "--fail-after-sinks-on-batch", defaultValue = "-1", hidden = true)
  long failAfterSinksOnBatch;

  private SparkSession session;

  public ScoringStreamJob withSession(SparkSession spark) {
    this.session = spark;
    return this;
  }

  public StreamConfig config() {
    return StreamConfig.builder()
        .source(source)
        .kafkaBootstrap(kafkaBootstrap)
        .inputTopic(topic)
        .startingOffsets(startingOffsets)
        .kinesisStream(kinesisStream)
        .kinesisRegion(kinesisRegion)
        .kinesisEndpoint(kinesisEndpoint)
        .kinesisStartingPosition(kinesisStartingPosition)
        .kinesisConsumerType(kinesisConsumerType)
        .lakeRoot(lake)
        .checkpoint(checkpoint)
        .registry(registry)
        .rulesFile(rules)
        .dynamodbEndpoint(dynamodbEndpoint)
        .dynamodbRegion(dynamodbRegion)
        .dynamodbTablePrefix(dynamodbTablePrefix)
        .triggerSeconds(triggerSeconds)
        .maxEventsPerTrigger(maxEventsPerTrigger)
        .availableNow(availableNow)
        .stateIdleDays(stateIdleDays)
        .statusFile(statusFile)
        .failAfterSinksOnBatch(failAfterSinksOnBatch)
        .build();
  }

  @Override
  public Integer call() throws Exception {
    StreamConfig c = config();
    if (c.availableNow() && c.source().equals("kinesis")) {
      throw new IllegalArgumentException(
          "--available-now is not supported by the Kinesis connector");
    }
    SparkSession spark = session != null ? session : JobMain.session("cardstream-scoring");
    StreamingQuery q = ScoringStream.start(spark, c, PanTokenizer.fromEnvironment());
    if (c.availableNow()) {
      ScoringStream.runUntilCaughtUp(q, c);
    } else {
      q.awaitTermination();
    }
    return 0;
  }

  public static void main(String[] args) {
    JobMain.run(new ScoringStreamJob(), args);
  }
}

package io.cardstream.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.aws.DynamoDbTarget;
import io.cardstream.common.delta.DeltaMultiWriter;
import io.cardstream.common.kafka.KafkaClients;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StreamConfigTest {

  /** A complete configuration of the given source. */
  public static StreamConfig config(String source, String consumerType) {
    return StreamConfig.builder()
        .source(source)
        .kafkaBootstrap("b1:9092")
        .kinesisStream("tx-stream")
        .kinesisRegion("eu-west-1")
        .kinesisConsumerType(consumerType)
        .lakeRoot("s3://lake")
        .checkpoint("s3://cp")
        .registry("s3://lake/models/fraud")
        .dynamodb(new DynamoDbTarget(null, "eu-west-1", "prod_"))
        .build();
  }

  @Test
  void startingOffsetsJsonListsEveryPartitionInOrder() {
    assertThat(KafkaClients.startingOffsets("transactions", Map.of(1, 20L, 0, 7L)))
        .isEqualTo("{\"transactions\":{\"0\":7,\"1\":20}}");
    // Several topics (the notifier's), in name order.
    assertThat(
            KafkaClients.startingOffsets(
                Map.of("decisions.approved", Map.of(0, 3L), "alerts", Map.of(1, 5L, 0, 2L))))
        .isEqualTo("{\"alerts\":{\"0\":2,\"1\":5},\"decisions.approved\":{\"0\":3}}");
  }

  @Test
  void configIsValidatedWithTheOptionToFix() {
    StreamConfig c = config("kafka", "GetRecords");
    assertThat(c.sinks().dynamodb().table("transactions")).isEqualTo("prod_transactions");
    assertThat(c.sinks().lake().path(io.cardstream.common.lake.LakeTable.SILVER))
        .isEqualTo("s3://lake/silver/scored_transactions");
    assertThatThrownBy(() -> config("pulsar", "GetRecords"))
        .hasMessage("--source must be kafka or kinesis, got 'pulsar'");
    assertThatThrownBy(
            () ->
                StreamConfig.builder()
                    .source("kinesis")
                    .kafkaBootstrap("b:1")
                    .kinesisRegion("r")
                    .lakeRoot("l")
                    .checkpoint("c")
                    .registry("r")
                    .build())
        .hasMessage("--kinesis-stream is required");
    assertThatThrownBy(
            () ->
                StreamConfig.builder()
                    .kafkaBootstrap("b:1")
                    .lakeRoot("l")
                    .registry("r")
                    .triggerSeconds(0)
                    .checkpoint("c")
                    .build())
        .hasMessage("--trigger-seconds must be at least 1, got 0");
    assertThatThrownBy(
            () ->
                StreamConfig.builder()
                    .source("kinesis")
                    .kinesisStream("s")
                    .kinesisRegion("r")
                    .kafkaBootstrap("b:1")
                    .lakeRoot("l")
                    .registry("r")
                    .checkpoint("c")
                    .kinesisConnector("emr")
                    .availableNow(true)
                    .build())
        .hasMessage(
            "--available-now is not supported by EMR's Kinesis connector; use --kinesis-connector"
                + " cardstream");
    assertThat(
            StreamConfig.builder()
                .source("kinesis")
                .kinesisStream("s")
                .kinesisRegion("r")
                .kafkaBootstrap("b:1")
                .lakeRoot("l")
                .registry("r")
                .checkpoint("c")
                .availableNow(true)
                .build()
                .source()
                .kinesis()
                .connector())
        .isEqualTo("cardstream");
    assertThatThrownBy(() -> config("kinesis", "SubscribeToShard"))
        .hasMessageStartingWith(
            "--kinesis-consumer-type SubscribeToShard (enhanced fan-out) needs");
    assertThatThrownBy(
            () ->
                StreamConfig.builder()
                    .source("kinesis")
                    .kinesisStream("s")
                    .kinesisRegion("r")
                    .kinesisConnector("kcl")
                    .kafkaBootstrap("b:1")
                    .lakeRoot("l")
                    .registry("r")
                    .checkpoint("c")
                    .build())
        .hasMessage("--kinesis-connector must be cardstream or emr, got 'kcl'");
  }

  @Test
  void builderDefaultsAreTheJobsOptionDefaults() {
    ScoringStreamJob job = new ScoringStreamJob();
    new CommandLine(job)
        .parseArgs(
            "--kafka-bootstrap", "b:1", "--lake", "l", "--checkpoint", "c", "--registry", "r");

    assertThat(
            StreamConfig.builder()
                .kafkaBootstrap("b:1")
                .lakeRoot("l")
                .checkpoint("c")
                .registry("r")
                .build())
        .isEqualTo(job.config());
  }

  @Test
  void theDeltaLedgerOptionsReachTheConfigAndTheSession() {
    ScoringStreamJob job = new ScoringStreamJob();
    new CommandLine(job)
        .parseArgs(
            "--kafka-bootstrap",
            "b:1",
            "--lake",
            "s3://bucket/lake",
            "--checkpoint",
            "c",
            "--registry",
            "r",
            "--delta-log-table",
            "cs-delta_log",
            "--delta-log-region",
            "eu-west-1");

    DeltaMultiWriter ledger = job.config().sinks().deltaLog();
    assertThat(ledger).isEqualTo(new DeltaMultiWriter("cs-delta_log", "eu-west-1", null));
    assertThat(ledger.sparkConf())
        .containsEntry("spark.delta.logStore.s3.impl", DeltaMultiWriter.LOG_STORE_CLASS)
        .containsEntry(
            "spark.io.cardstream.common.delta.DynamoDbLogStore.ddb.tableName", "cs-delta_log");
  }

  @Test
  void bothQueriesRunByDefaultAndEitherCanRunAlone() {
    StreamConfig both = parse("--checkpoint", "c/");
    assertThat(both.run().queries()).isEqualTo(RunConfig.Queries.BOTH);
    assertThat(both.run().decisionTriggerMillis())
        .isEqualTo(StreamConfig.DEFAULT_DECISION_TRIGGER_MS);
    assertThat(both.sinks().lakeTopic()).isEqualTo("cardstream.lake");
    assertThat(LakeStream.checkpoint(both.run())).isEqualTo("c/lake");

    StreamConfig lake =
        parse("--checkpoint", "c", "--queries", "lake", "--decision-trigger-ms", "0");
    assertThat(lake.run().queries().lake()).isTrue();
    assertThat(lake.run().queries().decisions()).isFalse();
    assertThat(lake.run().decisionTriggerMillis()).isZero();
    assertThat(RunConfig.Queries.parse("decisions").lake()).isFalse();
    assertThatThrownBy(() -> RunConfig.Queries.parse("hot"))
        .hasMessage("--queries must be decisions, lake or both, got hot");
  }

  /** The job's configuration from its other required options and {@code more}. */
  private static StreamConfig parse(String... more) {
    ScoringStreamJob job = new ScoringStreamJob();
    List<String> args =
        new java.util.ArrayList<>(
            List.of("--kafka-bootstrap", "b:1", "--lake", "l", "--registry", "r"));
    args.addAll(List.of(more));
    new CommandLine(job).parseArgs(args.toArray(String[]::new));
    return job.config();
  }
}

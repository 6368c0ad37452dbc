package io.cardstream.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SourcesTest {

  static StreamConfig config(String source, String consumerType) {
    return StreamConfig.builder()
        .source(source)
        .kafkaBootstrap("b1:9092")
        .kinesisStream("tx-stream")
        .kinesisRegion("eu-west-1")
        .kinesisConsumerType(consumerType)
        .lakeRoot("s3://lake")
        .checkpoint("s3://cp")
        .registry("s3://lake/models/fraud")
        .dynamodbRegion("eu-west-1")
        .dynamodbTablePrefix("prod_")
        .build();
  }

  @Test
  void kafkaOptions() {
    assertThat(Sources.kafkaOptions(config("kafka", "GetRecords")))
        .containsExactly(
            Map.entry("kafka.bootstrap.servers", "b1:9092"),
            Map.entry("subscribe", "transactions"),
            Map.entry("startingOffsets", "earliest"),
            Map.entry("maxOffsetsPerTrigger", "20000"),
            Map.entry("kafka.isolation.level", "read_committed"));
  }

  @Test
  void kinesisOptionsForTheEmrConnector() {
    assertThat(Sources.kinesisOptions(config("kinesis", "GetRecords")))
        .containsExactly(
            Map.entry("kinesis.streamName", "tx-stream"),
            Map.entry("kinesis.region", "eu-west-1"),
            Map.entry("kinesis.endpointUrl", "https://kinesis.eu-west-1.amazonaws.com"),
            Map.entry("kinesis.startingPosition", "TRIM_HORIZON"),
            Map.entry("kinesis.consumerType", "GetRecords"),
            Map.entry("kinesis.maxFetchRecordsPerShard", "20000"));
    assertThat(Sources.kinesisOptions(config("kinesis", "SubscribeToShard")))
        .containsEntry("kinesis.consumerType", "SubscribeToShard")
        .containsEntry("kinesis.consumerName", "cardstream-scoring");
  }

  @Test
  void startingOffsetsJsonListsEveryPartitionInOrder() {
    assertThat(StreamConfig.startingOffsets("transactions", Map.of(1, 20L, 0, 7L)))
        .isEqualTo("{\"transactions\":{\"0\":7,\"1\":20}}");
  }

  @Test
  void configIsValidatedWithTheOptionToFix() {
    assertThat(config("kafka", "GetRecords").table("transactions")).isEqualTo("prod_transactions");
    assertThat(config("kafka", "GetRecords").lakePath("silver/scored_transactions"))
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
}

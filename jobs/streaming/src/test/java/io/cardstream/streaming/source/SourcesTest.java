package io.cardstream.streaming.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.ScoringStreamJob;
import io.cardstream.streaming.SourceConfig;
import io.cardstream.streaming.StreamConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SourcesTest {

  private static SourceConfig source(String type, String consumerType) {
    return source(type, consumerType, "emr");
  }

  private static SourceConfig source(String type, String consumerType, String connector) {
    return StreamConfig.builder()
        .source(type)
        .kafkaBootstrap("b1:9092")
        .kinesisStream("tx-stream")
        .kinesisRegion("eu-west-1")
        .kinesisConsumerType(consumerType)
        .kinesisConnector(connector)
        .lakeRoot("s3://lake")
        .checkpoint("s3://cp")
        .registry("s3://lake/models/fraud")
        .build()
        .source();
  }

  @Test
  void kafkaOptions() {
    assertThat(new KafkaSource(source("kafka", "GetRecords")).options())
        .containsExactly(
            Map.entry("kafka.bootstrap.servers", "b1:9092"),
            Map.entry("subscribe", "transactions"),
            Map.entry("startingOffsets", "earliest"),
            Map.entry("maxOffsetsPerTrigger", "20000"),
            Map.entry("kafka.isolation.level", "read_committed"));
  }

  @Test
  void theJobsKafkaAuthReachesTheSourceWithSparksPrefix() {
    ScoringStreamJob job = new ScoringStreamJob();
    new CommandLine(job)
        .parseArgs(
            "--kafka-bootstrap",
            "b1:9098",
            "--kafka-auth",
            "msk-iam",
            "--lake",
            "l",
            "--checkpoint",
            "c",
            "--registry",
            "r");
    StreamConfig c = job.config();
    assertThat(c.sinks().kafkaAuth()).isEqualTo(KafkaAuth.mskIam());
    assertThat(new KafkaSource(c.source()).options())
        .containsEntry("kafka.bootstrap.servers", "b1:9098")
        .containsEntry("kafka.security.protocol", "SASL_SSL")
        .containsEntry("kafka.sasl.mechanism", "AWS_MSK_IAM")
        .containsEntry(
            "kafka.sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
        .containsEntry(
            "kafka.sasl.client.callback.handler.class",
            "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
  }

  @Test
  void kinesisOptionsForTheEmrConnector() {
    assertThat(new EmrKinesisSource(source("kinesis", "GetRecords")).options())
        .containsExactly(
            Map.entry("kinesis.streamName", "tx-stream"),
            Map.entry("kinesis.region", "eu-west-1"),
            Map.entry("kinesis.endpointUrl", "https://kinesis.eu-west-1.amazonaws.com"),
            Map.entry("kinesis.startingPosition", "TRIM_HORIZON"),
            Map.entry("kinesis.consumerType", "GetRecords"),
            Map.entry("kinesis.maxFetchRecordsPerShard", "20000"));
    assertThat(new EmrKinesisSource(source("kinesis", "SubscribeToShard")).options())
        .containsEntry("kinesis.consumerType", "SubscribeToShard")
        .containsEntry("kinesis.consumerName", "cardstream-scoring");
  }

  @Test
  void kinesisOptionsForTheProjectsConnector() {
    SourceConfig s = source("kinesis", "GetRecords", "cardstream");
    assertThat(ScoringStream.source(s)).isInstanceOf(CardstreamKinesisSource.class);
    assertThat(ScoringStream.source(source("kinesis", "GetRecords", "emr")))
        .isInstanceOf(EmrKinesisSource.class);
    assertThat(new CardstreamKinesisSource(s).options())
        .containsExactly(
            Map.entry("streamname", "tx-stream"),
            Map.entry("region", "eu-west-1"),
            Map.entry("startingposition", "TRIM_HORIZON"),
            Map.entry("maxrecordspertrigger", "20000"));
  }
}

package io.cardstream.streaming;

import io.cardstream.common.cli.JobMain;
import io.cardstream.common.kafka.KafkaAuthOptions;
import io.cardstream.common.privacy.PanTokenizer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * spark-submit entry point of the scoring stream: options → {@link StreamConfig} → {@link
 * ScoringStream} on the real source and sinks; runs until the query stops (or fails).
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description =
        "Score card transactions from Kafka or Kinesis into Delta, DynamoDB and decision topics, exactly once.")
public final class ScoringStreamJob implements Callable<Integer> {

  @Mixin StreamOptions options;

  @Mixin KafkaAuthOptions kafkaAuth;

  @Option(
      names = "--kafka-bootstrap",
      required = true,
      description = "Kafka bootstrap servers (input when --source kafka; decision topics always).")
  String kafkaBootstrap;

  @Option(names = "--lake", required = true, description = "Delta lake root (file:, s3a:, s3:).")
  String lake;

  @Option(names = "--checkpoint", required = true, description = "Checkpoint location.")
  String checkpoint;

  @Option(names = "--registry", required = true, description = "Model registry root.")
  String registry;

  @Option(
      names = "--dynamodb-endpoint",
      description = "DynamoDB endpoint override (DynamoDB Local).")
  String dynamodbEndpoint;

  @Option(
      names = "--status-file",
      description = "Where to keep the JSON snapshot of the latest batch.")
  String statusFile;

  public StreamConfig config() {
    return options
        .applyTo(StreamConfig.builder())
        .kafkaBootstrap(kafkaBootstrap)
        .kafkaAuth(kafkaAuth.resolve())
        .lakeRoot(lake)
        .checkpoint(checkpoint)
        .registry(registry)
        .dynamodbEndpoint(dynamodbEndpoint)
        .statusFile(statusFile)
        .build();
  }

  @Override
  public Integer call() throws Exception {
    StreamConfig c = config();
    ScoringStream.onServices(c, PanTokenizer.fromEnvironment())
        .run(JobMain.session("cardstream-scoring"));
    return 0;
  }

  public static void main(String[] args) {
    JobMain.run(new ScoringStreamJob(), args);
  }
}

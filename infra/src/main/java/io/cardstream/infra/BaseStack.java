package io.cardstream.infra;

import io.cardstream.common.lake.Lake;
import java.nio.file.Path;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The first stack: network, encryption key, buckets, DynamoDB tables, Glue catalog, Kafka and
 * Kinesis, secrets and alerting. Everything the jobs write to or read from; deployed before the
 * jars and DAGs are uploaded and the topics created.
 */
final class BaseStack extends Stack {

  final Key key;
  final Network network;
  final Storage storage;
  final Tables tables;
  final GlueCatalog glue;
  final StreamingInput input;
  final Secrets secrets;
  final Alerting alerting;
  final CollectorRepository collectorRepository;

  BaseStack(Construct scope, String id, InfraConfig config, Path repo) {
    super(
        scope,
        id,
        StackProps.builder()
            .description("cardstream base: network, key, lake, tables, catalog, Kafka/Kinesis")
            .build());
    key = DataKey.create(this);
    network = new Network(this, "Network", key);
    storage = new Storage(this, "Storage", key);
    tables = new Tables(this, "Tables", key);
    glue = new GlueCatalog(this, "Glue", repo, storage.lakeRoot());
    input = new StreamingInput(this, "Input", config, network, key);
    secrets = new Secrets(this, "Secrets", key);
    alerting = new Alerting(this, "Alerting", config, key);
    collectorRepository = new CollectorRepository(this, "CollectorImages", key);

    Outputs.add(this, "LakeRoot", storage.lakeRoot(), "--lake of every job");
    Outputs.add(
        this,
        "ModelRegistry",
        new Lake(storage.lakeRoot()).modelRegistry(),
        "--registry of the stream and training");
    Outputs.add(
        this,
        "StreamCheckpoint",
        storage.lakeBucketUri(Layout.STREAM_CHECKPOINT),
        "the stream's checkpoint: never change it");
    Outputs.add(
        this,
        "DeltaLogTable",
        Tables.deltaLogName(),
        "--delta-log-table of the stream, maintenance and analytics (the Delta commit ledger)");
    Outputs.add(this, "JarsUri", storage.jarsUri(), "upload the *-emr.jar files here");
    Outputs.add(
        this,
        "DagsUri",
        "s3://" + storage.artifacts.getBucketName() + "/" + Layout.DAGS,
        "upload airflow-dags/dags/ here");
    Outputs.add(this, "KafkaBootstrap", input.kafkaBootstrap, "MSK Serverless, SASL/IAM");
    Outputs.add(
        this, "KafkaClusterArn", input.kafka.getAttrArn(), "create the topics on this cluster");
    input.kinesis.ifPresent(
        s -> Outputs.add(this, "KinesisStream", s.getStreamName(), "the transactions stream"));
    Outputs.add(this, "PanKeySecret", secrets.panKey.getSecretArn(), "--token-key-secret-id");
    Outputs.add(this, "LinkKeySecret", secrets.linkKey.getSecretArn(), "--link-key-secret-id");
    Outputs.add(
        this, "ApiKeysSecret", secrets.apiKeys.getSecretArn(), "collector --api-keys-secret-id");
    Outputs.add(
        this,
        "CollectorRepository",
        collectorRepository.repository.getRepositoryUri(),
        "push the collector image here (Jib)");
    Outputs.add(this, "AlertsTopic", alerting.topic.getTopicArn(), "subscribe operators here");
  }
}

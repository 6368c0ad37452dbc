package io.cardstream.local.stack;

import io.cardstream.common.aws.DynamoDbTarget;
import io.cardstream.common.aws.KinesisTarget;
import io.cardstream.common.aws.SdkClients;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaAuthOptions;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.lake.WarehouseLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * How to reach the running local stack. Credentials are the fixed, local-only ones the embedded
 * services accept; nothing here is a secret. {@code s3Endpoint} and {@code kinesisEndpoint} are
 * null when the stack runs without them; {@code kafkaProperties} is the Kafka client properties
 * file (SCRAM credentials and the stack's CA) when the broker runs SASL_SSL, else null.
 */
public record Endpoints(
    String kafkaBootstrap,
    String dynamodbEndpoint,
    String postgresJdbcUrl,
    String postgresUser,
    String s3Endpoint,
    String s3AccessKey,
    String s3SecretKey,
    String s3Bucket,
    String collectorUrl,
    String smtp,
    String kinesisEndpoint,
    String kafkaProperties) {

  public static final String REGION = SdkClients.DEFAULT_REGION;

  /** The local PostgreSQL's database: the warehouse (schema fraud) lives in it. */
  public static final String POSTGRES_DATABASE = "postgres";

  /** The user the warehouse load connects as: the loader, not {@link #postgresUser} (superuser). */
  public String warehouseUser() {
    return WarehouseLoader.USER;
  }

  /** DynamoDB Local's tables (no prefix). */
  public DynamoDbTarget dynamodb() {
    return DynamoDbTarget.local(dynamodbEndpoint);
  }

  /**
   * The stack's Kinesis stream on its emulator.
   *
   * @throws IllegalStateException when the stack runs without Kinesis
   */
  public KinesisTarget kinesis() {
    if (kinesisEndpoint == null) {
      throw new IllegalStateException(
          "the local stack runs without Kinesis: start it with `bin/cardstream stack up"
              + " --with-kinesis`");
    }
    return new KinesisTarget(Topics.KINESIS_TRANSACTIONS, kinesisEndpoint, REGION);
  }

  /** How the stack's Kafka clients authenticate: SCRAM from the properties file, or none. */
  public KafkaAuth kafkaAuth() {
    return kafkaProperties == null
        ? KafkaAuth.NONE
        : KafkaAuthOptions.resolve(KafkaAuth.Mode.SCRAM, null, Path.of(kafkaProperties));
  }

  /** The {@link KafkaAuthOptions} that give a child process the same authentication. */
  public List<String> kafkaAuthArgs() {
    return kafkaProperties == null
        ? List.of()
        : KafkaAuthOptions.args(KafkaAuth.Mode.SCRAM, Path.of(kafkaProperties));
  }

  /** Where the services of a stack with this configuration listen. */
  public static Endpoints of(StackConfig c) {
    boolean s3 = c.withS3();
    return new Endpoints(
        "127.0.0.1:" + c.kafkaPort(),
        "http://127.0.0.1:" + c.dynamodbPort(),
        "jdbc:postgresql://127.0.0.1:" + c.postgresPort() + "/" + POSTGRES_DATABASE,
        "postgres",
        s3 ? "http://127.0.0.1:" + c.s3Port() : null,
        s3 ? S3Service.ACCESS_KEY : null,
        s3 ? S3Service.SECRET_KEY : null,
        s3 ? S3Service.BUCKET : null,
        "http://127.0.0.1:" + c.collectorPort(),
        "127.0.0.1:" + c.smtpPort(),
        c.withKinesis() ? "http://127.0.0.1:" + c.kinesisPort() : null,
        c.kafkaScram() ? c.layout().kafkaClientProperties().toString() : null);
  }
}

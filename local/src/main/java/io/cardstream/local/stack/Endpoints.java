package io.cardstream.local.stack;

/**
 * How to reach the running local stack. Credentials are the fixed, local-only ones the embedded
 * services accept; nothing here is a secret. {@code s3Endpoint} and {@code kinesisEndpoint} are
 * null when the stack runs without them.
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
    String kinesisEndpoint) {

  public static final String REGION = "us-east-1";

  /** Where the services of a stack with this configuration listen. */
  public static Endpoints of(StackConfig c) {
    boolean s3 = c.withS3();
    return new Endpoints(
        "127.0.0.1:" + c.kafkaPort(),
        "http://127.0.0.1:" + c.dynamodbPort(),
        "jdbc:postgresql://127.0.0.1:" + c.postgresPort() + "/postgres",
        "postgres",
        s3 ? "http://127.0.0.1:" + c.s3Port() : null,
        s3 ? S3Service.ACCESS_KEY : null,
        s3 ? S3Service.SECRET_KEY : null,
        s3 ? S3Service.BUCKET : null,
        "http://127.0.0.1:" + c.collectorPort(),
        "127.0.0.1:" + c.smtpPort(),
        c.withKinesis() ? "http://127.0.0.1:" + c.kinesisPort() : null);
  }
}

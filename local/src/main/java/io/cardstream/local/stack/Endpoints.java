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
}

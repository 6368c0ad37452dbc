package io.cardstream.local.stack;

/**
 * How to reach the running local stack. Credentials are the fixed, local-only ones the embedded
 * services accept; nothing here is a secret.
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
    String smtp) {

  public static final String REGION = "us-east-1";
}

package io.cardstream.local.stack;

import io.cardstream.streaming.StreamConfig;

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
    String s3Bucket) {

  public static final String REGION = "us-east-1";

  /**
   * The scoring stream's settings against this stack (its Kafka, DynamoDB Local and region), the
   * rest at the job's defaults; the caller adds the lake, checkpoint and registry.
   */
  public StreamConfig.Builder streamConfig() {
    return StreamConfig.builder()
        .kafkaBootstrap(kafkaBootstrap)
        .dynamodbEndpoint(dynamodbEndpoint)
        .dynamodbRegion(REGION);
  }
}

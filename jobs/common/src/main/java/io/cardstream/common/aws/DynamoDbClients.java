package io.cardstream.common.aws;

import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB clients for AWS and for DynamoDB Local, the same but for the endpoint. */
public final class DynamoDbClients {

  private DynamoDbClients() {}

  /**
   * A client for AWS (endpoint null) or DynamoDB Local (see {@link SdkClients}).
   *
   * @param socketTimeout how long one call may wait for its answer
   */
  public static DynamoDbClient create(String endpoint, String region, Duration socketTimeout) {
    return SdkClients.build(DynamoDbClient.builder(), endpoint, region, socketTimeout);
  }
}

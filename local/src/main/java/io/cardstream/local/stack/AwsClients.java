package io.cardstream.local.stack;

import io.cardstream.common.aws.DynamoDbClients;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** AWS SDK v2 clients pointed at the local stand-ins (endpoint override only). */
public final class AwsClients {

  private AwsClients() {}

  public static DynamoDbClient dynamodb(Endpoints e) {
    // Long enough for a full-table Scan of DynamoDB Local on a busy machine.
    return DynamoDbClients.create(e.dynamodbEndpoint(), Endpoints.REGION, Duration.ofSeconds(60));
  }
}

package io.cardstream.local.stack;

import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** AWS SDK v2 clients pointed at the local stand-ins (endpoint override only). */
public final class AwsClients {

  private AwsClients() {}

  public static DynamoDbClient dynamodb(Endpoints e) {
    // Long enough for a full-table Scan of DynamoDB Local on a busy machine.
    return e.dynamodb().client(Duration.ofSeconds(60));
  }

  /** The Kinesis emulator's client; the stack must run with it ({@code --with-kinesis}). */
  public static KinesisClient kinesis(Endpoints e) {
    return e.kinesis().client(Duration.ofSeconds(30));
  }
}

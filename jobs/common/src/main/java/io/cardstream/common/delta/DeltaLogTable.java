package io.cardstream.common.delta;

import io.cardstream.common.lake.DynamoTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The ledger table of {@link DynamoDbLogStore} ({@link DynamoTables#DELTA_LOG}): string keys {@code
 * tablePath} (HASH) and {@code fileName} (RANGE), on-demand, TTL on {@code expireTime}. The store
 * never creates it (its role has no CreateTable on AWS, where the CDK makes it); the local stack
 * and the tests create it here.
 */
public final class DeltaLogTable {

  private DeltaLogTable() {}

  public static CreateTableRequest createRequest(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            DynamoTables.DELTA_LOG_KEY.stream()
                .map(
                    a ->
                        AttributeDefinition.builder()
                            .attributeName(a)
                            .attributeType(ScalarAttributeType.S)
                            .build())
                .toList())
        .keySchema(
            key(DynamoTables.DELTA_LOG_KEY.get(0), KeyType.HASH),
            key(DynamoTables.DELTA_LOG_KEY.get(1), KeyType.RANGE))
        .build();
  }

  /**
   * Creates the table with TTL on {@link DynamoTables#DELTA_LOG_TTL} unless it exists.
   *
   * @return true if it was created
   */
  public static boolean createIfMissing(DynamoDbClient ddb, String name) {
    try {
      ddb.createTable(createRequest(name));
    } catch (ResourceInUseException exists) {
      return false;
    }
    ddb.waiter().waitUntilTableExists(r -> r.tableName(name));
    ddb.updateTimeToLive(
        u ->
            u.tableName(name)
                .timeToLiveSpecification(
                    t -> t.attributeName(DynamoTables.DELTA_LOG_TTL).enabled(true)));
    return true;
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}

package io.cardstream.infra;

import io.cardstream.common.lake.Contract;
import io.cardstream.common.lake.DynamoTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * The DynamoDB tables of the contract ({@link Contract#describe()}'s {@code dynamodb_tables}:
 * names, keys, indexes, TTL attribute), so a table the jobs add is deployed without retyping it. On
 * demand, PITR, KMS, deletion protection; every key attribute is a string. The Delta commit ledger
 * ({@link DynamoTables#DELTA_LOG}) is one of them. Flags are not a table: they live on the
 * compacted topic {@code flagged_accounts}.
 */
final class Tables extends Construct {

  /** Deployed name -> table. */
  final Map<String, Table> byName = new LinkedHashMap<>();

  @SuppressWarnings("unchecked")
  Tables(Construct scope, String id, IKey key) {
    super(scope, id);
    var tables = (Map<String, Map<String, Object>>) Contract.describe().get("dynamodb_tables");
    tables.forEach(
        (name, spec) -> {
          List<String> keys = (List<String>) spec.get("key");
          String deployed = DynamoTables.name(Layout.DYNAMODB_TABLE_PREFIX, name);
          Table.Builder b =
              Table.Builder.create(this, name)
                  .tableName(deployed)
                  .partitionKey(string(keys.get(0)))
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .pointInTimeRecoverySpecification(
                      PointInTimeRecoverySpecification.builder()
                          .pointInTimeRecoveryEnabled(true)
                          .build())
                  .encryption(TableEncryption.CUSTOMER_MANAGED)
                  .encryptionKey(key)
                  .deletionProtection(true)
                  .removalPolicy(RemovalPolicy.RETAIN);
          if (keys.size() > 1) {
            b.sortKey(string(keys.get(1)));
          }
          if (spec.get("ttl") instanceof String ttl) {
            b.timeToLiveAttribute(ttl);
          }
          Table table = b.build();
          var indexes = (Map<String, List<String>>) spec.getOrDefault("indexes", Map.of());
          indexes.forEach(
              (index, indexKeys) ->
                  table.addGlobalSecondaryIndex(
                      GlobalSecondaryIndexProps.builder()
                          .indexName(index)
                          .partitionKey(string(indexKeys.get(0)))
                          .sortKey(indexKeys.size() > 1 ? string(indexKeys.get(1)) : null)
                          .projectionType(ProjectionType.ALL)
                          .build()));
          byName.put(deployed, table);
        });
  }

  /**
   * The Delta commit ledger's deployed name: the stream's and the nightly jobs' --delta-log-table.
   */
  static String deltaLogName() {
    return DynamoTables.name(Layout.DYNAMODB_TABLE_PREFIX, DynamoTables.DELTA_LOG);
  }

  /** The Delta commit ledger. */
  Table deltaLog() {
    return byName.get(deltaLogName());
  }

  private static Attribute string(String name) {
    return Attribute.builder().name(name).type(AttributeType.STRING).build();
  }
}

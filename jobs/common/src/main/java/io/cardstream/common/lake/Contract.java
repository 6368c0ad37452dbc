package io.cardstream.common.lake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole contract as plain maps (the JSON shape of {@code bin/cardstream jobs --json}), for the
 * code that cannot link against this package: the Airflow DAGs read their copy of it and a test
 * checks the copy against this.
 */
public final class Contract {

  private Contract() {}

  public static Map<String, Object> describe() {
    Map<String, Object> tables = new LinkedHashMap<>();
    for (LakeTable t : LakeTable.values()) {
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("path", t.path());
      table.put("partition_column", t.partitionColumn());
      table.put("catalog_name", t.catalogName());
      tables.put(t.name().toLowerCase(Locale.ROOT), table);
    }
    Map<String, Object> transactions = new LinkedHashMap<>();
    transactions.put("key", DynamoTables.TRANSACTIONS_KEY);
    transactions.put("indexes", Map.of(DynamoTables.BY_MERCHANT, DynamoTables.BY_MERCHANT_KEY));
    Map<String, Object> dynamodb = new LinkedHashMap<>();
    dynamodb.put(DynamoTables.TRANSACTIONS, transactions);
    dynamodb.put(DynamoTables.FRAUD_AUDIT, Map.of("key", DynamoTables.FRAUD_AUDIT_KEY));
    dynamodb.put(DynamoTables.CONTACTS, Map.of("key", DynamoTables.CONTACTS_KEY));
    dynamodb.put(
        DynamoTables.ALERT_NOTIFICATIONS, Map.of("key", DynamoTables.ALERT_NOTIFICATIONS_KEY));
    // The Delta commit ledger: its items expire (DynamoDB TTL) once their commit is in the log.
    Map<String, Object> deltaLog = new LinkedHashMap<>();
    deltaLog.put("key", DynamoTables.DELTA_LOG_KEY);
    deltaLog.put("ttl", DynamoTables.DELTA_LOG_TTL);
    dynamodb.put(DynamoTables.DELTA_LOG, deltaLog);
    Map<String, Object> warehouse = new LinkedHashMap<>();
    warehouse.put("schema", WarehouseTable.SCHEMA);
    // The user the load runs as (owner of the schema): the local DAG passes it as --user.
    warehouse.put("loader_user", WarehouseLoader.USER);
    warehouse.put(
        "tables",
        List.of(WarehouseTable.values()).stream().map(WarehouseTable::tableName).toList());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("lake_tables", tables);
    Map<String, Object> paths = new LinkedHashMap<>();
    paths.put("model_registry", Lake.MODEL_REGISTRY);
    paths.put("warehouse_staging", Lake.WAREHOUSE_STAGING);
    paths.put("feedback_labels_checkpoint", Lake.FEEDBACK_LABELS_CHECKPOINT);
    out.put("lake_paths", paths);
    out.put("topics", Topics.ALL);
    out.put("compacted_topics", Topics.COMPACTED);
    out.put("dynamodb_tables", dynamodb);
    out.put("warehouse", warehouse);
    return out;
  }
}

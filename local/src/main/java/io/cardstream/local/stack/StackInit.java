package io.cardstream.local.stack;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates the topics, tables and schema the pipeline needs (TARGET.md §4). Idempotent: what exists
 * is left as it is.
 */
public final class StackInit {

  public static final String TOPIC_TRANSACTIONS = "transactions";
  public static final List<String> TOPICS =
      List.of(
          TOPIC_TRANSACTIONS,
          "decisions.approved",
          "decisions.declined",
          "alerts",
          "transactions.dlq",
          "cardstream.sink-commits");
  public static final String TABLE_TRANSACTIONS = "transactions";
  public static final String TABLE_FRAUD_AUDIT = "fraud_audit";
  public static final String INDEX_BY_MERCHANT = "by_merchant";
  public static final String WAREHOUSE_SCHEMA = "fraud";

  private StackInit() {}

  public static void run(Endpoints e, PrintStream out) {
    out.println("  topics:   " + createTopics(e.kafkaBootstrap()));
    out.println("  dynamodb: " + createTables(e));
    out.println("  postgres: " + createSchema(e));
  }

  static String createTopics(String bootstrap) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          TOPICS.stream()
              .filter(t -> !existing.contains(t))
              // Two partitions: enough to exercise keyed partitioning on two cores.
              .map(t -> new NewTopic(t, 2, (short) 1))
              .toList();
      try {
        admin.createTopics(missing).all().get();
      } catch (ExecutionException ex) {
        if (!(ex.getCause() instanceof TopicExistsException)) {
          throw ex;
        }
      }
      return missing.isEmpty()
          ? "all present " + TOPICS
          : "created " + missing.stream().map(NewTopic::name).toList();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", ex);
    } catch (ExecutionException ex) {
      throw new IllegalStateException(
          "creating Kafka topics failed: " + ex.getCause().getMessage(), ex);
    }
  }

  static String createTables(Endpoints e) {
    try (DynamoDbClient ddb = AwsClients.dynamodb(e)) {
      boolean a =
          create(
              ddb,
              CreateTableRequest.builder()
                  .tableName(TABLE_TRANSACTIONS)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      attr("card_id"), attr("event_time_trans_num"), attr("merchant"))
                  .keySchema(
                      key("card_id", KeyType.HASH), key("event_time_trans_num", KeyType.RANGE))
                  .globalSecondaryIndexes(
                      GlobalSecondaryIndex.builder()
                          .indexName(INDEX_BY_MERCHANT)
                          .keySchema(
                              key("merchant", KeyType.HASH),
                              key("event_time_trans_num", KeyType.RANGE))
                          .projection(
                              Projection.builder().projectionType(ProjectionType.ALL).build())
                          .build())
                  .build());
      boolean b =
          create(
              ddb,
              CreateTableRequest.builder()
                  .tableName(TABLE_FRAUD_AUDIT)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(attr("trans_num"))
                  .keySchema(key("trans_num", KeyType.HASH))
                  .build());
      return (a ? "created " : "present ")
          + TABLE_TRANSACTIONS
          + " (GSI "
          + INDEX_BY_MERCHANT
          + "), "
          + (b ? "created " : "present ")
          + TABLE_FRAUD_AUDIT;
    }
  }

  private static boolean create(DynamoDbClient ddb, CreateTableRequest req) {
    try {
      ddb.createTable(req);
      ddb.waiter().waitUntilTableExists(r -> r.tableName(req.tableName()));
      return true;
    } catch (ResourceInUseException exists) {
      return false;
    }
  }

  private static AttributeDefinition attr(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  static String createSchema(Endpoints e) {
    try (Connection c = DriverManager.getConnection(e.postgresJdbcUrl(), e.postgresUser(), "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + WAREHOUSE_SCHEMA);
      return "schema " + WAREHOUSE_SCHEMA + " present";
    } catch (SQLException ex) {
      throw new IllegalStateException(
          "creating the warehouse schema failed: " + ex.getMessage(), ex);
    }
  }
}

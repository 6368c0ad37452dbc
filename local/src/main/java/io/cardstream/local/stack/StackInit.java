package io.cardstream.local.stack;

import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.lake.WarehouseLoader;
import io.cardstream.common.lake.WarehouseTable;
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
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Creates the topics, tables and schema the pipeline needs. Idempotent: what exists is left as it
 * is.
 */
public final class StackInit {

  private StackInit() {}

  public static void run(Endpoints e, PrintStream out) {
    out.println("  topics:   " + createTopics(e.kafkaBootstrap(), e.kafkaAuth()));
    out.println("  dynamodb: " + createTables(e));
    out.println("  postgres: " + createSchema(e));
    if (e.kinesisEndpoint() != null) {
      out.println("  kinesis:  " + createStreams(e));
    }
  }

  /** Two shards, as the topics have two partitions: enough to exercise per-card ordering. */
  static String createStreams(Endpoints e) {
    String name = Topics.KINESIS_TRANSACTIONS;
    try (KinesisClient k = AwsClients.kinesis(e)) {
      try {
        k.createStream(r -> r.streamName(name).shardCount(2));
      } catch (software.amazon.awssdk.services.kinesis.model.ResourceInUseException exists) {
        return "present " + name;
      }
      k.waiter().waitUntilStreamExists(r -> r.streamName(name));
      return "created " + name + " (2 shards)";
    }
  }

  /**
   * Empties DynamoDB tables a run owns (a demo on a stack that was already running), by dropping
   * and creating them again.
   */
  public static void resetTables(Endpoints e, List<String> tables) {
    try (DynamoDbClient ddb = AwsClients.dynamodb(e)) {
      for (String t : tables) {
        try {
          ddb.deleteTable(r -> r.tableName(t));
          ddb.waiter().waitUntilTableNotExists(r -> r.tableName(t));
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException absent) {
          // nothing to empty
        }
      }
    }
    createTables(e);
  }

  static String createTopics(String bootstrap, KafkaAuth auth) {
    try (Admin admin = KafkaClients.admin(bootstrap, auth, Map.of())) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          Topics.ALL.stream()
              .filter(t -> !existing.contains(t))
              // Two partitions: enough to exercise keyed partitioning on two cores. The control
              // topics keep the latest value of every key for ever.
              .map(
                  t ->
                      new NewTopic(t, 2, (short) 1)
                          .configs(
                              Topics.COMPACTED.contains(t)
                                  ? Map.of("cleanup.policy", "compact")
                                  : Map.of()))
              .toList();
      try {
        admin.createTopics(missing).all().get();
      } catch (ExecutionException ex) {
        if (!(ex.getCause() instanceof TopicExistsException)) {
          throw ex;
        }
      }
      return missing.isEmpty()
          ? "all present " + Topics.ALL
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
                  .tableName(DynamoTables.TRANSACTIONS)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      attr(DynamoTables.TRANSACTIONS_KEY.get(0)),
                      attr(DynamoTables.TRANSACTIONS_KEY.get(1)),
                      attr(DynamoTables.BY_MERCHANT_KEY.get(0)))
                  .keySchema(keys(DynamoTables.TRANSACTIONS_KEY))
                  .globalSecondaryIndexes(
                      GlobalSecondaryIndex.builder()
                          .indexName(DynamoTables.BY_MERCHANT)
                          .keySchema(keys(DynamoTables.BY_MERCHANT_KEY))
                          .projection(
                              Projection.builder().projectionType(ProjectionType.ALL).build())
                          .build())
                  .build());
      List<String> done = new java.util.ArrayList<>();
      done.add(
          (a ? "created " : "present ")
              + DynamoTables.TRANSACTIONS
              + " (GSI "
              + DynamoTables.BY_MERCHANT
              + ")");
      // The tables keyed by string attributes only.
      for (Map.Entry<String, List<String>> t :
          Map.of(
                  DynamoTables.FRAUD_AUDIT, DynamoTables.FRAUD_AUDIT_KEY,
                  DynamoTables.CONTACTS, DynamoTables.CONTACTS_KEY,
                  DynamoTables.ALERT_NOTIFICATIONS, DynamoTables.ALERT_NOTIFICATIONS_KEY)
              .entrySet()
              .stream()
              .sorted(Map.Entry.comparingByKey())
              .toList()) {
        boolean created =
            create(
                ddb,
                CreateTableRequest.builder()
                    .tableName(t.getKey())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(t.getValue().stream().map(StackInit::attr).toList())
                    .keySchema(keys(t.getValue()))
                    .build());
        done.add((created ? "created " : "present ") + t.getKey());
      }
      return String.join(", ", done);
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

  /** A hash key, and a range key when there are two names. */
  private static List<KeySchemaElement> keys(List<String> names) {
    List<KeySchemaElement> out = new java.util.ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      out.add(
          KeySchemaElement.builder()
              .attributeName(names.get(i))
              .keyType(i == 0 ? KeyType.HASH : KeyType.RANGE)
              .build());
    }
    return out;
  }

  /**
   * The warehouse loader (a login role) and its rights, as the superuser: the same grants the
   * CardstreamWarehouse stack gives it on Redshift. The schema is the loader's; the load connects
   * as it.
   */
  static String createSchema(Endpoints e) {
    try (Connection c = DriverManager.getConnection(e.postgresJdbcUrl(), e.postgresUser(), "");
        Statement s = c.createStatement()) {
      for (String sql : WarehouseLoader.postgres(e.warehouseUser(), Endpoints.POSTGRES_DATABASE)) {
        s.execute(sql);
      }
      return "schema " + WarehouseTable.SCHEMA + " present, owned by " + e.warehouseUser();
    } catch (SQLException ex) {
      throw new IllegalStateException(
          "creating the warehouse schema failed: " + ex.getMessage(), ex);
    }
  }
}

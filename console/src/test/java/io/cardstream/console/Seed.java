package io.cardstream.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Topics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What a demo run leaves behind, written into real services and files the way the jobs write them:
 * the decision topics through a transactional producer with the stream's batch markers (one batch
 * aborted, which read_committed readers must not see), the dead-letter topic, raw transactions with
 * card numbers and names (which the console must mask), the review queue's items in DynamoDB, the
 * warehouse's load audit through the project's own DDL, the stream's status file and checkpoint in
 * Spark's format, the model registry and Delta commit logs (real files of a demo run, under
 * src/test/resources). The numbers below are what the pages must show.
 */
final class Seed {

  static final String PAN = "4111111111111111";
  static final String FIRST = "Jennifer";
  static final String LAST = "Banks";
  static final String STREET = "561 Perry Cove";

  /** Decisions on the topics: 264 APPROVE, 24 REVIEW, 12 DECLINE; 5 more DECLINE aborted. */
  static final int DECISIONS = 300;

  static final long APPROVE = 264;
  static final long REVIEW = 24;
  static final long DECLINE = 12;
  static final int TRANSACTIONS_PER_PARTITION = 20;

  /** The checkpoint's last batch ends at 15 on both partitions: 2 x 5 records waiting. */
  static final long LAG = 10;

  static final String CHAMPION = "v-it-champion";
  static final String OLD_MODEL = "v-it-first";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Seed() {}

  static void kafka(String bootstrap, Instant now) throws Exception {
    topics(bootstrap);
    // Raw events as a replayer writes them: with the card number and the cardholder's name.
    try (KafkaProducer<String, String> p =
        KafkaClients.producer(bootstrap, KafkaAuth.NONE, Map.of())) {
      for (int part = 0; part < 2; part++) {
        for (int i = 0; i < TRANSACTIONS_PER_PARTITION; i++) {
          ObjectNode e = JSON.createObjectNode();
          e.put("trans_num", "t-" + part + "-" + i);
          e.put("trans_date_trans_time", "2019-03-01 09:00:00");
          e.put("cc_num", PAN);
          e.put("first", FIRST);
          e.put("last", LAST);
          e.put("street", STREET);
          e.put("dob", "1988-03-09");
          e.put("amt", 10.0 + i);
          e.put("merchant", "fraud_Kirlin and Sons");
          p.send(new ProducerRecord<>(Topics.TRANSACTIONS, part, "token-" + i, e.toString())).get();
        }
      }
      // The dead-letter topic: masked by the stream, except one payload that is not (the console
      // masks again whatever it shows).
      String[] reasons = {
        "BAD_CARD_NUMBER",
        "BAD_CARD_NUMBER",
        "BAD_CARD_NUMBER",
        "BAD_CARD_NUMBER",
        "MISSING_ID",
        "MISSING_ID"
      };
      for (int i = 0; i < reasons.length; i++) {
        ObjectNode d = JSON.createObjectNode();
        d.put("reason", reasons[i]);
        d.put("detail", "seeded reject " + i);
        d.put(
            "payload",
            i == 0 ? "{\"cc_num\": \"" + PAN + "\", \"first\": \"" + FIRST + "\"}" : "{}");
        d.put("source", "kafka");
        p.send(
                new ProducerRecord<>(
                    Topics.DLQ,
                    null,
                    now.minusSeconds(500 - 60L * i).toEpochMilli(),
                    "k" + i,
                    d.toString()))
            .get();
      }
    }
    // The decisions, as the stream's topics sink writes them: in Kafka transactions of a batch
    // each, with the batch's marker on the commits topic.
    try (KafkaProducer<String, String> p =
        KafkaClients.producer(
            bootstrap,
            KafkaAuth.NONE,
            Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cardstream-scoring-it"))) {
      p.initTransactions();
      int batch = 0;
      for (int i = 0; i < DECISIONS; i++) {
        if (i % 50 == 0) {
          p.beginTransaction();
        }
        long ts = now.minusSeconds(600 - 2L * i).toEpochMilli();
        String decision = i % 25 == 0 ? "DECLINE" : i % 25 <= 2 ? "REVIEW" : "APPROVE";
        double score =
            decision.equals("DECLINE")
                ? 0.95
                : decision.equals("REVIEW") ? 0.61 : 0.01 + (i % 10) * 0.01;
        List<String> why =
            decision.equals("DECLINE")
                ? List.of("score_above_decline", "amount_over_1000")
                : decision.equals("REVIEW") ? List.of("score_above_review") : List.of();
        String value = decision("d-" + i, decision, score, why);
        if (decision.equals("APPROVE")) {
          p.send(new ProducerRecord<>(Topics.APPROVED, null, ts, "d-" + i, value));
        } else {
          p.send(new ProducerRecord<>(Topics.DECLINED, null, ts, "d-" + i, value));
          p.send(new ProducerRecord<>(Topics.ALERTS, null, ts, "d-" + i, value));
        }
        if (i % 50 == 49) {
          p.send(new ProducerRecord<>(Topics.SINK_COMMITS, "it", Integer.toString(batch++)));
          p.commitTransaction();
        }
      }
      // A batch that failed after sending: aborted, so it never happened for read_committed.
      p.beginTransaction();
      for (int i = 0; i < 5; i++) {
        String value = decision("aborted-" + i, "DECLINE", 0.99, List.of("aborted_batch"));
        p.send(
            new ProducerRecord<>(
                Topics.DECLINED, null, now.minusSeconds(30).toEpochMilli(), "aborted-" + i, value));
      }
      p.flush();
      p.abortTransaction();
    }
  }

  /** Every topic of the pipeline, two partitions each (the broker creates none by itself). */
  static void topics(String bootstrap) throws Exception {
    try (Admin admin = KafkaClients.admin(bootstrap, KafkaAuth.NONE, Map.of())) {
      List<NewTopic> topics = new ArrayList<>();
      for (String t : Topics.ALL) {
        topics.add(new NewTopic(t, 2, (short) 1));
      }
      admin.createTopics(topics).all().get();
    }
  }

  private static String decision(String id, String decision, double score, List<String> reasons) {
    ObjectNode n = JSON.createObjectNode();
    n.put("trans_num", id);
    n.put("card_id", "c0ffee" + "ab".repeat(29));
    n.put("card_last4", "1111");
    n.put("event_time", "2019-03-01T09:00:00Z");
    n.put("amt", 42.5);
    n.put("merchant", "fraud_Kirlin and Sons");
    n.put("category", "shopping_net");
    n.put("score", score);
    n.put("decision", decision);
    n.set("reasons", JSON.valueToTree(reasons));
    n.set("rule_ids", JSON.valueToTree(reasons));
    n.put("model_version", CHAMPION);
    n.put("rules_version", "2026-11-22.1");
    return n.toString();
  }

  static DynamoDbClient dynamodb(String endpoint) {
    return DynamoDbClient.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create(endpoint))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static void dynamodb(DynamoDbClient ddb) {
    table(ddb, DynamoTables.FRAUD_AUDIT, DynamoTables.FRAUD_AUDIT_KEY);
    table(ddb, DynamoTables.TRANSACTIONS, DynamoTables.TRANSACTIONS_KEY);
    String cardA = "a1".repeat(32);
    put(
        ddb,
        audit(
            "case-a",
            cardA,
            "1111",
            "2019-03-01T09:00:00Z",
            120.5,
            "fraud_Lind-Buckridge",
            "REVIEW",
            0.61,
            List.of("score_above_review"),
            null,
            null));
    // A merchant with a card number in it (bad data): the page shows its last four only.
    put(
        ddb,
        audit(
            "case-b",
            "b2".repeat(32),
            "2222",
            "2019-02-01T10:00:00Z",
            1500.0,
            "Shop " + PAN,
            "DECLINE",
            0.97,
            List.of("score_above_decline", "amount_over_1000"),
            null,
            null));
    put(
        ddb,
        audit(
            "case-c",
            "c3".repeat(32),
            "3333",
            "2019-03-02T11:00:00Z",
            80.0,
            "fraud_Haley Group",
            "DECLINE",
            null,
            List.of("flagged_card"),
            "reported stolen",
            null));
    put(
        ddb,
        audit(
            "case-d",
            "d4".repeat(32),
            "4444",
            "2019-01-02T11:00:00Z",
            999.0,
            "fraud_Kutch LLC",
            "DECLINE",
            0.99,
            List.of("score_above_decline"),
            null,
            "confirmed_fraud"));
    for (int i = 0; i < 3; i++) {
      Map<String, AttributeValue> t = new HashMap<>();
      t.put("card_id", s(cardA));
      t.put("event_time_trans_num", s("2019-02-2" + i + "T18:00:00Z#h-" + i));
      t.put("trans_num", s("h-" + i));
      t.put("event_time", s("2019-02-2" + i + "T18:00:00Z"));
      t.put("amt", n(16.0 + i));
      t.put("merchant", s("fraud_History " + i));
      t.put("decision", s("APPROVE"));
      t.put("reasons", AttributeValue.builder().l(List.of()).build());
      t.put("score", n(0.01));
      put(ddb, DynamoTables.TRANSACTIONS, t);
    }
  }

  static Map<String, AttributeValue> audit(
      String id,
      String card,
      String last4,
      String time,
      double amt,
      String merchant,
      String decision,
      Double score,
      List<String> reasons,
      String flag,
      String status) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put("trans_num", s(id));
    m.put("card_id", s(card));
    m.put("card_last4", s(last4));
    m.put("event_time", s(time));
    m.put("amt", n(amt));
    m.put("merchant", s(merchant));
    m.put("category", s("shopping_net"));
    m.put("decision", s(decision));
    m.put("reasons", AttributeValue.builder().l(reasons.stream().map(Seed::s).toList()).build());
    m.put("rule_ids", AttributeValue.builder().l(reasons.stream().map(Seed::s).toList()).build());
    if (score != null) {
      m.put("score", n(score));
      m.put(
          "features",
          AttributeValue.builder().m(Map.of("amt_z", n(3.25), "km_from_home", n(812.5))).build());
    }
    m.put("model_version", s(CHAMPION));
    m.put("rules_version", s("2026-11-22.1"));
    if (flag != null) {
      m.put("flag_reason", s(flag));
    }
    if (status != null) {
      m.put("case_status", s(status));
      m.put("resolved_at", s("2026-12-01T10:00:00Z"));
      m.put("resolved_by", s("customer"));
      m.put("resolution_source", s("customer"));
    }
    return m;
  }

  static void put(DynamoDbClient ddb, Map<String, AttributeValue> item) {
    put(ddb, DynamoTables.FRAUD_AUDIT, item);
  }

  private static void put(DynamoDbClient ddb, String table, Map<String, AttributeValue> item) {
    ddb.putItem(p -> p.tableName(table).item(item));
  }

  private static void table(DynamoDbClient ddb, String name, List<String> keys) {
    List<AttributeDefinition> attrs = new ArrayList<>();
    List<KeySchemaElement> schema = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      attrs.add(
          AttributeDefinition.builder()
              .attributeName(keys.get(i))
              .attributeType(ScalarAttributeType.S)
              .build());
      schema.add(
          KeySchemaElement.builder()
              .attributeName(keys.get(i))
              .keyType(i == 0 ? KeyType.HASH : KeyType.RANGE)
              .build());
    }
    ddb.createTable(
        c ->
            c.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attrs)
                .keySchema(schema));
    ddb.waiter().waitUntilTableExists(r -> r.tableName(name));
  }

  static AttributeValue s(String v) {
    return AttributeValue.builder().s(v).build();
  }

  private static AttributeValue n(double v) {
    return AttributeValue.builder().n(Double.toString(v)).build();
  }

  /** The warehouse schema from the project's own migration, and a night's load audit. */
  static void warehouse(Path home, String url) throws Exception {
    String ddl = Files.readString(home.resolve("redshift-ddl/portable/V1__fraud_schema.sql"));
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS fraud");
      s.execute(ddl);
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO fraud.load_audit (run_date, table_name, manifest_url, rows_loaded, status,"
                  + " message, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        Object[][] rows = {
          {"2019-01-05", "fact_transactions", 43752L, "loaded", null, "2026-12-02 07:03:30"},
          {"2019-01-05", "regional_daily", 32057L, "loaded", null, "2026-12-02 07:03:31"},
          {"2019-01-05", "segment_daily", 7995L, "loaded", null, "2026-12-02 07:03:32"},
          {"2019-01-05", "merchant_daily", 26285L, "loaded", null, "2026-12-02 07:03:33"},
          {
            "2019-01-06",
            "fact_transactions",
            0L,
            "failed",
            "COPY failed: manifest entry missing",
            "2026-12-02 07:04:00"
          },
        };
        for (Object[] r : rows) {
          p.setObject(1, LocalDate.parse((String) r[0]));
          p.setString(2, (String) r[1]);
          p.setString(3, "file:/lake/staging/warehouse/" + r[0] + "/" + r[1] + "/manifest.json");
          p.setLong(4, (Long) r[2]);
          p.setString(5, (String) r[3]);
          p.setString(6, (String) r[4]);
          p.setTimestamp(7, java.sql.Timestamp.valueOf((String) r[5]));
          p.executeUpdate();
        }
      }
    }
  }

  /**
   * The stream's files: the status file of its last batch (finished 30 s ago) and a checkpoint of
   * five batches of 6 rows each, in Spark's formats.
   */
  static void streamFiles(Path state, Instant now) throws IOException {
    Path cp = state.resolve("checkpoints/scoring");
    Files.createDirectories(cp.resolve("offsets"));
    Files.createDirectories(cp.resolve("commits"));
    Files.createDirectories(cp.resolve("sources/0"));
    Files.writeString(cp.resolve("metadata"), "{\"id\":\"it-query\"}");
    Files.writeString(cp.resolve("sources/0/0"), "v1\n{\"transactions\":{\"1\":0,\"0\":0}}");
    for (int b = 0; b < 5; b++) {
      Instant planned = now.minusSeconds(300 - 60L * b);
      long end = 3L * (b + 1);
      Files.writeString(
          cp.resolve("offsets/" + b),
          "v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":"
              + planned.toEpochMilli()
              + ",\"conf\":{}}\n{\"transactions\":{\"1\":"
              + end
              + ",\"0\":"
              + end
              + "}}");
      Path commit = cp.resolve("commits/" + b);
      Files.writeString(commit, "v1\n{\"nextBatchWatermarkMs\":0}");
      Files.setLastModifiedTime(commit, FileTime.from(planned.plusMillis(1500 + 500L * b)));
    }
    ObjectNode s = JSON.createObjectNode();
    s.put("query_id", "it-query");
    s.put("batch_id", 4);
    s.put("timestamp", now.minusSeconds(30).toString());
    s.put("input_rows", 6);
    s.put("rows_per_second", 1.5);
    s.put("batch_duration_ms", 3500);
    s.set("decisions", JSON.valueToTree(Map.of("APPROVE", 5, "REVIEW", 1)));
    s.put("quarantined", 2);
    s.put("model_version", CHAMPION);
    s.put("rules_version", "2026-11-22.1");
    s.put("flagged_cards", 3);
    s.put("topics_written", true);
    s.set(
        "sinks_written",
        JSON.valueToTree(Map.of("bronze", true, "silver", true, "dynamodb", true, "topics", true)));
    s.set("step_ms", JSON.valueToTree(Map.of("state+parse", 900, "score", 700, "topics", 400)));
    ObjectNode t = s.putObject("totals_since_start");
    t.put("input_rows", 30);
    t.put("quarantined", 6);
    t.set("decisions", JSON.valueToTree(Map.of("APPROVE", 25, "REVIEW", 3, "DECLINE", 2)));
    Files.writeString(state.resolve("stream-status.json"), s.toPrettyString());
  }

  /** Two registry versions (real metrics.json of a demo run), curves, the champion pointer. */
  static void registry(Path registry) throws IOException {
    String metrics = resource("demo/registry/metrics.json");
    for (String v : List.of(OLD_MODEL, CHAMPION)) {
      ObjectNode m = (ObjectNode) JSON.readTree(metrics);
      m.put("version", v);
      m.put("created_at", v.equals(OLD_MODEL) ? "2026-12-01T05:03:14Z" : "2026-12-02T07:02:03Z");
      if (v.equals(CHAMPION)) {
        // The newest training took three answers as labels: two analysts', one customer's.
        ObjectNode fb = m.putObject("feedback");
        fb.put("table", "file:/lake/feedback/labels");
        fb.put("answers", 3);
        fb.put("matched_rows", 3);
        fb.put("labels_changed", 1);
        fb.put("labels_added", 0);
        fb.put("from_analysts", 2);
        fb.put("from_customers", 1);
      }
      Path dir = Files.createDirectories(registry.resolve(v).resolve("report"));
      Files.writeString(dir.getParent().resolve("metrics.json"), m.toPrettyString());
      Files.write(dir.resolve("pr_curve.png"), curve(true));
      Files.write(dir.resolve("roc_curve.png"), curve(false));
    }
    Files.writeString(registry.resolve("CHAMPION"), CHAMPION + "\n");
  }

  /** A small PNG with a curve, as the trainer's report has (xchart's own are larger). */
  private static byte[] curve(boolean pr) throws IOException {
    BufferedImage img = new BufferedImage(360, 260, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 360, 260);
    g.setColor(new Color(0, 114, 178));
    g.setStroke(new BasicStroke(3));
    int prevX = 20;
    int prevY = pr ? 30 : 240;
    for (int x = 20; x <= 340; x += 10) {
      double f = (x - 20) / 320.0;
      int y = (int) (pr ? 30 + 200 * f * f : 240 - 210 * Math.sqrt(f));
      g.drawLine(prevX, prevY, x, y);
      prevX = x;
      prevY = y;
    }
    g.dispose();
    var out = new java.io.ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** Delta commit logs as the jobs wrote them in a demo run: analytics, the labels job. */
  static void lake(Path lake) throws IOException {
    Path gold = Files.createDirectories(lake.resolve("gold/regional_daily/_delta_log"));
    Files.writeString(
        gold.resolve("00000000000000000000.json"), resource("demo/delta/gold-write.json"));
    Path labels = Files.createDirectories(lake.resolve("feedback/labels/_delta_log"));
    Files.writeString(
        labels.resolve("00000000000000000001.json"), resource("demo/delta/labels-merge.json"));
  }

  static String resource(String name) throws IOException {
    try (InputStream in = Seed.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

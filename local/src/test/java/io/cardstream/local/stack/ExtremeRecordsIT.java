package io.cardstream.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.aws.DynamoDbClients;
import io.cardstream.common.cli.LocalSpark;
import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import io.cardstream.streaming.loop.Contacts;
import io.cardstream.streaming.loop.NotifierConfig;
import io.cardstream.streaming.loop.NotifierStream;
import io.cardstream.streaming.loop.SmtpMailer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Twelve thousand seeded hostile records ({@link ExtremeRecords}), half through the collector and
 * half straight onto the topic as a producer that validates nothing would send them, then the
 * stream and the notifier on the real local stack. The stream never stops; every message is in
 * silver or the quarantine exactly once, every record the collector took too, by id; and none of
 * the card numbers the records carry is in a table, a topic the pipeline writes, a DynamoDB item,
 * an e-mail, a log or the stream's checkpoint.
 */
class ExtremeRecordsIT {

  private static final int PER_PATH = 6_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PanTokenizer TOKENIZER = PanTokenizer.fromEnvironment(Map.of());
  private static final PrintStream OUT =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private static Path home;
  private static Path stateDir;
  private static LocalStack stack;
  private static Endpoints endpoints;
  private static SparkSession spark;

  @BeforeAll
  static void up() throws Exception {
    home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    stateDir = Files.createTempDirectory("cardstream-extreme-it-");
    stack =
        new LocalStack(
            new StackConfig(
                home, stateDir, 24092, 24000, 24432, 24080, 24090, 24025, 24567, false, false,
                false));
    stack.up(OUT);
    endpoints = stack.endpoints();
    StackInit.run(endpoints, OUT);
    spark =
        LocalSpark.builder("ExtremeRecordsIT")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
  }

  @AfterAll
  static void down() {
    if (spark != null) {
      spark.stop();
    }
    if (stack != null) {
      stack.down(OUT);
    }
  }

  /** What the collector said of the records posted: accepted (card token|trans_num) and reasons. */
  private record Posted(Set<String> accepted, Map<String, Integer> reasons, int records) {
    int acceptedCount() {
      return reasons.getOrDefault(ACCEPTED, 0);
    }

    int rejectedCount() {
      return reasons.entrySet().stream()
          .filter(e -> !e.getKey().equals(ACCEPTED))
          .mapToInt(Map.Entry::getValue)
          .sum();
    }
  }

  private static final String ACCEPTED = "accepted";

  @Test
  void hostileRecordsNeverStopTheStreamOrLeakACardNumber() throws Exception {
    ExtremeRecords gen = new ExtremeRecords(20261206L, Instant.now());
    Posted posted = post(gen.next(PER_PATH));
    assertThat(posted.acceptedCount() + posted.rejectedCount()).isEqualTo(PER_PATH);
    // The collector tokenizes at the edge: the topic holds no card number from it.
    Leaks collectorLeaks = new Leaks(gen.pans());
    StackChecks.records(endpoints.kafkaBootstrap(), Topics.TRANSACTIONS)
        .forEach(r -> collectorLeaks.text("transactions from the collector", r.value()));
    assertThat(collectorLeaks.found()).isEmpty();
    int direct = sendDirect(gen.next(PER_PATH));
    // Contacts for some of the cards, one of them with an address no mail server takes.
    try (DynamoDbClient ddb =
        DynamoDbClients.create(
            endpoints.dynamodbEndpoint(), Endpoints.REGION, Duration.ofSeconds(30))) {
      List<Contacts.Contact> contacts = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String card = TOKENIZER.cardId(gen.cards().get(i));
        contacts.add(
            new Contacts.Contact(
                card,
                i == 0 ? "no address\r\nBcc: x@evil.example" : "c" + i + "@example.test",
                i % 3 == 0));
      }
      new Contacts(ddb, "").put(contacts);
    }

    // The stream, to the end of what the topic holds: it must end normally.
    ScoringStream.onServices(streamConfig(), TOKENIZER).start(spark).awaitTermination();
    NotifierStream.onServices(
            notifierConfig(),
            new FeedbackLinks("extreme-it-link-key".getBytes(StandardCharsets.UTF_8)))
        .start(spark)
        .awaitTermination();

    // Every message of the topic in silver or the quarantine, exactly once.
    List<ConsumerRecord<String, String>> input =
        StackChecks.records(endpoints.kafkaBootstrap(), Topics.TRANSACTIONS);
    assertThat(input).hasSize(posted.acceptedCount() + direct);
    Lake lake = new Lake(stateDir.resolve("lake").toUri().toString());
    List<Row> silver =
        spark.read().format("delta").load(lake.path(LakeTable.SILVER)).collectAsList();
    List<Row> quarantine =
        spark.read().format("delta").load(lake.path(LakeTable.QUARANTINE)).collectAsList();
    List<String> stored = new ArrayList<>();
    silver.forEach(
        r ->
            stored.add(
                r.<String>getAs("source_partition") + "/" + r.<String>getAs("source_offset")));
    quarantine.forEach(
        r ->
            stored.add(
                r.<String>getAs("source_partition") + "/" + r.<String>getAs("source_offset")));
    List<String> sent = input.stream().map(r -> r.partition() + "/" + r.offset()).toList();
    assertThat(stored).containsExactlyInAnyOrderElementsOf(sent);
    // Every record the collector took, by id: scored, or quarantined by the stream with its id.
    Set<String> inSilver = new HashSet<>();
    silver.forEach(
        r -> inSilver.add(r.<String>getAs("card_id") + "|" + r.<String>getAs("trans_num")));
    Set<String> quarantinedIds = new HashSet<>();
    // Payloads of unparseable records are masked text, not JSON: the id is read by pattern.
    java.util.regex.Pattern idField = java.util.regex.Pattern.compile("\"trans_num\":\"([^\"]*)\"");
    for (Row r : quarantine) {
      java.util.regex.Matcher m = idField.matcher(String.valueOf(r.<String>getAs("payload")));
      if (m.find()) {
        quarantinedIds.add(m.group(1));
      }
    }
    for (String key : posted.accepted()) {
      String id = key.substring(key.indexOf('|') + 1);
      assertThat(inSilver.contains(key) || quarantinedIds.contains(id)).as(key).isTrue();
    }

    // The sinks agree with silver and the quarantine.
    long reviewed = silver.stream().filter(r -> !"APPROVE".equals(r.getAs("decision"))).count();
    try (DynamoDbClient ddb =
        DynamoDbClients.create(
            endpoints.dynamodbEndpoint(), Endpoints.REGION, Duration.ofSeconds(30))) {
      assertThat(StackChecks.count(ddb, DynamoTables.TRANSACTIONS)).isEqualTo(silver.size());
      assertThat(StackChecks.count(ddb, DynamoTables.FRAUD_AUDIT)).isEqualTo(reviewed);
    }
    assertThat(StackChecks.records(endpoints.kafkaBootstrap(), Topics.DLQ))
        .hasSize(quarantine.size());
    assertThat(
            StackChecks.records(endpoints.kafkaBootstrap(), Topics.APPROVED).size()
                + StackChecks.records(endpoints.kafkaBootstrap(), Topics.DECLINED).size())
        .isEqualTo(silver.size());

    // No card number anywhere the pipeline writes.
    Leaks leaks = new Leaks(gen.pans());
    silver.forEach(r -> leaks.text("silver", r.toString()));
    quarantine.forEach(r -> leaks.text("quarantine", r.toString()));
    spark
        .read()
        .format("delta")
        .load(lake.path(LakeTable.BRONZE))
        .collectAsList()
        .forEach(r -> leaks.text("bronze", r.toString()));
    leaks.files("lake", stateDir.resolve("lake"));
    leaks.files("checkpoint", stateDir.resolve("checkpoint"));
    leaks.files("notifier checkpoint", stateDir.resolve("checkpoint-notifier"));
    try (var mails = Files.list(stateDir.resolve("data/smtp/mail"))) {
      assertThat(mails.count()).as("e-mails sent").isPositive();
    }
    leaks.files("mail", stateDir.resolve("data/smtp"));
    leaks.files("stack logs", stateDir.resolve("logs"));
    leaks.files("test log", home.resolve("local/target/test-logs"));
    for (String topic :
        List.of(
            Topics.APPROVED,
            Topics.DECLINED,
            Topics.ALERTS,
            Topics.DLQ,
            Topics.ALERTS_DLQ,
            Topics.FEEDBACK)) {
      StackChecks.records(endpoints.kafkaBootstrap(), topic)
          .forEach(r -> leaks.text(topic, r.key() + " " + r.value()));
    }
    try (DynamoDbClient ddb =
        DynamoDbClients.create(
            endpoints.dynamodbEndpoint(), Endpoints.REGION, Duration.ofSeconds(30))) {
      for (String table :
          List.of(
              DynamoTables.TRANSACTIONS,
              DynamoTables.FRAUD_AUDIT,
              DynamoTables.ALERT_NOTIFICATIONS)) {
        ddb.scanPaginator(ScanRequest.builder().tableName(table).build())
            .items()
            .forEach(i -> leaks.text(table, i.toString()));
      }
    }
    assertThat(leaks.found()).isEmpty();

    // The numbers for the notes: what the collector and the stream said, by reason.
    Map<String, Integer> streamReasons = new TreeMap<>();
    quarantine.forEach(r -> streamReasons.merge(r.getAs("reason"), 1, Integer::sum));
    ObjectNode report = JSON.createObjectNode();
    report.put("records", PER_PATH * 2);
    report.set("collector", JSON.valueToTree(new TreeMap<>(posted.reasons())));
    report.put("direct_to_topic", direct);
    report.put("silver", silver.size());
    report.set("stream_quarantine", JSON.valueToTree(streamReasons));
    report.put("card_numbers_planted", gen.pans().size());
    Path out = home.resolve("local/target/extreme-records.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    System.out.println("ExtremeRecordsIT: " + report);
    assertThat(silver).isNotEmpty();
    assertThat(streamReasons).containsKey("CARD_NUMBER_IN_FIELD").containsKey("TIME_OUT_OF_RANGE");
  }

  private static StreamConfig streamConfig() {
    return StreamConfig.builder()
        .kafkaBootstrap(endpoints.kafkaBootstrap())
        .dynamodb(endpoints.dynamodb())
        .lakeRoot(stateDir.resolve("lake").toUri().toString())
        .checkpoint(stateDir.resolve("checkpoint").toUri().toString())
        .registry(stateDir.resolve("lake/models/fraud").toString())
        .maxEventsPerTrigger(5_000)
        .availableNow(true)
        .statusFile(stateDir.resolve("status.json").toString())
        .build();
  }

  private static NotifierConfig notifierConfig() {
    return new NotifierConfig(
        endpoints.kafkaBootstrap(),
        endpoints.kafkaAuth(),
        true,
        new Lake(stateDir.resolve("lake").toUri().toString()),
        stateDir.resolve("checkpoint-notifier").toUri().toString(),
        endpoints.dynamodb(),
        new SmtpMailer.Settings(
            "127.0.0.1",
            Integer.parseInt(endpoints.smtp().split(":")[1]),
            false,
            null,
            null,
            "alerts@cardstream.test"),
        endpoints.collectorUrl(),
        Duration.ofHours(72),
        Duration.ofMinutes(2),
        1,
        true,
        "earliest");
  }

  /** Posts the records to the collector, 100 a request (an oversized one alone). */
  private static Posted post(List<ObjectNode> records) throws Exception {
    String key = Files.readString(stack.layout().apiKeyFile("collector")).trim();
    HttpClient http = HttpClient.newHttpClient();
    Set<String> accepted = new HashSet<>();
    Map<String, Integer> reasons = new HashMap<>();
    List<ObjectNode> batch = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      ObjectNode r = records.get(i);
      boolean large = ExtremeRecords.json(r).length() > 60_000;
      if (large || batch.size() == 100) {
        send(http, key, batch, accepted, reasons);
      }
      batch.add(r);
      if (large) {
        send(http, key, batch, accepted, reasons);
      }
    }
    send(http, key, batch, accepted, reasons);
    return new Posted(accepted, reasons, records.size());
  }

  private static void send(
      HttpClient http,
      String key,
      List<ObjectNode> batch,
      Set<String> accepted,
      Map<String, Integer> reasons)
      throws Exception {
    if (batch.isEmpty()) {
      return;
    }
    StringBuilder body = new StringBuilder("{\"records\":[");
    for (int i = 0; i < batch.size(); i++) {
      body.append(i == 0 ? "" : ",").append(escapedKeys(ExtremeRecords.json(batch.get(i)), i));
    }
    body.append("]}");
    HttpResponse<String> r;
    do {
      r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(endpoints.collectorUrl() + "/collector/transactions"))
                  .header("content-type", "application/json")
                  .header("x-api-key", key)
                  .timeout(Duration.ofSeconds(60))
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 429) {
        Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
      }
    } while (r.statusCode() == 429);
    assertThat(r.statusCode()).as(r.body()).isIn(200, 400, 413);
    if (r.statusCode() != 200) {
      reasons.merge("HTTP_" + r.statusCode(), batch.size(), Integer::sum);
      batch.clear();
      return;
    }
    JsonNode results = JSON.readTree(r.body()).path("results");
    assertThat(results.size()).isEqualTo(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      JsonNode o = results.get(i);
      if ("accepted".equals(o.path("status").asText())) {
        String pan = batch.get(i).path("cc_num").asText().replaceAll("[ -]", "");
        accepted.add(TOKENIZER.cardId(pan) + "|" + batch.get(i).path("trans_num").asText());
        reasons.merge(ACCEPTED, 1, Integer::sum);
      } else {
        reasons.merge(o.path("reason").asText(), 1, Integer::sum);
      }
    }
    batch.clear();
  }

  /** Straight onto the topic, as a producer that validates nothing would write them. */
  private static int sendDirect(List<ObjectNode> records) throws Exception {
    try (KafkaProducer<String, String> p =
        KafkaClients.producer(endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), Map.of())) {
      for (int i = 0; i < records.size(); i++) {
        p.send(
            new ProducerRecord<>(
                Topics.TRANSACTIONS,
                "k" + (i % 7),
                escapedKeys(ExtremeRecords.json(records.get(i)), i)));
      }
      p.flush();
    }
    return records.size();
  }

  /** Every third record spells its keys with \\u escapes, which the maskers must see through. */
  private static String escapedKeys(String json, int i) {
    return i % 3 == 0
        ? json.replace("\"cc_num\"", "\"\\u0063c_num\"").replace("\"first\"", "\"\\u0066irst\"")
        : json;
  }
}

package io.cardstream.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.cli.LocalSpark;
import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.streaming.loop.Contacts;
import io.cardstream.streaming.loop.NotifierConfig;
import io.cardstream.streaming.loop.NotifierStream;
import io.cardstream.streaming.loop.SmtpMailer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notifier against the real broker, DynamoDB Local, a real SMTP server (the stack's mail
 * server, as its own JVM) and Delta: one e-mail per alert across a restart and Kafka redelivery,
 * none for a card without a contact, a refused recipient dead-lettered, a mail server that is down
 * then up delivering everything once, and no card number anywhere it writes.
 */
class NotifierIT {

  private static final PanTokenizer TOKENIZER = PanTokenizer.fromEnvironment(Map.of());
  private static final List<String> PANS =
      List.of("4111111111111111", "5500000000000004", "340000000000009", "6011000000000004");
  private static final PrintStream OUT =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  private static final int MAIL_PORT = 61125;

  private static Path home;
  private static Path stateDir;
  private static LocalStack stack;
  private static Endpoints endpoints;
  private static SparkSession spark;
  private static Process mailServer;

  @BeforeAll
  static void up() throws Exception {
    home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    stateDir = Files.createTempDirectory("cardstream-notifier-it-");
    stack =
        new LocalStack(
            new StackConfig(
                home, stateDir, 61092, 61000, 61432, 61080, 61090, 61025, 61567, false, false,
                false));
    stack.up(OUT);
    endpoints = stack.endpoints();
    StackInit.run(endpoints, OUT);
    spark =
        LocalSpark.builder("NotifierIT").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    // Contacts for the first three cards; the fourth has none; the third's address is one the
    // mail server refuses for good.
    try (var ddb = AwsClients.dynamodb(endpoints)) {
      new Contacts(ddb, "")
          .put(
              List.of(
                  new Contacts.Contact(card(0), "card-0@example.test", false),
                  new Contacts.Contact(card(1), "card-1@example.test", true),
                  new Contacts.Contact(card(2), "card-2@nowhere.invalid", false)));
    }
    startMailServer();
  }

  @AfterAll
  static void down() throws Exception {
    stopMailServer();
    if (spark != null) {
      spark.stop();
    }
    if (stack != null) {
      stack.down(OUT);
    }
  }

  private static String card(int i) {
    return TOKENIZER.cardId(PANS.get(i));
  }

  /** A mail server of the test's own (the stack's keeps running untouched), to stop and start. */
  private static void startMailServer() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(
        home.resolve("local/target/classes")
            + ":"
            + Files.readString(home.resolve("local/target/classpath.txt")).trim());
    cmd.add(MailServer.class.getName());
    cmd.add(String.valueOf(MAIL_PORT));
    cmd.add(maildir().toString());
    mailServer =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve("mail.log").toFile()))
            .start();
    starts++;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (listening() < starts) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the mail server did not start");
      }
      Thread.sleep(100);
    }
  }

  private static int starts;

  /** How many times the mail server's log says it listens. */
  private static int listening() throws IOException {
    Path log = stateDir.resolve("mail.log");
    return Files.exists(log)
        ? (int) Files.readAllLines(log).stream().filter(l -> l.contains("listening on")).count()
        : 0;
  }

  private static void stopMailServer() throws InterruptedException {
    if (mailServer != null) {
      mailServer.destroy();
      mailServer.waitFor();
      mailServer = null;
    }
  }

  private static Path maildir() {
    return stateDir.resolve("mail");
  }

  private static NotifierConfig config(boolean availableNow) {
    return new NotifierConfig(
        endpoints.kafkaBootstrap(),
        endpoints.kafkaAuth(),
        true,
        new Lake(stateDir.resolve("lake").toUri().toString()),
        stateDir.resolve("checkpoint-notifier").toUri().toString(),
        endpoints.dynamodb(),
        new SmtpMailer.Settings(
            "127.0.0.1", MAIL_PORT, false, null, null, "alerts@cardstream.test"),
        "http://127.0.0.1:61090",
        Duration.ofHours(72),
        Duration.ofMinutes(2),
        1,
        availableNow,
        "earliest");
  }

  private static void run(boolean availableNow) throws Exception {
    StreamingQuery q =
        NotifierStream.onServices(
                config(availableNow),
                new FeedbackLinks("notifier-it-link-key".getBytes(StandardCharsets.UTF_8)))
            .start(spark);
    if (availableNow) {
      q.awaitTermination();
    }
  }

  /** A decision message as the stream's topics sink writes it. */
  private static String decision(String id, int card, String decision) {
    return String.format(
        "{\"trans_num\":\"%s\",\"card_id\":\"%s\",\"card_last4\":\"%s\","
            + "\"event_time\":\"2019-03-01T09:55:00Z\",\"amt\":812.5,\"merchant\":\"fraud_Kirlin\","
            + "\"category\":\"shopping_net\",\"score\":0.97,\"decision\":\"%s\","
            + "\"reasons\":[\"score:high\"],\"rule_ids\":[],\"model_version\":\"v1\","
            + "\"rules_version\":\"r1\"}",
        id, card(card), PANS.get(card).substring(PANS.get(card).length() - 4), decision);
  }

  private static void send(String topic, List<String> values) throws Exception {
    try (KafkaProducer<String, String> p =
        KafkaClients.producer(endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), Map.of())) {
      for (String v : values) {
        p.send(new ProducerRecord<>(topic, "k", v)).get();
      }
    }
  }

  private static List<String> mails() throws IOException {
    if (!Files.isDirectory(maildir())) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(maildir())) {
      List<String> out = new ArrayList<>();
      for (Path p : s.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
        out.add(Files.readString(p));
      }
      return out;
    }
  }

  /** The alert id each e-mail is about (its Message-ID), in order. */
  private static List<String> mailedAlerts() throws IOException {
    List<String> ids = new ArrayList<>();
    for (String m : mails()) {
      java.util.regex.Matcher x =
          java.util.regex.Pattern.compile("Message-ID: <([^@>]+)@cardstream>").matcher(m);
      assertThat(x.find()).as("a Message-ID in\n" + m).isTrue();
      // Message ids name the card's token too (two cards may share a trans_num): by alert here.
      ids.add(x.group(1).replaceAll("[0-9a-f]{64}_", ""));
    }
    return ids;
  }

  private static Map<String, Long> logStatuses() {
    Map<String, Long> m = new HashMap<>();
    for (Row r :
        spark
            .read()
            .format("delta")
            .load(
                new Lake(stateDir.resolve("lake").toUri().toString()).path(LakeTable.NOTIFICATIONS))
            .groupBy("status")
            .count()
            .collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }

  @Test
  void everyAlertIsMailedOnceAcrossRestartsRedeliveryAndAMailServerOutage() throws Exception {
    // 1. Alerts for every card, a notice for a card that wants them and one that does not.
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      first.add(decision("a" + i, i % 4, i % 2 == 0 ? "REVIEW" : "DECLINE"));
    }
    send(Topics.ALERTS, first);
    send(Topics.APPROVED, List.of(decision("n1", 1, "APPROVE"), decision("n0", 0, "APPROVE")));
    run(true);
    // Cards 0 and 1: 6 alerts + card 1's notice; card 2's address is refused; card 3 has none.
    assertThat(mailedAlerts())
        .containsExactlyInAnyOrder("a0", "a1", "a4", "a5", "a8", "a9", "notice_n1");
    assertThat(logStatuses())
        .containsEntry("sent", 7L)
        .containsEntry("failed", 3L)
        .containsEntry("no_contact", 3L);
    assertThat(readTopic(Topics.ALERTS_DLQ)).hasSize(3).allMatch(v -> v.contains("\"card_last4\""));

    // 2. Kafka redelivers the same alerts, and the notifier restarts from its checkpoint: nothing
    // is mailed twice.
    send(Topics.ALERTS, first.subList(0, 4));
    run(true);
    assertThat(mailedAlerts()).hasSize(7);

    // 3. The mail server goes down; alerts arrive; the notifier (running) waits and retries;
    // the server comes back: every alert is mailed, once.
    stopMailServer();
    List<String> during = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      during.add(decision("b" + i, i % 2, "DECLINE"));
    }
    send(Topics.ALERTS, during);
    StreamingQuery q =
        NotifierStream.onServices(
                config(false),
                new FeedbackLinks("notifier-it-link-key".getBytes(StandardCharsets.UTF_8)))
            .start(spark);
    Thread.sleep(4_000);
    assertThat(mailedAlerts()).hasSize(7);
    startMailServer();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (mailedAlerts().size() < 13 && System.nanoTime() < deadline) {
      Thread.sleep(300);
    }
    // Stop between batches, then restart once more: still nothing twice.
    while (q.status().isTriggerActive()) {
      Thread.sleep(50);
    }
    q.stop();
    run(true);
    List<String> mailed = mailedAlerts();
    assertThat(mailed)
        .hasSize(13)
        .doesNotHaveDuplicates()
        .contains("b0", "b1", "b2", "b3", "b4", "b5");

    // 4. No card number and no full address anywhere the loop wrote.
    StringBuilder all = new StringBuilder();
    mails().forEach(all::append);
    all.append(Files.readString(stateDir.resolve("mail.log")));
    readTopic(Topics.ALERTS_DLQ).forEach(all::append);
    spark
        .read()
        .format("delta")
        .load(new Lake(stateDir.resolve("lake").toUri().toString()).path(LakeTable.NOTIFICATIONS))
        .collectAsList()
        .forEach(r -> all.append(r.mkString("|")));
    String log = Files.readString(Path.of("target/test-logs/test.log"));
    for (String pan : PANS) {
      assertThat(all.toString()).doesNotContain(pan);
      assertThat(log).doesNotContain(pan);
    }
    assertThat(log).doesNotContain("card-0@example.test").doesNotContain("card-2@nowhere.invalid");
    assertThat(Files.readString(stateDir.resolve("mail.log"))).doesNotContain("card-0@");
  }

  @Test
  void answersLandInTheLabelsTableOnceEachAndBothLogsMatchTheirGlueDefinitions() throws Exception {
    Lake lake = new Lake(stateDir.resolve("lake").toUri().toString());
    java.time.Instant at = java.time.Instant.parse("2019-03-02T10:00:00Z");
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(
          new io.cardstream.common.feedback.FeedbackEvent(
                  "f" + i,
                  card(i % 2),
                  i % 2 == 0
                      ? io.cardstream.common.feedback.Answer.CONFIRMED_FRAUD
                      : io.cardstream.common.feedback.Answer.NOT_FRAUD,
                  "customer",
                  "email",
                  at.plusSeconds(i),
                  "customer")
              .toJson());
    }
    send(Topics.FEEDBACK, events);
    // Redelivered, and a later second answer about f0: the first answer stays.
    send(Topics.FEEDBACK, List.of(events.get(0), events.get(1)));
    send(
        Topics.FEEDBACK,
        List.of(
            new io.cardstream.common.feedback.FeedbackEvent(
                    "f0",
                    card(0),
                    io.cardstream.common.feedback.Answer.NOT_FRAUD,
                    "analyst",
                    "api",
                    at.plusSeconds(60),
                    "analyst-1")
                .toJson()));
    String checkpoint = stateDir.resolve("checkpoint-labels").toUri().toString();
    io.cardstream.streaming.loop.FeedbackLabelsJob.start(
            spark, endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), lake, checkpoint, 1, true)
        .awaitTermination();
    // Twice: the second run finds nothing new, and changes nothing.
    io.cardstream.streaming.loop.FeedbackLabelsJob.start(
            spark, endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), lake, checkpoint, 1, true)
        .awaitTermination();
    List<Row> labels =
        spark
            .read()
            .format("delta")
            .load(lake.path(LakeTable.FEEDBACK_LABELS))
            .orderBy("trans_num")
            .collectAsList();
    assertThat(labels)
        .extracting(r -> r.getString(0) + "=" + r.getAs("answer") + "/" + r.getAs("is_fraud"))
        .containsExactly(
            "f0=confirmed_fraud/1",
            "f1=not_fraud/0",
            "f2=confirmed_fraud/1",
            "f3=not_fraud/0",
            "f4=confirmed_fraud/1");

    // The Glue definitions Athena uses describe exactly these tables.
    Map<String, io.cardstream.batch.GlueDefinitions.Table> glue =
        io.cardstream.batch.GlueDefinitions.load(home.resolve("glue/tables"));
    for (LakeTable t : List.of(LakeTable.FEEDBACK_LABELS, LakeTable.NOTIFICATIONS)) {
      if (!io.delta.tables.DeltaTable.isDeltaTable(spark, lake.path(t))) {
        run(true); // the notifications log exists once the notifier ran
      }
      assertThat(
              io.cardstream.batch.GlueDefinitions.differences(
                  glue.get(t.catalogName()),
                  io.cardstream.batch.GlueDefinitions.ofDeltaTable(spark, lake, t)))
          .as(t.catalogName())
          .isEmpty();
    }
  }

  private static List<String> readTopic(String topic) {
    List<String> out = new ArrayList<>();
    try (var c =
        KafkaClients.consumer(endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), Map.of())) {
      var parts = KafkaClients.partitions(c, topic);
      c.assign(parts);
      c.seekToBeginning(parts);
      var end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!KafkaClients.reached(c, end) && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
      }
    }
    return out;
  }
}

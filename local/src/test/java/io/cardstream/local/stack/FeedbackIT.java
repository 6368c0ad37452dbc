package io.cardstream.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.FeedbackEvent;
import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.feedback.FeedbackLinks.Link;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.service.ApiKeys;
import io.cardstream.service.JvmLauncher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The customer loop's HTTP side against the real local stack: a collector JVM of its own on the
 * stack's Kafka and DynamoDB Local, cases seeded into {@code fraud_audit} as the stream writes
 * them. Both answers through real links (GET, then the form's POST), exactly once (a replayed link
 * records nothing), tampered, expired, malformed and other-card links recording nothing, the
 * customer's "not me" flagging the card, the review-queue API with an analyst key and its role
 * checks, and at the end a scan of every page, response, topic value and the collector's log for
 * the test card numbers (and the log for the link tokens).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FeedbackIT {

  static final PanTokenizer TOKENIZER = PanTokenizer.fromEnvironment(Map.of());
  static final ObjectMapper JSON = new ObjectMapper();
  static final String LINK_KEY = "feedback-it-link-signing-key-0123456789";
  static final FeedbackLinks LINKS = new FeedbackLinks(LINK_KEY.getBytes(StandardCharsets.UTF_8));
  static final List<String> PANS =
      List.of(
          "4111111111111111",
          "5555555555554444",
          "378282246310005",
          "6011111111111117",
          "4000056655665556",
          "3530111333300000");

  static final String NOT_ME = "fb-not-me";
  static final String IT_WAS_ME = "fb-it-was-me";
  static final String UNTOUCHED = "fb-untouched";
  static final String API_1 = "fb-api-1";
  static final String API_2 = "fb-api-2";

  private static final PrintStream OUT =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  /** Every response body this test saw, scanned at the end. */
  static final StringBuffer RESPONSES = new StringBuffer();

  /** Every link token this test used: none may reach the log. */
  static final List<String> TOKENS = new ArrayList<>();

  static Path stateDir;
  static LocalStack stack;
  static Endpoints endpoints;
  static DynamoDbClient ddb;
  static JvmLauncher.Running collector;
  static String base;
  static String analystKey;
  static String collectorKey;
  static String adminKey;
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void up() throws IOException {
    Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    stateDir = Files.createTempDirectory("cardstream-feedback-it-");
    // Ports of this test's own (17xxx, below the kernel's ephemeral range so no client socket holds
    // one), given the way the CLI's environment gives them, so the
    // stack's config takes whatever services it has (e.g. the mail server's port) from one place.
    Map<String, String> ports = new HashMap<>();
    ports.put("CARDSTREAM_KAFKA_PORT", "17092");
    ports.put("CARDSTREAM_DYNAMODB_PORT", "17000");
    ports.put("CARDSTREAM_POSTGRES_PORT", "17432");
    ports.put("CARDSTREAM_S3_PORT", "17080");
    ports.put("CARDSTREAM_COLLECTOR_PORT", "17090");
    ports.put("CARDSTREAM_SMTP_PORT", "17025");
    stack = new LocalStack(StackConfig.fromEnvironment(home, ports).withStateDir(stateDir));
    stack.up(OUT);
    endpoints = stack.endpoints();
    StackInit.run(endpoints, OUT);
    ddb = AwsClients.dynamodb(endpoints);
    seed();

    Path keysFile = stateDir.resolve("feedback-it-keys.json");
    analystKey = ApiKeys.addKey(keysFile, "it-analyst", "analyst");
    collectorKey = ApiKeys.addKey(keysFile, "it-shop", "collector");
    adminKey = ApiKeys.addKey(keysFile, "it-admin", "admin");
    Map<String, String> env = new HashMap<>();
    env.put(FeedbackLinks.KEY_ENV, LINK_KEY);
    // The development PAN key, as TOKENIZER: the test computes the tokens it expects.
    env.put(PanTokenizer.KEY_ENV, null);
    collector =
        CollectorProcess.start(
            home,
            endpoints.kafkaBootstrap(),
            keysFile,
            stateDir.resolve("feedback-collector.log"),
            env,
            "--dynamodb-endpoint",
            endpoints.dynamodbEndpoint(),
            "--dynamodb-region",
            Endpoints.REGION,
            "--rate",
            "1000",
            "--burst",
            "5000",
            // Every test opens links from 127.0.0.1; ingest's unit tests cover the 429.
            "--feedback-per-minute",
            "0");
    base = collector.url();
  }

  @AfterAll
  static void down() throws InterruptedException, IOException {
    if (collector != null) {
      collector.stop();
    }
    if (ddb != null) {
      ddb.close();
    }
    if (stack != null) {
      stack.down(OUT);
    }
    if (stateDir != null) {
      LocalStack.deleteRecursively(stateDir);
    }
  }

  // ---------------------------------------------------------------- the seeded cases

  static String card(int i) {
    return TOKENIZER.cardId(PANS.get(i));
  }

  static String last4(int i) {
    String pan = PANS.get(i);
    return pan.substring(pan.length() - 4);
  }

  static AttributeValue s(String v) {
    return AttributeValue.builder().s(v).build();
  }

  static AttributeValue n(double v) {
    return AttributeValue.builder().n(Double.toString(v)).build();
  }

  static AttributeValue l(String... v) {
    return AttributeValue.builder()
        .l(java.util.Arrays.stream(v).map(FeedbackIT::s).toList())
        .build();
  }

  /** A fraud_audit item with the attributes the stream writes (DynamoItems.audit). */
  static Map<String, AttributeValue> audit(
      String transNum,
      int card,
      String time,
      double amt,
      String merchant,
      String decision,
      Double score,
      String flagReason) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put("trans_num", s(transNum));
    m.put("card_id", s(card(card)));
    m.put("card_last4", s(last4(card)));
    m.put("event_time", s(time));
    m.put("amt", n(amt));
    m.put("merchant", s(merchant));
    m.put("category", s("shopping_net"));
    m.put("decision", s(decision));
    m.put("reasons", flagReason != null ? l("flagged_card") : l("score_above_review"));
    m.put("rule_ids", flagReason != null ? l() : l("score-review"));
    if (score != null) {
      m.put("score", n(score));
    }
    m.put("model_version", s("fraud-gbt-it"));
    m.put("rules_version", s("2026-11-22.1"));
    if (flagReason != null) {
      m.put("flag_reason", s(flagReason));
    }
    m.put(
        "features",
        AttributeValue.builder()
            .m(Map.of("amt_z", n(3.25), "txn_count_24h", n(7), "km_from_home", n(812.5)))
            .build());
    return m;
  }

  /** A transactions item (DynamoItems.transaction): the card's history. */
  static Map<String, AttributeValue> transaction(
      String transNum, int card, String time, double amt) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put("card_id", s(card(card)));
    m.put("event_time_trans_num", s(time + "#" + transNum));
    m.put("trans_num", s(transNum));
    m.put("event_time", s(time));
    m.put("card_last4", s(last4(card)));
    m.put("amt", n(amt));
    m.put("merchant", s("fraud_Hist " + transNum));
    m.put("category", s("grocery_pos"));
    m.put("decision", s("APPROVE"));
    m.put("reasons", l());
    m.put("score", n(0.01));
    m.put("model_version", s("fraud-gbt-it"));
    m.put("rules_version", s("2026-11-22.1"));
    return m;
  }

  static void seed() {
    List<Map<String, AttributeValue>> cases =
        List.of(
            audit(
                NOT_ME,
                0,
                "2019-03-01T10:00:00Z",
                250.0,
                "fraud_Kirlin and Sons",
                "REVIEW",
                0.91,
                null),
            audit(
                IT_WAS_ME,
                1,
                "2019-03-01T11:00:00Z",
                42.1,
                "fraud_Sporer-Keebler",
                "REVIEW",
                0.75,
                null),
            audit(
                UNTOUCHED,
                2,
                "2019-03-01T09:00:00Z",
                999.99,
                "fraud_Haley Group",
                "DECLINE",
                0.99,
                null),
            audit(
                API_1,
                3,
                "2019-03-01T08:00:00Z",
                10.0,
                "fraud_Lind-Buckridge",
                "REVIEW",
                0.55,
                null),
            audit(
                API_2,
                4,
                "2019-03-01T12:00:00Z",
                500.0,
                "fraud_Kutch LLC",
                "DECLINE",
                null,
                "reported stolen"));
    for (Map<String, AttributeValue> item : cases) {
      ddb.putItem(p -> p.tableName(DynamoTables.FRAUD_AUDIT).item(item));
    }
    Instant t0 = Instant.parse("2019-02-20T00:00:00Z");
    for (int i = 0; i < 12; i++) {
      String time = t0.plus(Duration.ofHours(6L * i)).toString();
      Map<String, AttributeValue> item = transaction("h-" + i, 3, time, 5 + i);
      ddb.putItem(p -> p.tableName(DynamoTables.TRANSACTIONS).item(item));
    }
  }

  /** The case of this id (the tests give each id to one card). */
  static Map<String, AttributeValue> item(String transNum) {
    List<Map<String, AttributeValue>> items =
        ddb.query(
                q ->
                    q.tableName(DynamoTables.FRAUD_AUDIT)
                        .keyConditionExpression("trans_num = :t")
                        .expressionAttributeValues(Map.of(":t", s(transNum)))
                        .consistentRead(true))
            .items();
    assertThat(items).hasSizeLessThanOrEqualTo(1);
    return items.isEmpty() ? Map.of() : items.get(0);
  }

  static String status(String transNum) {
    AttributeValue v = item(transNum).get("case_status");
    return v == null ? "open" : v.s();
  }

  // ---------------------------------------------------------------- HTTP helpers

  record Resp(int status, String body, HttpResponse<String> raw) {
    JsonNode json() throws IOException {
      assertThat(raw.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/json");
      return JSON.readTree(body);
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  static Resp send(String method, String path, String key, String type, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("x-api-key", key);
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    RESPONSES.append(r.body()).append('\n');
    return new Resp(r.statusCode(), r.body(), r);
  }

  static String link(String transNum, int card, Answer answer, Instant expires) {
    String t = LINKS.sign(new Link(transNum, card(card), answer, expires));
    TOKENS.add(t);
    return t;
  }

  static String link(String transNum, int card, Answer answer) {
    return link(transNum, card, answer, Instant.now().plus(FeedbackLinks.DEFAULT_VALIDITY));
  }

  /** What a browser does with the link in the e-mail. */
  static Resp open(String token) throws IOException, InterruptedException {
    return send("GET", "/feedback/" + token, null, null, null);
  }

  /** What a browser does with the page's form: a POST to the same URL. */
  static Resp confirm(String token) throws IOException, InterruptedException {
    return send("POST", "/feedback/" + token, null, "application/x-www-form-urlencoded", "");
  }

  static Resp api(String method, String path, String key, String body)
      throws IOException, InterruptedException {
    return send(method, path, key, body == null ? null : "application/json", body);
  }

  static void assertPage(Resp r, int status, String title) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.body()).contains("<h1>" + title + "</h1>");
    assertThat(r.body()).doesNotContain("<script").doesNotContain("Exception");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
  }

  static void assertError(Resp r, int status, String code) throws IOException {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonNode n = r.json();
    assertThat(n.path("error").asText()).isEqualTo(code);
    assertThat(n.path("message").asText()).isNotBlank();
    assertThat(n.path("fix").asText()).isNotBlank();
  }

  // ---------------------------------------------------------------- topic helpers

  static Map<TopicPartition, Long> endOffsets(String topic) {
    try (KafkaConsumer<String, String> c =
        KafkaClients.consumer(endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), Map.of())) {
      return c.endOffsets(KafkaClients.partitions(c, topic));
    }
  }

  /** The records of {@code topic} from {@code start} (null: the beginning) to its current end. */
  static List<ConsumerRecord<String, String>> read(String topic, Map<TopicPartition, Long> start) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        KafkaClients.consumer(endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), Map.of())) {
      List<TopicPartition> parts = KafkaClients.partitions(c, topic);
      c.assign(parts);
      if (start == null) {
        c.seekToBeginning(parts);
      } else {
        start.forEach(c::seek);
      }
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!KafkaClients.reached(c, end) && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      assertThat(KafkaClients.reached(c, end)).as("read " + topic + " to its end").isTrue();
    }
    return out;
  }

  static List<FeedbackEvent> feedbackSince(Map<TopicPartition, Long> start) {
    return read(Topics.FEEDBACK, start).stream()
        .map(r -> FeedbackEvent.fromJson(r.value()))
        .toList();
  }

  static List<FlagEvent> flagsSince(Map<TopicPartition, Long> start) {
    return read(Topics.FLAGGED_ACCOUNTS, start).stream()
        .map(r -> FlagEvent.fromJson(r.value()))
        .toList();
  }

  // ---------------------------------------------------------------- the links

  @Test
  @Order(1)
  void openingALinkShowsTheAlertAndRecordsNothing() throws Exception {
    Map<TopicPartition, Long> feedback = endOffsets(Topics.FEEDBACK);
    Map<TopicPartition, Long> flags = endOffsets(Topics.FLAGGED_ACCOUNTS);

    Resp notMe = open(link(NOT_ME, 0, Answer.CONFIRMED_FRAUD));
    Resp itWasMe = open(link(IT_WAS_ME, 1, Answer.NOT_FRAUD));
    // A mail scanner opening the link again and again.
    Resp prefetched = open(link(NOT_ME, 0, Answer.CONFIRMED_FRAUD));

    assertPage(notMe, 200, "Was this you?");
    assertThat(notMe.body())
        .contains("<td>Kirlin and Sons</td>")
        .contains("<td>250.00</td>")
        .contains("<td>1 March 2019, 10:00 UTC</td>")
        .contains("<td>****1111</td>")
        .contains("<strong>No, it was not me</strong>")
        .contains("<form method=\"post\">")
        .doesNotContain(card(0));
    assertPage(itWasMe, 200, "Was this you?");
    assertThat(itWasMe.body())
        .contains("<td>Sporer-Keebler</td>")
        .contains("<td>42.10</td>")
        .contains("<td>****4444</td>")
        .contains("<strong>Yes, it was me</strong>");
    assertPage(prefetched, 200, "Was this you?");
    assertThat(read(Topics.FEEDBACK, feedback)).isEmpty();
    assertThat(read(Topics.FLAGGED_ACCOUNTS, flags)).isEmpty();
    assertThat(status(NOT_ME)).isEqualTo("open");
    assertThat(status(IT_WAS_ME)).isEqualTo("open");
  }

  @Test
  @Order(2)
  void notMeResolvesTheCaseOnceAndFlagsTheCard() throws Exception {
    Map<TopicPartition, Long> feedback = endOffsets(Topics.FEEDBACK);
    Map<TopicPartition, Long> flags = endOffsets(Topics.FLAGGED_ACCOUNTS);
    String token = link(NOT_ME, 0, Answer.CONFIRMED_FRAUD);

    Resp first = confirm(token);

    assertPage(first, 200, "Thank you: your card is now blocked");
    assertThat(first.body()).contains("We have blocked your card ****1111");
    List<FeedbackEvent> events = feedbackSince(feedback);
    assertThat(events).hasSize(1);
    FeedbackEvent e = events.get(0);
    assertThat(e.transNum()).isEqualTo(NOT_ME);
    assertThat(e.cardId()).isEqualTo(card(0));
    assertThat(e.answer()).isEqualTo(Answer.CONFIRMED_FRAUD);
    assertThat(e.source()).isEqualTo(FeedbackEvent.CUSTOMER);
    assertThat(e.channel()).isEqualTo("email");
    assertThat(e.by()).isEqualTo("customer");
    assertThat(read(Topics.FEEDBACK, feedback).get(0).key()).isEqualTo(NOT_ME);
    List<ConsumerRecord<String, String>> flagRecords = read(Topics.FLAGGED_ACCOUNTS, flags);
    assertThat(flagRecords).hasSize(1);
    assertThat(flagRecords.get(0).key()).isEqualTo(card(0));
    FlagEvent flag = FlagEvent.fromJson(flagRecords.get(0).value());
    assertThat(flag.cardId()).isEqualTo(card(0));
    assertThat(flag.flagged()).isTrue();
    assertThat(flag.reason()).contains(NOT_ME);
    Map<String, AttributeValue> resolved = item(NOT_ME);
    assertThat(resolved.get("case_status").s()).isEqualTo("confirmed_fraud");
    assertThat(resolved.get("resolution_source").s()).isEqualTo("customer");
    assertThat(resolved.get("resolved_by").s()).isEqualTo("customer");
    String resolvedAt = resolved.get("resolved_at").s();

    // The same link again (a double click, a replay), the other link of the e-mail, a view.
    Resp replay = confirm(token);
    Resp otherAnswer = confirm(link(NOT_ME, 0, Answer.NOT_FRAUD));
    Resp view = open(token);

    assertPage(replay, 409, "You already answered this alert");
    assertPage(otherAnswer, 409, "You already answered this alert");
    assertPage(view, 409, "You already answered this alert");
    assertThat(feedbackSince(feedback)).hasSize(1);
    assertThat(flagsSince(flags)).hasSize(1);
    assertThat(item(NOT_ME).get("resolved_at").s()).isEqualTo(resolvedAt);
    assertThat(item(NOT_ME).get("case_status").s()).isEqualTo("confirmed_fraud");
  }

  @Test
  @Order(3)
  void itWasMeResolvesTheCaseWithoutAFlag() throws Exception {
    Map<TopicPartition, Long> feedback = endOffsets(Topics.FEEDBACK);
    Map<TopicPartition, Long> flags = endOffsets(Topics.FLAGGED_ACCOUNTS);
    String token = link(IT_WAS_ME, 1, Answer.NOT_FRAUD);

    Resp view = open(token);
    Resp answer = confirm(token);
    Resp replay = confirm(token);

    assertPage(view, 200, "Was this you?");
    assertPage(answer, 200, "Thank you: the payment is confirmed");
    assertPage(replay, 409, "You already answered this alert");
    List<FeedbackEvent> events = feedbackSince(feedback);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).answer()).isEqualTo(Answer.NOT_FRAUD);
    assertThat(events.get(0).cardId()).isEqualTo(card(1));
    assertThat(events.get(0).source()).isEqualTo(FeedbackEvent.CUSTOMER);
    assertThat(read(Topics.FLAGGED_ACCOUNTS, flags)).isEmpty();
    assertThat(status(IT_WAS_ME)).isEqualTo("not_fraud");
  }

  @Test
  @Order(4)
  void tamperedExpiredMalformedAndOtherCardLinksRecordNothing() throws Exception {
    Map<TopicPartition, Long> feedback = endOffsets(Topics.FEEDBACK);
    Map<TopicPartition, Long> flags = endOffsets(Topics.FLAGGED_ACCOUNTS);
    String good = link(UNTOUCHED, 2, Answer.CONFIRMED_FRAUD);
    // One byte of the payload changed.
    char c = good.charAt(10);
    String tampered = good.substring(0, 10) + (c == 'x' ? 'y' : 'x') + good.substring(11);
    TOKENS.add(tampered);
    String expired =
        link(UNTOUCHED, 2, Answer.CONFIRMED_FRAUD, Instant.now().minus(Duration.ofHours(1)));
    String otherCard = link(UNTOUCHED, 0, Answer.CONFIRMED_FRAUD);
    FeedbackLinks foreign =
        new FeedbackLinks("not-the-collectors-key-at-all".getBytes(StandardCharsets.UTF_8));
    String foreignKey =
        foreign.sign(
            new Link(UNTOUCHED, card(2), Answer.CONFIRMED_FRAUD, Instant.now().plusSeconds(3600)));
    TOKENS.add(foreignKey);
    String unknown = link("fb-no-such-alert", 2, Answer.CONFIRMED_FRAUD);

    for (String bad : List.of(tampered, otherCard, foreignKey, "garbage", "a.b.c", "x.y")) {
      assertPage(open(bad), 400, "This link is not valid");
      assertPage(confirm(bad), 400, "This link is not valid");
    }
    Resp expiredView = open(expired);
    assertPage(expiredView, 410, "This link has expired");
    assertThat(expiredView.body()).contains("contact your bank");
    assertPage(confirm(expired), 410, "This link has expired");
    assertPage(open(unknown), 404, "We could not find this alert");
    assertPage(confirm(unknown), 404, "We could not find this alert");

    assertThat(read(Topics.FEEDBACK, feedback)).isEmpty();
    assertThat(read(Topics.FLAGGED_ACCOUNTS, flags)).isEmpty();
    assertThat(item(UNTOUCHED)).doesNotContainKey("case_status");
    // The untampered link still works (shown only; nothing recorded).
    assertPage(open(good), 200, "Was this you?");
  }

  // ---------------------------------------------------------------- the review queue

  @Test
  @Order(5)
  void theQueueListsAndShowsTheOpenCases() throws Exception {
    JsonNode byAge = api("GET", "/cases", analystKey, null).json().get("cases");
    JsonNode byAmount = api("GET", "/cases?order=amount", analystKey, null).json().get("cases");
    JsonNode byScore = api("GET", "/cases?order=score", analystKey, null).json().get("cases");
    JsonNode one = api("GET", "/cases?order=score&limit=1", analystKey, null).json().get("cases");

    assertThat(byAge.findValuesAsText("trans_num")).containsExactly(API_1, UNTOUCHED, API_2);
    assertThat(byAmount.findValuesAsText("trans_num")).containsExactly(UNTOUCHED, API_2, API_1);
    assertThat(byScore.findValuesAsText("trans_num")).containsExactly(UNTOUCHED, API_1, API_2);
    assertThat(one.findValuesAsText("trans_num")).containsExactly(UNTOUCHED);
    JsonNode stolen = byAge.get(2);
    assertThat(stolen.get("card_id").asText()).isEqualTo(card(4));
    assertThat(stolen.get("card_last4").asText()).isEqualTo(last4(4));
    assertThat(stolen.get("event_time").asText()).isEqualTo("2019-03-01T12:00:00Z");
    assertThat(stolen.get("amt").asDouble()).isEqualTo(500.0);
    assertThat(stolen.get("decision").asText()).isEqualTo("DECLINE");
    assertThat(stolen.get("reasons").toString()).isEqualTo("[\"flagged_card\"]");
    assertThat(stolen.get("score").isNull()).isTrue();
    assertThat(stolen.get("flag_reason").asText()).isEqualTo("reported stolen");
    assertThat(stolen.get("model_version").asText()).isEqualTo("fraud-gbt-it");
    assertThat(stolen.get("rules_version").asText()).isEqualTo("2026-11-22.1");
    assertThat(stolen.get("status").asText()).isEqualTo("open");

    for (String q : List.of("order=newest", "limit=0", "limit=501", "limit=ten")) {
      Resp bad = api("GET", "/cases?" + q, analystKey, null);
      assertThat(bad.status()).as(q).isEqualTo(400);
      assertThat(bad.json().get("error").asText()).isIn("invalid_order", "invalid_limit");
      assertThat(bad.json().get("fix").asText()).startsWith("use ");
    }

    Resp shown = api("GET", "/cases/" + API_1, analystKey, null);
    assertThat(shown.status()).isEqualTo(200);
    JsonNode c = shown.json();
    assertThat(c.get("trans_num").asText()).isEqualTo(API_1);
    assertThat(c.get("features").get("amt_z").asDouble()).isEqualTo(3.25);
    assertThat(c.get("features").get("km_from_home").asDouble()).isEqualTo(812.5);
    JsonNode recent = c.get("recent_transactions");
    assertThat(recent).hasSize(10);
    assertThat(recent.findValuesAsText("trans_num"))
        .containsExactly("h-11", "h-10", "h-9", "h-8", "h-7", "h-6", "h-5", "h-4", "h-3", "h-2");
    assertThat(recent.get(0).get("amt").asDouble()).isEqualTo(16.0);
    assertError(api("GET", "/cases/fb-no-such-case", analystKey, null), 404, "case_not_found");
  }

  @Test
  @Order(6)
  void anAnalystResolvesACaseOnceOnTheFeedbackTopic() throws Exception {
    Map<TopicPartition, Long> feedback = endOffsets(Topics.FEEDBACK);
    Map<TopicPartition, Long> flags = endOffsets(Topics.FLAGGED_ACCOUNTS);

    Resp ok =
        api("POST", "/cases/" + API_1 + "/resolve", analystKey, "{\"answer\": \"not_fraud\"}");
    Resp again =
        api(
            "POST",
            "/cases/" + API_1 + "/resolve",
            analystKey,
            "{\"answer\": \"confirmed_fraud\"}");
    Resp fraud =
        api(
            "POST",
            "/cases/" + API_2 + "/resolve",
            analystKey,
            "{\"answer\": \"confirmed_fraud\"}");
    Resp unknown =
        api("POST", "/cases/fb-no-such-case/resolve", analystKey, "{\"answer\": \"not_fraud\"}");
    Resp bad =
        api("POST", "/cases/" + UNTOUCHED + "/resolve", analystKey, "{\"answer\": \"maybe\"}");

    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body())
        .isEqualTo(
            "{\"trans_num\":\""
                + API_1
                + "\",\"card_id\":\""
                + card(3)
                + "\",\"status\":\"not_fraud\"}");
    assertError(again, 409, "already_resolved");
    assertThat(fraud.status()).isEqualTo(200);
    assertError(unknown, 404, "case_not_found");
    assertError(bad, 400, "invalid_answer");

    // The topic's partitions are keyed by trans_num: no order between the two.
    List<FeedbackEvent> events =
        feedbackSince(feedback).stream()
            .sorted(java.util.Comparator.comparing(FeedbackEvent::transNum))
            .toList();
    assertThat(events).extracting(FeedbackEvent::transNum).containsExactly(API_1, API_2);
    assertThat(events).allSatisfy(e -> assertThat(e.source()).isEqualTo(FeedbackEvent.ANALYST));
    assertThat(events).allSatisfy(e -> assertThat(e.channel()).isEqualTo("api"));
    assertThat(events).allSatisfy(e -> assertThat(e.by()).isEqualTo("it-analyst"));
    assertThat(events.get(0).answer()).isEqualTo(Answer.NOT_FRAUD);
    assertThat(events.get(1).answer()).isEqualTo(Answer.CONFIRMED_FRAUD);
    assertThat(events.get(1).cardId()).isEqualTo(card(4));
    // Only a customer's "not me" blocks the card.
    assertThat(read(Topics.FLAGGED_ACCOUNTS, flags)).isEmpty();
    assertThat(status(API_1)).isEqualTo("not_fraud");
    assertThat(item(API_1).get("resolution_source").s()).isEqualTo("analyst");
    assertThat(item(API_1).get("resolved_by").s()).isEqualTo("it-analyst");
    assertThat(status(API_2)).isEqualTo("confirmed_fraud");
    assertThat(status(UNTOUCHED)).isEqualTo("open");
    JsonNode left = api("GET", "/cases", analystKey, null).json().get("cases");
    assertThat(left.findValuesAsText("trans_num")).containsExactly(UNTOUCHED);
    JsonNode shown = api("GET", "/cases/" + API_1, analystKey, null).json();
    assertThat(shown.get("status").asText()).isEqualTo("not_fraud");
    assertThat(shown.get("resolved_by").asText()).isEqualTo("it-analyst");
  }

  @Test
  @Order(7)
  void theQueueTakesOnlyAnAnalystKey() throws Exception {
    String answer = "{\"answer\": \"not_fraud\"}";
    assertError(api("GET", "/cases", null, null), 401, "missing_api_key");
    for (String key : List.of(collectorKey, adminKey)) {
      assertError(api("GET", "/cases", key, null), 403, "forbidden");
      assertError(api("GET", "/cases/" + UNTOUCHED, key, null), 403, "forbidden");
      assertError(api("POST", "/cases/" + UNTOUCHED + "/resolve", key, answer), 403, "forbidden");
    }
    assertThat(status(UNTOUCHED)).isEqualTo("open");
  }

  @Test
  @Order(8)
  void metricsCountTheAnswersAndTheQueueCalls() throws Exception {
    String m = send("GET", "/metrics", null, null, null).body();

    assertThat(m)
        .contains("collector_feedback_answers_total{source=\"customer\",outcome=\"resolved\"} 2\n")
        .contains(
            "collector_feedback_answers_total{source=\"customer\",outcome=\"already_resolved\"} 3\n")
        .contains("collector_feedback_answers_total{source=\"customer\",outcome=\"expired\"} 1\n")
        .contains("collector_feedback_answers_total{source=\"analyst\",outcome=\"resolved\"} 2\n")
        .contains(
            "collector_feedback_answers_total{source=\"analyst\",outcome=\"already_resolved\"} 1\n")
        .contains("collector_feedback_link_views_total{result=\"expired\"} 1\n")
        .contains("collector_feedback_link_views_total{result=\"wrong_card\"} 1\n")
        .contains("collector_cases_api_calls_total{call=\"resolve\",status=\"200\"} 2\n")
        .contains("collector_cases_api_calls_total{call=\"list\",status=\"403\"} 2\n");
  }

  @Test
  @Order(9)
  void noCardNumberOrLinkTokenAppearsAnywhere() throws Exception {
    String log = Files.readString(collector.log());
    StringBuilder topics = new StringBuilder();
    for (String topic : List.of(Topics.FEEDBACK, Topics.FLAGGED_ACCOUNTS)) {
      for (ConsumerRecord<String, String> r : read(topic, null)) {
        topics.append(r.key()).append(' ').append(r.value()).append('\n');
      }
    }
    assertThat(topics.toString()).contains(card(0)).contains(NOT_ME);
    assertThat(RESPONSES.length()).isGreaterThan(1000);
    for (String pan : PANS) {
      assertThat(RESPONSES.toString()).as("responses").doesNotContain(pan);
      assertThat(topics.toString()).as("topics").doesNotContain(pan);
      assertThat(log).as("collector log").doesNotContain(pan);
    }
    for (String token : TOKENS) {
      // The signed token is a credential: the log never holds it (nor its signature).
      assertThat(log).as("collector log").doesNotContain(token.substring(token.indexOf('.')));
    }
    assertThat(log).contains("customer answered confirmed_fraud to alert " + NOT_ME + ": RESOLVED");
    assertThat(log).doesNotContain("Exception");
  }

  /** The CLI on this test's stack (its ports and state directory). */
  static String[] cli(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(
        List.of(
            "--state-dir",
            stateDir.toString(),
            "--kafka-port",
            String.valueOf(stack.config().kafkaPort()),
            "--dynamodb-port",
            String.valueOf(stack.config().dynamodbPort())));
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    java.io.StringWriter err = new java.io.StringWriter();
    int code;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code =
          io.cardstream.local.cli.Cardstream.execute(
              new java.io.PrintWriter(err, true), a.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
    }
    return new String[] {
      String.valueOf(code), captured.toString(StandardCharsets.UTF_8), err.toString()
    };
  }

  @Test
  @Order(10)
  void theCliListsShowsAndResolvesTheSameQueue() throws Exception {
    Map<TopicPartition, Long> feedback = endOffsets(Topics.FEEDBACK);

    String[] list = cli("cases", "list", "--order", "amount");
    String[] show = cli("cases", "show", UNTOUCHED);
    String[] resolve =
        cli("cases", "resolve", UNTOUCHED, "--answer", "confirmed_fraud", "--by", "carol");
    String[] again = cli("cases", "resolve", UNTOUCHED, "--answer", "not_fraud", "--by", "carol");
    String[] bad = cli("cases", "resolve", UNTOUCHED, "--answer", "maybe");
    String[] missing = cli("cases", "show", "fb-no-such-case");
    String[] empty = cli("cases", "list");

    assertThat(list[0]).isEqualTo("0");
    assertThat(list[1]).contains(UNTOUCHED).contains("999.99").contains("1 open case(s)");
    assertThat(show[0]).isEqualTo("0");
    assertThat(show[1])
        .contains("case        " + UNTOUCHED + " (open)")
        .contains("card        " + card(2) + " (ending " + last4(2) + ")")
        .contains("fraud_Haley Group")
        .contains("card's latest transactions:");
    assertThat(resolve[0]).as(resolve[2]).isEqualTo("0");
    assertThat(resolve[1]).contains("case " + UNTOUCHED + " resolved: confirmed_fraud by carol");
    assertThat(again[0]).isEqualTo("1");
    assertThat(again[2]).contains("was answered before; nothing changed");
    assertThat(bad[0]).isEqualTo("2");
    assertThat(bad[2]).contains("an answer is confirmed_fraud or not_fraud, got 'maybe'");
    assertThat(missing[0]).isEqualTo("1");
    assertThat(missing[2]).contains("no case fb-no-such-case");
    assertThat(empty[1]).contains("0 open case(s)");
    List<FeedbackEvent> events = feedbackSince(feedback);
    assertThat(events).extracting(FeedbackEvent::transNum).containsExactly(UNTOUCHED);
    assertThat(events.get(0).channel()).isEqualTo("cli");
    assertThat(events.get(0).by()).isEqualTo("carol");
    assertThat(events.get(0).source()).isEqualTo(FeedbackEvent.ANALYST);
    assertThat(status(UNTOUCHED)).isEqualTo("confirmed_fraud");
    for (String pan : PANS) {
      assertThat(list[1] + show[1]).doesNotContain(pan);
    }
  }
}

package io.cardstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.Case;
import io.cardstream.common.feedback.FeedbackEvent;
import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.feedback.FeedbackLinks.Link;
import io.cardstream.common.feedback.FeedbackRecorder;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.service.ApiKeys;
import io.cardstream.service.Json;
import io.cardstream.service.ReloadingKeyStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The customers' feedback pages and the analysts' review-queue API on in-memory cases and an
 * in-memory recorder: exact statuses, that a GET records nothing, escaping, a link for another
 * card, the roles.
 */
class FeedbackServerTest {

  static final PanTokenizer TOKENIZER = PanTokenizer.fromEnvironment(Map.of());
  static final String PAN = "4111111111111111";
  static final String OTHER_PAN = "5555555555554444";
  static final String CARD = TOKENIZER.cardId(PAN);
  static final String OTHER_CARD = TOKENIZER.cardId(OTHER_PAN);
  static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final com.fasterxml.jackson.databind.ObjectMapper PLAIN =
      new com.fasterxml.jackson.databind.ObjectMapper();
  static final FeedbackLinks LINKS =
      new FeedbackLinks("unit-test-link-key-0123456789".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;
  MemoryCases cases;
  MemoryRecorder recorder;
  CollectorServer server;
  String base;
  String collectorKey;
  String adminKey;
  String analystKey;
  final List<String> bodies = new ArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    Path keys = dir.resolve("keys.json");
    collectorKey = ApiKeys.addKey(keys, "shop", "collector");
    adminKey = ApiKeys.addKey(keys, "ops", "admin");
    analystKey = ApiKeys.addKey(keys, "alice", "analyst");
    cases = new MemoryCases();
    recorder = new MemoryRecorder(cases, CLOCK);
    cases.put(
        open("t-open", CARD, "1111", "2019-01-01T10:15:00Z", 12.5, "fraud_Rippin, Kub and Mann"));
    server = start(keys, recorder);
  }

  private CollectorServer start(Path keys, AnswerRecorder answers) {
    return start(keys, answers, CollectorConfig.DEFAULT_FEEDBACK_PER_MINUTE, System::nanoTime);
  }

  private CollectorServer start(
      Path keys, AnswerRecorder answers, int feedbackPerMinute, LongSupplier nanoTime) {
    CollectorConfig c =
        CollectorConfig.builder()
            .port(0)
            .kafkaBootstrap("127.0.0.1:9")
            .apiKeysFile(keys)
            .rate(1000, 1000)
            .feedbackPerMinute(feedbackPerMinute)
            .build();
    CollectorServer s =
        new CollectorServer(
            c,
            new MemorySink(),
            ReloadingKeyStore.ofFile(keys),
            new MemoryControlPlane(),
            TOKENIZER,
            LINKS,
            cases,
            answers,
            CLOCK,
            nanoTime);
    base = "http://127.0.0.1:" + s.start();
    return s;
  }

  @AfterEach
  void stop() {
    server.stop();
    // No answer of any kind ever shows a card number.
    bodies.forEach(b -> assertThat(b).doesNotContain(PAN).doesNotContain(OTHER_PAN));
  }

  static Case open(
      String transNum, String card, String last4, String time, double amt, String merchant) {
    return new Case(
        transNum,
        card,
        last4,
        Instant.parse(time),
        amt,
        merchant,
        "misc_net",
        "REVIEW",
        List.of("score_above_review"),
        List.of("score-review"),
        0.83,
        "m-7",
        "r-1",
        null,
        Map.of("amt_z", 3.5, "txn_count_1h", 4.0),
        Case.OPEN,
        null,
        null,
        null,
        null,
        null,
        Map.of());
  }

  static String link(String transNum, String card, Answer answer) {
    return LINKS.sign(new Link(transNum, card, answer, NOW.plus(FeedbackLinks.DEFAULT_VALIDITY)));
  }

  HttpResponse<String> send(String method, String path, String key, String type, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
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
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    bodies.add(r.body());
    return r;
  }

  HttpResponse<String> view(String token) throws IOException, InterruptedException {
    return send("GET", "/feedback/" + token, null, null, null);
  }

  /** As the page's form posts it. */
  HttpResponse<String> confirm(String token) throws IOException, InterruptedException {
    return send("POST", "/feedback/" + token, null, "application/x-www-form-urlencoded", "");
  }

  HttpResponse<String> api(String method, String path, String key, String body)
      throws IOException, InterruptedException {
    return send(method, path, key, body == null ? null : "application/json", body);
  }

  static void assertPage(HttpResponse<String> r, int status, String title) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains("<h1>" + title + "</h1>").contains("<title>" + title);
    assertThat(r.body()).doesNotContain("<script").doesNotContain("http://").doesNotContain("src=");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
        .startsWith("default-src 'none'");
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    // A plain mapper: the collector's keeps decimals as BigDecimal (40.0 would print as 4E+1).
    return PLAIN.readTree(r.body());
  }

  static void assertError(HttpResponse<String> r, int status, String code) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode n = json(r);
    assertThat(n.path("error").asText()).isEqualTo(code);
    assertThat(n.path("message").asText()).isNotBlank();
    assertThat(n.path("fix").asText()).isNotBlank();
  }

  // ---------------------------------------------------------------- the links

  @Test
  void aGetShowsTheTransactionAndTheLinksAnswerAndRecordsNothing() throws Exception {
    String notMe = link("t-open", CARD, Answer.CONFIRMED_FRAUD);

    HttpResponse<String> r = view(notMe);
    HttpResponse<String> again = view(notMe);
    HttpResponse<String> itWasMe = view(link("t-open", CARD, Answer.NOT_FRAUD));

    assertPage(r, 200, "Was this you?");
    assertThat(r.body())
        .contains("<td>Rippin, Kub and Mann</td>")
        .doesNotContain("fraud_Rippin")
        .contains("<td>12.50</td>")
        .contains("<td>1 January 2019, 10:15 UTC</td>")
        .contains("<td>****1111</td>")
        .contains("<strong>No, it was not me</strong>")
        .contains("<form method=\"post\"><button type=\"submit\" class=\"fraud\">")
        .contains("Confirm: No, it was not me")
        .doesNotContain(CARD);
    assertThat(again.statusCode()).isEqualTo(200);
    assertPage(itWasMe, 200, "Was this you?");
    assertThat(itWasMe.body())
        .contains("<strong>Yes, it was me</strong>")
        .contains("Confirm: Yes, it was me");
    assertThat(recorder.calls).isEmpty();
    assertThat(cases.resolutions).isEmpty();
    assertThat(cases.get("t-open", CARD).orElseThrow().isOpen()).isTrue();
  }

  @Test
  void linksFromOneAddressPastItsLimitAre429PagesThatRecordNothing() throws Exception {
    server.stop();
    AtomicLong nanos = new AtomicLong();
    // 3 a minute: a burst of 3, then one more every 20 s.
    server = start(dir.resolve("keys.json"), recorder, 3, nanos::get);
    int port = URI.create(base).getPort();
    String notMe = link("t-open", CARD, Answer.CONFIRMED_FRAUD);

    assertPage(view(notMe), 200, "Was this you?");
    assertPage(view("not-a-token"), 400, "This link is not valid"); // a refused link counts too
    assertPage(view(notMe), 200, "Was this you?");
    HttpResponse<String> fourth = view(notMe);
    HttpResponse<String> post = confirm(notMe);
    int otherAddress = FromAddress.status("127.0.0.2", port, "GET", "/feedback/" + notMe);
    HttpResponse<String> queue = api("GET", "/cases", analystKey, null);

    assertPage(fourth, 429, "Please wait a moment");
    assertThat(fourth.headers().firstValue("Retry-After")).hasValue("20");
    assertPage(post, 429, "Please wait a moment");
    assertThat(recorder.calls).isEmpty();
    assertThat(cases.get("t-open", CARD).orElseThrow().isOpen()).isTrue();
    assertThat(otherAddress).isEqualTo(200);
    // Only the links are limited per address; the API has its per-key rate.
    assertThat(queue.statusCode()).isEqualTo(200);

    nanos.addAndGet(20_000_000_000L);
    assertPage(confirm(notMe), 200, "Thank you: your card is now blocked");
    assertPage(view(notMe), 429, "Please wait a moment");
    assertThat(recorder.calls).hasSize(1);
  }

  @Test
  void aPostOfNotMeResolvesOnceFlagsTheCardAndAReplayIs409() throws Exception {
    String notMe = link("t-open", CARD, Answer.CONFIRMED_FRAUD);

    HttpResponse<String> first = confirm(notMe);
    HttpResponse<String> replay = confirm(notMe);
    HttpResponse<String> otherAnswer = confirm(link("t-open", CARD, Answer.NOT_FRAUD));
    HttpResponse<String> viewAfter = view(notMe);

    assertPage(first, 200, "Thank you: your card is now blocked");
    assertThat(first.body()).contains("We have blocked your card ****1111");
    assertPage(replay, 409, "You already answered this alert");
    assertPage(otherAnswer, 409, "You already answered this alert");
    assertPage(viewAfter, 409, "You already answered this alert");
    assertThat(recorder.calls)
        .containsExactly(
            new MemoryRecorder.Call(
                "t-open", CARD, Answer.CONFIRMED_FRAUD, "customer", "email", "customer"));
    assertThat(recorder.events).hasSize(1);
    FeedbackEvent e = recorder.events.get(0);
    assertThat(e.cardId()).isEqualTo(CARD);
    assertThat(e.answer()).isEqualTo(Answer.CONFIRMED_FRAUD);
    assertThat(e.source()).isEqualTo(FeedbackEvent.CUSTOMER);
    assertThat(recorder.flags).hasSize(1);
    assertThat(recorder.flags.get(0).cardId()).isEqualTo(CARD);
    Case c = cases.get("t-open", CARD).orElseThrow();
    assertThat(c.status()).isEqualTo("confirmed_fraud");
    assertThat(c.resolvedAt()).isEqualTo(NOW);
    assertThat(cases.resolutions).containsExactly("t-open");
  }

  @Test
  void aPostOfItWasMeConfirmsThePaymentWithoutAFlag() throws Exception {
    HttpResponse<String> r = confirm(link("t-open", CARD, Answer.NOT_FRAUD));

    assertPage(r, 200, "Thank you: the payment is confirmed");
    assertThat(r.body()).doesNotContain("blocked");
    assertThat(recorder.events).extracting(FeedbackEvent::answer).containsExactly(Answer.NOT_FRAUD);
    assertThat(recorder.flags).isEmpty();
    assertThat(cases.get("t-open", CARD).orElseThrow().status()).isEqualTo("not_fraud");
  }

  @Test
  void malformedAndTamperedLinksAreNotValidAndRecordNothing() throws Exception {
    String good = link("t-open", CARD, Answer.CONFIRMED_FRAUD);
    int dot = good.indexOf('.');
    // One character of the payload changed: the signature no longer matches.
    char c = good.charAt(3);
    String tampered = good.substring(0, 3) + (c == 'A' ? 'B' : 'A') + good.substring(4);
    char s = good.charAt(dot + 5);
    String badSignature =
        good.substring(0, dot + 5) + (s == 'A' ? 'B' : 'A') + good.substring(dot + 6);

    for (String token :
        List.of(
            tampered,
            badSignature,
            "nope",
            "a.b.c",
            good.substring(0, dot),
            good + "x!",
            "x/y.z",
            "%3Cscript%3E.x")) {
      assertPage(view(token), 400, "This link is not valid");
      assertPage(confirm(token), 400, "This link is not valid");
    }
    assertThat(recorder.calls).isEmpty();
    assertThat(cases.get("t-open", CARD).orElseThrow().isOpen()).isTrue();
  }

  @Test
  void anExpiredLinkIs410AndSaysWhatToDo() throws Exception {
    String expired =
        LINKS.sign(new Link("t-open", CARD, Answer.CONFIRMED_FRAUD, NOW.minusSeconds(1)));

    HttpResponse<String> get = view(expired);
    HttpResponse<String> post = confirm(expired);

    assertPage(get, 410, "This link has expired");
    assertThat(get.body()).contains("contact your bank");
    assertPage(post, 410, "This link has expired");
    assertThat(recorder.calls).isEmpty();
    assertThat(cases.get("t-open", CARD).orElseThrow().isOpen()).isTrue();
  }

  @Test
  void aLinkSignedWithAnotherKeyIsNotValid() throws Exception {
    FeedbackLinks other =
        new FeedbackLinks("another-key-of-sixteen+bytes".getBytes(StandardCharsets.UTF_8));
    String token =
        other.sign(new Link("t-open", CARD, Answer.CONFIRMED_FRAUD, NOW.plus(Duration.ofHours(1))));

    assertPage(view(token), 400, "This link is not valid");
    assertPage(confirm(token), 400, "This link is not valid");
    assertThat(recorder.calls).isEmpty();
  }

  @Test
  void aLinkForAnotherCardIsNotValidAndRecordsNothing() throws Exception {
    String token = link("t-open", OTHER_CARD, Answer.CONFIRMED_FRAUD);

    assertPage(view(token), 400, "This link is not valid");
    assertPage(confirm(token), 400, "This link is not valid");
    assertThat(recorder.calls).isEmpty();
    assertThat(recorder.flags).isEmpty();
    assertThat(cases.get("t-open", CARD).orElseThrow().isOpen()).isTrue();
  }

  @Test
  void aLinkForAnUnknownAlertIs404() throws Exception {
    String token = link("t-gone", CARD, Answer.NOT_FRAUD);

    assertPage(view(token), 404, "We could not find this alert");
    assertPage(confirm(token), 404, "We could not find this alert");
    assertThat(recorder.calls).isEmpty();
  }

  @Test
  void aCaseTheRecorderNoLongerFindsIs404AndOneResolvedMeanwhileIs409() throws Exception {
    server.stop();
    // Between the recorder's check and its update another answer or a deletion came in.
    server =
        start(
            dir.resolve("keys.json"),
            (t, card, a, s, ch, by) ->
                t.equals("t-open")
                    ? io.cardstream.common.feedback.Cases.Outcome.ALREADY_RESOLVED
                    : io.cardstream.common.feedback.Cases.Outcome.NOT_FOUND);
    cases.put(open("t-2", CARD, "1111", "2019-01-02T00:00:00Z", 3, "shop"));

    assertPage(
        confirm(link("t-open", CARD, Answer.NOT_FRAUD)), 409, "You already answered this alert");
    assertPage(confirm(link("t-2", CARD, Answer.NOT_FRAUD)), 404, "We could not find this alert");
  }

  @Test
  void everythingPrintedIsEscapedAndNoAccountNumberIsShown() throws Exception {
    cases.put(
        open(
            "t-x",
            CARD,
            "<b>",
            "2019-01-01T00:00:00Z",
            1234.5,
            "<script>alert(\"x\")</script> & 'Co' " + PAN + " DE89370400440532013000"));

    HttpResponse<String> r = view(link("t-x", CARD, Answer.NOT_FRAUD));

    assertPage(r, 200, "Was this you?");
    assertThat(r.body())
        .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;")
        .doesNotContain("<script>")
        .doesNotContain("<b>")
        .doesNotContain("370400440532013000")
        .contains("<td>****</td>")
        .contains("<td>1,234.50</td>");
  }

  @Test
  void aStoreOrBrokerThatDoesNotAnswerIsA503PageAndTheCaseStaysAsItWas() throws Exception {
    String token = link("t-open", CARD, Answer.CONFIRMED_FRAUD);
    cases.failing = true;
    HttpResponse<String> get = view(token);
    cases.failing = false;
    recorder.failing = true;
    HttpResponse<String> post = confirm(token);

    assertPage(get, 503, "Please try again in a few minutes");
    assertThat(get.headers().firstValue("Retry-After")).hasValue("60");
    assertPage(post, 503, "Please try again in a few minutes");
    assertThat(post.body()).doesNotContain("Exception");
    assertThat(cases.get("t-open", CARD).orElseThrow().isOpen()).isTrue();
  }

  @Test
  void theLinksNeedNoKeyAndOtherMethodsAre405() throws Exception {
    String token = link("t-open", CARD, Answer.NOT_FRAUD);

    assertThat(send("GET", "/feedback/" + token, collectorKey, null, null).statusCode())
        .isEqualTo(200);
    assertError(send("DELETE", "/feedback/" + token, null, null, null), 405, "method_not_allowed");
    // A link checker's HEAD records nothing either.
    assertThat(send("HEAD", "/feedback/" + token, null, null, null).statusCode()).isLessThan(500);
    assertThat(recorder.calls).isEmpty();
  }

  // ---------------------------------------------------------------- the review queue

  void seedQueue() {
    cases.put(open("t-b", CARD, "1111", "2019-01-03T00:00:00Z", 900, "big"));
    Case noScore =
        new Case(
            "t-c",
            OTHER_CARD,
            "4444",
            Instant.parse("2019-01-02T00:00:00Z"),
            40,
            "flagged shop",
            "grocery_pos",
            "DECLINE",
            List.of("flagged_card"),
            List.of(),
            null,
            "m-7",
            "r-1",
            "reported stolen",
            Map.of(),
            Case.OPEN,
            null,
            null,
            null,
            null,
            null,
            Map.of());
    cases.put(noScore);
    cases.put(
        MemoryCases.resolved(
            open("t-done", CARD, "1111", "2018-12-31T00:00:00Z", 5, "old"),
            "not_fraud",
            NOW,
            "customer",
            "customer",
            null));
  }

  @Test
  void theQueueListsOpenCasesInTheOrderAskedFor() throws Exception {
    seedQueue();

    JsonNode byAge = json(api("GET", "/cases", analystKey, null)).get("cases");
    JsonNode byAmount = json(api("GET", "/cases?order=amount", analystKey, null)).get("cases");
    JsonNode byScore =
        json(api("GET", "/cases?order=score&limit=2", analystKey, null)).get("cases");
    JsonNode one = json(api("GET", "/cases?limit=1", analystKey, null)).get("cases");

    assertThat(byAge.findValuesAsText("trans_num")).containsExactly("t-open", "t-c", "t-b");
    assertThat(byAmount.findValuesAsText("trans_num")).containsExactly("t-b", "t-c", "t-open");
    assertThat(byScore.findValuesAsText("trans_num")).containsExactly("t-b", "t-open");
    assertThat(one).hasSize(1);
    assertThat(byAge.get(1).toString())
        .isEqualTo(
            "{\"trans_num\":\"t-c\",\"card_id\":\""
                + OTHER_CARD
                + "\",\"card_last4\":\"4444\",\"event_time\":\"2019-01-02T00:00:00Z\","
                + "\"amt\":40.0,\"merchant\":\"flagged shop\",\"category\":\"grocery_pos\","
                + "\"decision\":\"DECLINE\",\"reasons\":[\"flagged_card\"],\"rule_ids\":[],"
                + "\"score\":null,\"model_version\":\"m-7\",\"rules_version\":\"r-1\","
                + "\"flag_reason\":\"reported stolen\",\"status\":\"open\"}");
    assertThat(byAge.get(0).get("score").asDouble()).isEqualTo(0.83);
    assertThat(byAge.get(0).get("rule_ids").get(0).asText()).isEqualTo("score-review");
  }

  @Test
  void badQueryValuesAre400WithTheFix() throws Exception {
    for (String q :
        List.of("order=newest", "order=AGE", "order=", "limit=0", "limit=501", "limit=x")) {
      HttpResponse<String> r = api("GET", "/cases?" + q, analystKey, null);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      JsonNode n = json(r);
      assertThat(n.get("error").asText()).isIn("invalid_order", "invalid_limit");
      assertThat(n.get("fix").asText()).startsWith("use ");
    }
    assertThat(api("GET", "/cases?limit=500", analystKey, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aCaseShowsItsFeaturesAndTheCardsLatestTransactions() throws Exception {
    for (int i = 0; i < 12; i++) {
      cases.transaction(
          CARD,
          open(
              "h-" + i,
              CARD,
              "1111",
              Instant.parse("2019-01-01T00:00:00Z").plusSeconds(3600L * i).toString(),
              i + 1,
              "m" + i));
    }

    HttpResponse<String> r = api("GET", "/cases/t-open", analystKey, null);

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode n = json(r);
    assertThat(n.get("trans_num").asText()).isEqualTo("t-open");
    assertThat(n.get("status").asText()).isEqualTo("open");
    assertThat(n.get("features").toString()).isEqualTo("{\"amt_z\":3.5,\"txn_count_1h\":4.0}");
    JsonNode recent = n.get("recent_transactions");
    assertThat(recent).hasSize(10);
    assertThat(recent.get(0).get("trans_num").asText()).isEqualTo("h-11");
    assertThat(recent.get(9).get("trans_num").asText()).isEqualTo("h-2");
    assertThat(recent.get(0).has("amt")).isTrue();
    assertThat(n.get("resolved_at").isNull()).isTrue();
    assertError(api("GET", "/cases/t-nope", analystKey, null), 404, "case_not_found");
  }

  @Test
  void twoCardsWithOneTransNumAreTwoCasesAndTheCardPicksOne() throws Exception {
    cases.put(open("t-open", OTHER_CARD, "2222", "2019-01-01T11:00:00Z", 7, "shop"));

    assertError(api("GET", "/cases/t-open", analystKey, null), 409, "ambiguous_case");
    assertError(
        api("POST", "/cases/t-open/resolve", analystKey, "{\"answer\": \"not_fraud\"}"),
        409,
        "ambiguous_case");
    HttpResponse<String> one = api("GET", "/cases/t-open?card=" + OTHER_CARD, analystKey, null);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(one.body()).get("card_last4").asText()).isEqualTo("2222");
    HttpResponse<String> resolved =
        api(
            "POST",
            "/cases/t-open/resolve?card=" + OTHER_CARD,
            analystKey,
            "{\"answer\": \"not_fraud\"}");
    assertThat(resolved.statusCode()).isEqualTo(200);
    assertThat(cases.get("t-open", OTHER_CARD).orElseThrow().status()).isEqualTo("not_fraud");
    assertThat(cases.get("t-open", CARD).orElseThrow().isOpen()).isTrue();
    // The customer's link names its card: it finds its own case among the two.
    assertPage(
        confirm(link("t-open", CARD, Answer.CONFIRMED_FRAUD)),
        200,
        "Thank you: your card is now blocked");
    assertThat(cases.get("t-open", CARD).orElseThrow().status()).isEqualTo("confirmed_fraud");
  }

  @Test
  void anAnalystResolvesACaseOnce() throws Exception {
    HttpResponse<String> ok =
        api("POST", "/cases/t-open/resolve", analystKey, "{\"answer\": \"confirmed_fraud\"}");
    HttpResponse<String> again =
        api("POST", "/cases/t-open/resolve", analystKey, "{\"answer\": \"not_fraud\"}");
    HttpResponse<String> unknown =
        api("POST", "/cases/t-nope/resolve", analystKey, "{\"answer\": \"not_fraud\"}");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body())
        .isEqualTo(
            "{\"trans_num\":\"t-open\",\"card_id\":\""
                + CARD
                + "\",\"status\":\"confirmed_fraud\"}");
    assertError(again, 409, "already_resolved");
    assertError(unknown, 404, "case_not_found");
    assertThat(recorder.calls.get(0))
        .isEqualTo(
            new MemoryRecorder.Call(
                "t-open", CARD, Answer.CONFIRMED_FRAUD, "analyst", "api", "alice"));
    assertThat(recorder.events).hasSize(1);
    assertThat(recorder.events.get(0).source()).isEqualTo(FeedbackEvent.ANALYST);
    // Only a customer's "not me" blocks the card.
    assertThat(recorder.flags).isEmpty();
    JsonNode shown = json(api("GET", "/cases/t-open", analystKey, null));
    assertThat(shown.get("status").asText()).isEqualTo("confirmed_fraud");
    assertThat(shown.get("resolved_by").asText()).isEqualTo("alice");
    assertThat(shown.get("resolution_source").asText()).isEqualTo("analyst");
    assertThat(json(api("GET", "/cases", analystKey, null)).get("cases")).isEmpty();
  }

  @Test
  void aResolutionThatIsNoAnswerIs400AndRecordsNothing() throws Exception {
    for (String body :
        List.of(
            "{\"answer\": \"CONFIRMED_FRAUD\"}",
            "{\"answer\": \"fraud\"}",
            "{\"answer\": 1}",
            "{}",
            "{\"answer\": \"not_fraud\", \"note\": \"x\"}",
            "[]",
            "{\"answer\": \"" + PAN + "\"}")) {
      HttpResponse<String> r = api("POST", "/cases/t-open/resolve", analystKey, body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(json(r).get("error").asText()).isIn("invalid_answer", "invalid_body");
    }
    assertError(
        api("POST", "/cases/t-open/resolve", analystKey, "{\"answer\""), 400, "malformed_json");
    assertError(
        send("POST", "/cases/t-open/resolve", analystKey, "text/plain", "{}"),
        415,
        "unsupported_media_type");
    assertThat(recorder.calls).isEmpty();
    assertThat(cases.get("t-open", CARD).orElseThrow().isOpen()).isTrue();
  }

  @Test
  void theQueueNeedsAnAnalystKey() throws Exception {
    String resolve = "{\"answer\": \"not_fraud\"}";
    assertError(api("GET", "/cases", null, null), 401, "missing_api_key");
    assertError(api("GET", "/cases", "cs_not-a-key", null), 403, "unknown_api_key");
    for (String key : List.of(collectorKey, adminKey)) {
      assertError(api("GET", "/cases", key, null), 403, "forbidden");
      assertError(api("GET", "/cases/t-open", key, null), 403, "forbidden");
      assertError(api("POST", "/cases/t-open/resolve", key, resolve), 403, "forbidden");
    }
    HttpResponse<String> r = api("GET", "/cases", collectorKey, null);
    assertThat(json(r).get("message").asText())
        .isEqualTo("key 'shop' has role collector; this route needs role analyst");
    // And the analyst's key opens nothing else.
    assertError(api("GET", "/admin/flags", analystKey, null), 403, "forbidden");
    assertThat(recorder.calls).isEmpty();
  }

  @Test
  void aStoreThatDoesNotAnswerIs503InJson() throws Exception {
    cases.failing = true;

    HttpResponse<String> r = api("GET", "/cases", analystKey, null);
    HttpResponse<String> one = api("GET", "/cases/t-open", analystKey, null);

    assertError(r, 503, "case_store_unavailable");
    assertError(one, 503, "case_store_unavailable");
    cases.failing = false;
    recorder.failing = true;
    assertError(
        api("POST", "/cases/t-open/resolve", analystKey, "{\"answer\": \"not_fraud\"}"),
        503,
        "broker_unavailable");
  }

  @Test
  void theRealRecorderPublishesAnAnalystsAnswerAndFlagsNothing() throws Exception {
    server.stop();
    List<FeedbackEvent> published = new ArrayList<>();
    // The control topics on a port nothing listens on: an analyst's answer never flags a card.
    FeedbackRecorder real =
        new FeedbackRecorder(
            cases, published::add, new ControlTopics("127.0.0.1:9", KafkaAuth.NONE), CLOCK);
    server = start(dir.resolve("keys.json"), real::record);

    HttpResponse<String> r =
        api("POST", "/cases/t-open/resolve", analystKey, "{\"answer\": \"not_fraud\"}");
    HttpResponse<String> customer = confirm(link("t-open", CARD, Answer.CONFIRMED_FRAUD));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(published).hasSize(1);
    assertThat(published.get(0).toJson())
        .isEqualTo(
            "{\"trans_num\":\"t-open\",\"card_id\":\""
                + CARD
                + "\",\"answer\":\"not_fraud\",\"source\":\"analyst\",\"channel\":\"api\","
                + "\"at\":\"2026-12-02T06:00:00Z\",\"by\":\"alice\"}");
    assertPage(customer, 409, "You already answered this alert");
    assertThat(published).hasSize(1);
  }

  @Test
  void anAnswerWhoseEventCouldNotBePublishedLeavesTheCaseOpenForTheRetry() throws Exception {
    server.stop();
    List<FeedbackEvent> published = new ArrayList<>();
    boolean[] brokerDown = {true};
    FeedbackRecorder real =
        new FeedbackRecorder(
            cases,
            e -> {
              if (brokerDown[0]) {
                throw new IllegalStateException("broker down (test)");
              }
              published.add(e);
            },
            new ControlTopics("127.0.0.1:9", KafkaAuth.NONE),
            CLOCK);
    server = start(dir.resolve("keys.json"), real::record);

    HttpResponse<String> first =
        api("POST", "/cases/t-open/resolve", analystKey, "{\"answer\": \"not_fraud\"}");
    boolean openAfterFailure = cases.get("t-open", CARD).orElseThrow().isOpen();
    brokerDown[0] = false;
    HttpResponse<String> retry =
        api("POST", "/cases/t-open/resolve", analystKey, "{\"answer\": \"not_fraud\"}");

    assertError(first, 503, "broker_unavailable");
    assertThat(openAfterFailure).isTrue();
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(published).extracting(FeedbackEvent::transNum).containsExactly("t-open");
    assertThat(cases.get("t-open", CARD).orElseThrow().status()).isEqualTo("not_fraud");
  }

  @Test
  void metricsCountTheAnswersByOutcomeAndTheQueueCalls() throws Exception {
    String token = link("t-open", CARD, Answer.NOT_FRAUD);
    view(token);
    view("nope");
    confirm(token);
    confirm(token);
    api("GET", "/cases", analystKey, null);
    api("GET", "/cases", collectorKey, null);
    api("POST", "/cases/t-nope/resolve", analystKey, "{\"answer\": \"not_fraud\"}");

    String m = send("GET", "/metrics", null, null, null).body();

    assertThat(m)
        .contains("collector_feedback_link_views_total{result=\"shown\"} 1\n")
        .contains("collector_feedback_link_views_total{result=\"malformed\"} 1\n")
        .contains("collector_feedback_link_views_total{result=\"expired\"} 0\n")
        .contains("collector_feedback_answers_total{source=\"customer\",outcome=\"resolved\"} 1\n")
        .contains(
            "collector_feedback_answers_total{source=\"customer\",outcome=\"already_resolved\"} 1\n")
        .contains("collector_feedback_answers_total{source=\"analyst\",outcome=\"not_found\"} 1\n")
        .contains("collector_feedback_answers_total{source=\"analyst\",outcome=\"resolved\"} 0\n")
        .contains("collector_cases_api_calls_total{call=\"list\",status=\"200\"} 1\n")
        .contains("collector_cases_api_calls_total{call=\"list\",status=\"403\"} 1\n")
        .contains("collector_cases_api_calls_total{call=\"resolve\",status=\"404\"} 1\n")
        .contains(
            "collector_requests_total{route=\"/feedback/{token}\",method=\"POST\",status=\"409\"} 1\n");
    // No token reaches a label.
    assertThat(m).doesNotContain(token.substring(0, 20));
  }
}

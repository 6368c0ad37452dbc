package io.cardstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.service.ApiKeys;
import io.cardstream.service.Json;
import io.cardstream.service.ReloadingKeyStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's HTTP behaviour on an in-memory sink and control plane. */
class CollectorServerTest {

  static final String PAN = "4111111111111111";
  static final PanTokenizer TOKENIZER = PanTokenizer.fromEnvironment(Map.of());

  @TempDir Path dir;
  MemorySink sink;
  MemoryControlPlane control;
  CollectorServer server;
  String base;
  String collectorKey;
  String adminKey;
  String analystKey;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    Path keys = dir.resolve("keys.json");
    collectorKey = ApiKeys.addKey(keys, "shop", "collector");
    adminKey = ApiKeys.addKey(keys, "ops", "admin");
    analystKey = ApiKeys.addKey(keys, "analyst", "analyst");
    sink = new MemorySink();
    control = new MemoryControlPlane();
    server = start(config(keys).build());
  }

  private CollectorConfig.Builder config(Path keys) {
    return CollectorConfig.builder()
        .port(0)
        .kafkaBootstrap("127.0.0.1:9")
        .apiKeysFile(keys)
        .maxBodyBytes(4096)
        .maxRecords(3)
        .rate(1000, 1000);
  }

  private CollectorServer start(CollectorConfig c) {
    return start(c, System::nanoTime);
  }

  private CollectorServer start(CollectorConfig c, LongSupplier nanoTime) {
    MemoryCases cases = new MemoryCases();
    CollectorServer s =
        new CollectorServer(
            c,
            sink,
            ReloadingKeyStore.ofFile(c.server().apiKeysFile()),
            control,
            TOKENIZER,
            new FeedbackLinks("unit-test-link-key-0123456789".getBytes(StandardCharsets.UTF_8)),
            cases,
            new MemoryRecorder(cases, Clock.systemUTC()),
            Clock.systemUTC(),
            nanoTime);
    base = "http://127.0.0.1:" + s.start();
    return s;
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  static String card(String id, String amt) {
    return "{\"trans_num\":\""
        + id
        + "\",\"trans_date_trans_time\":\"2019-01-01 00:00:18\",\"cc_num\":\""
        + PAN
        + "\",\"merchant\":\"fraud_Rippin\",\"category\":\"misc_net\",\"amt\":"
        + amt
        + ",\"first\":\"Jennifer\",\"last\":\"Banks\",\"street\":\"561 Perry Cove\"}";
  }

  HttpResponse<String> post(String path, String key, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("x-api-key", key);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> ingest(String body) throws IOException, InterruptedException {
    return post("/collector/transactions", collectorKey, "application/json", body);
  }

  HttpResponse<String> send(String method, String path, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (key != null) {
      b.header("x-api-key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    return Json.MAPPER.readTree(r.body());
  }

  static void assertError(HttpResponse<String> r, int status, String code) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode n = json(r);
    assertThat(n.path("error").asText()).isEqualTo(code);
    assertThat(n.path("message").asText()).isNotBlank();
    assertThat(n.path("fix").asText()).isNotBlank();
  }

  @Test
  void acceptsValidRecordsAndRejectsTheOthersOneByOne() throws Exception {
    HttpResponse<String> r =
        ingest("{\"records\": [" + card("t-1", "12.5") + ", " + card("t-2", "-3") + ", 42]}");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode n = json(r);
    assertThat(n.get("accepted").asInt()).isEqualTo(1);
    assertThat(n.get("rejected").asInt()).isEqualTo(2);
    JsonNode results = n.get("results");
    assertThat(results.get(0).toString())
        .isEqualTo("{\"index\":0,\"status\":\"accepted\",\"id\":\"t-1\"}");
    assertThat(results.get(1).get("status").asText()).isEqualTo("rejected");
    assertThat(results.get(1).get("reason").asText()).isEqualTo("NON_POSITIVE_AMOUNT");
    assertThat(results.get(1).get("detail").asText())
        .isEqualTo("amt -3 must be a finite number greater than 0");
    assertThat(results.get(2).get("reason").asText()).isEqualTo("MALFORMED_RECORD");
    assertThat(results.get(2).get("detail").asText())
        .isEqualTo("a record must be a JSON object, got a number");

    List<EventSink.Event> events = sink.events();
    assertThat(events).hasSize(1);
    String token = TOKENIZER.cardId(PAN);
    assertThat(events.get(0).key()).isEqualTo(token);
    JsonNode value = Json.MAPPER.readTree(events.get(0).value());
    assertThat(value.get("card_id").asText()).isEqualTo(token);
    assertThat(value.get("card_last4").asText()).isEqualTo("1111");
    assertThat(value.get("amt").asDouble()).isEqualTo(12.5);
    assertThat(value.get("event_time").asText()).isEqualTo("2019-01-01T00:00:18Z");
    assertThat(value.has("cc_num") || value.has("first") || value.has("last")).isFalse();
    assertThat(value.has("street")).isFalse();
    assertThat(events.get(0).value()).doesNotContain(PAN).doesNotContain("Jennifer");
    assertThat(r.body()).doesNotContain(PAN);
  }

  @Test
  void aRecordRepeatedInOneRequestIsRejectedAsADuplicate() throws Exception {
    HttpResponse<String> r =
        ingest("{\"records\": [" + card("t-1", "1") + "," + card("t-1", "1") + "]}");

    JsonNode n = json(r);
    assertThat(n.get("accepted").asInt()).isEqualTo(1);
    assertThat(n.get("results").get(1).get("reason").asText()).isEqualTo("DUPLICATE_ID");
    assertThat(sink.events()).hasSize(1);
  }

  @Test
  void theBankTransferShapeIsMappedAndTokenized() throws Exception {
    HttpResponse<String> r =
        ingest(
            "{\"records\": [{\"trxId\": \"trx-1\", \"amount\": 250.75, \"senderId\": \"s1\","
                + " \"receiverId\": \"r1\", \"senderIban\": \"DE89 3704 0044 0532 0130 00\","
                + " \"receiverIban\": \"GB82WEST12345698765432\", \"senderBankId\": \"b1\","
                + " \"receiverBankId\": \"b2\", \"transactionDate\":"
                + " \"2023-10-10T10:00:00.000+0000\"}]}");

    assertThat(json(r).get("results").get(0).get("id").asText()).isEqualTo("trx-1");
    EventSink.Event e = sink.events().get(0);
    assertThat(e.key()).isEqualTo(TOKENIZER.cardId("DE89370400440532013000"));
    assertThat(e.value())
        .doesNotContain("DE89")
        .doesNotContain("370400440532013000")
        .doesNotContain("WEST12345698765432");
    assertThat(r.body()).doesNotContain("3704").doesNotContain("WEST");
  }

  @Test
  void keysAreRequiredKnownAndOfTheRouteRole() throws Exception {
    String body = "{\"records\": [" + card("t-1", "1") + "]}";
    assertError(
        post("/collector/transactions", null, "application/json", body), 401, "missing_api_key");
    assertError(
        post("/collector/transactions", "cs_not-a-key", "application/json", body),
        403,
        "unknown_api_key");
    assertError(
        post("/collector/transactions", adminKey, "application/json", body), 403, "forbidden");
    assertError(
        post("/collector/transactions", analystKey, "application/json", body), 403, "forbidden");
    assertError(send("GET", "/admin/flags", collectorKey, null), 403, "forbidden");
    assertError(send("GET", "/admin/flags", analystKey, null), 403, "forbidden");
    assertThat(sink.events()).isEmpty();
  }

  @Test
  void refusesBodiesThatAreNotJsonOrTooLarge() throws Exception {
    assertError(
        post("/collector/transactions", collectorKey, "text/plain", "{\"records\": []}"),
        415,
        "unsupported_media_type");
    assertError(
        post("/collector/transactions", collectorKey, null, "{\"records\": []}"),
        415,
        "unsupported_media_type");
    assertError(
        post(
            "/collector/transactions",
            collectorKey,
            "application/json; charset=ISO-8859-1",
            "{\"records\": []}"),
        415,
        "unsupported_media_type");
    String big = "{\"records\": [" + card("t-1", "1") + "], \"pad\": \"" + "x".repeat(5000) + "\"}";
    HttpResponse<String> byLength = ingest(big);
    assertError(byLength, 413, "body_too_large");
    assertThat(json(byLength).get("message").asText()).contains("(Content-Length)");

    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create(base + "/collector/transactions"))
            .header("x-api-key", collectorKey)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
            .build();
    HttpResponse<String> streamed = http.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertError(streamed, 413, "body_too_large");
    assertThat(json(streamed).get("message").asText()).contains("more than 4096 bytes");
    assertThat(sink.events()).isEmpty();
  }

  @Test
  void refusesBodiesOfTheWrongShape() throws Exception {
    assertError(ingest("{\"records\": [" + card("t-1", "1")), 400, "malformed_json");
    assertError(ingest("not json"), 400, "malformed_json");
    assertError(ingest("{\"records\": []} trailing"), 400, "malformed_json");
    assertError(ingest("[1, 2]"), 400, "invalid_body");
    assertError(ingest("{\"records\": {\"a\": 1}}"), 400, "invalid_body");
    assertError(ingest("{\"other\": []}"), 400, "invalid_body");
    assertError(ingest("{}"), 400, "invalid_body");
    assertError(ingest("{\"records\": []}"), 400, "empty_batch");
    assertError(ingest("{\"records\": [{}, {}, {}, {}]}"), 400, "too_many_records");
    assertError(ingest(""), 400, "malformed_json");
    assertThat(sink.events()).isEmpty();
  }

  @Test
  void aJsonErrorDoesNotQuoteTheClientsTokens() throws Exception {
    HttpResponse<String> r = ingest("{\"records\": [{\"first\": Jennifer}]}");

    assertError(r, 400, "malformed_json");
    assertThat(r.body()).doesNotContain("Jennifer");

    HttpResponse<String> truncated =
        ingest("{\"records\": [{\"cc_num\": \"" + PAN + "\", \"first\": \"Jennifer\", \"amt\": 1");
    assertError(truncated, 400, "malformed_json");
    assertThat(json(truncated).get("message").asText())
        .startsWith("the body is not valid JSON: line 1, column ");
    assertThat(truncated.body()).doesNotContain(PAN).doesNotContain("Jennifer");
  }

  @Test
  void aBrokerThatCannotTakeTheWriteIs503AndNothingIsReportedAccepted() throws Exception {
    sink.failing = true;

    HttpResponse<String> r = ingest("{\"records\": [" + card("t-1", "1") + "]}");

    assertError(r, 503, "broker_unavailable");
    assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(r.body()).doesNotContain("accepted");
  }

  @Test
  void aRequestWithOnlyRejectedRecordsNeedsNoBroker() throws Exception {
    sink.failing = true;

    HttpResponse<String> r = ingest("{\"records\": [" + card("", "1") + "]}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("results").get(0).get("reason").asText()).isEqualTo("MISSING_ID");
  }

  @Test
  void overTheRateIs429WithRetryAfter() throws Exception {
    server.stop();
    // One token per 1000 s: the third request cannot have a token, however fast the machine.
    server = start(config(dir.resolve("keys.json")).rate(0.001, 2).build());
    String body = "{\"records\": [" + card("t-1", "1") + "]}";

    assertThat(ingest(body).statusCode()).isEqualTo(200);
    assertThat(ingest(body).statusCode()).isEqualTo(200);
    HttpResponse<String> third = ingest(body);

    assertError(third, 429, "rate_limited");
    assertThat(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 1000L);
    // The bucket is the key's: another key still passes.
    assertThat(send("GET", "/admin/flags", adminKey, null).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongKeysFromOneAddressAre429PastItsLimitWhileValidKeysAndOtherAddressesPass()
      throws Exception {
    server.stop();
    AtomicLong nanos = new AtomicLong();
    // 3 a minute: a burst of 3, then one more every 20 s.
    server = start(config(dir.resolve("keys.json")).authFailuresPerMinute(3).build(), nanos::get);
    int port = URI.create(base).getPort();
    String body = "{\"records\": [" + card("t-1", "1") + "]}";
    String path = "/collector/transactions";

    for (int i = 0; i < 3; i++) {
      assertError(post(path, "cs_wrong-" + i, "application/json", body), 403, "unknown_api_key");
    }
    HttpResponse<String> fourth = post(path, "cs_wrong-3", "application/json", body);
    HttpResponse<String> wrongScrape = send("GET", "/metrics", "cs_wrong-4", null);
    HttpResponse<String> valid = ingest(body);
    HttpResponse<String> noKey = post(path, null, "application/json", body);
    int otherAddress =
        FromAddress.status("127.0.0.2", port, "GET", "/admin/flags", "x-api-key: cs_wrong-5");

    assertError(fourth, 429, "too_many_failed_authentications");
    assertThat(fourth.headers().firstValue("Retry-After")).hasValue("20");
    assertError(wrongScrape, 429, "too_many_failed_authentications");
    assertThat(valid.statusCode()).isEqualTo(200);
    // A request without a key guesses nothing: 401 as ever, not counted.
    assertError(noKey, 401, "missing_api_key");
    assertThat(otherAddress).isEqualTo(403);

    nanos.addAndGet(20_000_000_000L);
    assertError(post(path, "cs_wrong-6", "application/json", body), 403, "unknown_api_key");
    assertError(
        post(path, "cs_wrong-7", "application/json", body), 429, "too_many_failed_authentications");
    assertThat(sink.events()).hasSize(1);
  }

  @Test
  void unknownRoutesAre404AndWrongMethods405InJson() throws Exception {
    assertError(send("GET", "/nope", null, null), 404, "not_found");
    assertError(
        send("GET", "/collector/transactions", collectorKey, null), 405, "method_not_allowed");
    assertError(send("DELETE", "/health", null, null), 405, "method_not_allowed");
  }

  @Test
  void requestsJettyRefusesAreJsonAndTheNextRequestStillGetsAnAnswer() throws Exception {
    HttpResponse<String> ambiguous = send("POST", "/%2e%2e/admin/rules", adminKey, "{}");

    assertError(ambiguous, 400, "bad_request");
    // Jetty closes such a connection; the client must be told, or its next request on the
    // connection would get no answer.
    assertThat(ingest("{\"records\": [" + card("t-1", "1") + "]}").statusCode()).isEqualTo(200);
  }

  @Test
  void healthSaysWhetherTheBrokerIsReachable() throws Exception {
    HttpResponse<String> r = send("GET", "/health", null, null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\":\"up\",\"broker\":\"reachable\"}");
  }

  @Test
  void metricsCountRequestsRecordsAndKeys() throws Exception {
    ingest("{\"records\": [" + card("t-1", "1") + "," + card("t-2", "0") + "]}");
    send("GET", "/nope", null, null);

    HttpResponse<String> r = send("GET", "/metrics", analystKey, null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(r.body())
        .contains(
            "collector_requests_total{route=\"/collector/transactions\",method=\"POST\",status=\"200\"} 1\n")
        .contains("collector_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n")
        .contains("collector_records_accepted_total 1\n")
        .contains("collector_records_rejected_total{reason=\"NON_POSITIVE_AMOUNT\"} 1\n")
        .contains("collector_requests_by_key_total{key_id=\"shop\"} 1\n")
        .contains("collector_request_duration_seconds_count{route=\"/collector/transactions\"} 1\n")
        .contains("# TYPE collector_request_duration_seconds histogram\n");
  }

  @Test
  void metricsNameTheKeysOnlyToAScrapeWithAKey() throws Exception {
    ingest("{\"records\": [" + card("t-1", "1") + "]}");
    send("GET", "/admin/flags", adminKey, null);

    HttpResponse<String> anonymous = send("GET", "/metrics", null, null);
    HttpResponse<String> wrongKey = send("GET", "/metrics", "cs_not-a-key", null);
    HttpResponse<String> withKey = send("GET", "/metrics", collectorKey, null);

    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body())
        .contains("collector_requests_authenticated_total 2\n")
        .contains("collector_records_accepted_total 1\n")
        .contains(
            "collector_requests_total{route=\"/admin/flags\",method=\"GET\",status=\"200\"} 1\n")
        .doesNotContain("key_id")
        .doesNotContain("shop")
        .doesNotContain("\"ops\"");
    assertError(wrongKey, 403, "unknown_api_key");
    assertThat(withKey.statusCode()).isEqualTo(200);
    assertThat(withKey.body())
        .contains("collector_requests_by_key_total{key_id=\"shop\"} 1\n")
        .contains("collector_requests_by_key_total{key_id=\"ops\"} 1\n")
        .contains("collector_requests_authenticated_total 2\n");
  }

  @Test
  void adminFlagsByCardTokenAndIbanWithoutEchoingTheNumber() throws Exception {
    HttpResponse<String> byCard =
        send(
            "POST",
            "/admin/flags",
            adminKey,
            "{\"card\": \"" + PAN + "\", \"reason\": \"stolen\"}");

    assertThat(byCard.statusCode()).isEqualTo(200);
    String token = TOKENIZER.cardId(PAN);
    assertThat(byCard.body()).isEqualTo("{\"card_id\":\"" + token + "\",\"flagged\":true}");
    FlagEvent e = control.published.get(0);
    assertThat(e.cardId()).isEqualTo(token);
    assertThat(e.flagged()).isTrue();
    assertThat(e.reason()).isEqualTo("stolen");
    assertThat(e.by()).isEqualTo("ops");

    String other = "a".repeat(64);
    send("POST", "/admin/flags", adminKey, "{\"token\": \"" + other + "\", \"reason\": \"x\"}");
    send(
        "POST",
        "/admin/flags",
        adminKey,
        "{\"iban\": \"GB82WEST12345698765432\", \"reason\": \"y\"}");
    HttpResponse<String> unflag =
        send("DELETE", "/admin/flags/" + other + "?reason=cleared", adminKey, null);
    assertThat(unflag.body()).isEqualTo("{\"card_id\":\"" + other + "\",\"flagged\":false}");
    assertThat(control.published.get(3).reason()).isEqualTo("cleared");

    JsonNode flags = json(send("GET", "/admin/flags", adminKey, null)).get("flags");
    assertThat(flags).hasSize(2);
    assertThat(flags.findValuesAsText("card_id"))
        .containsExactlyInAnyOrder(token, TOKENIZER.cardId("GB82WEST12345698765432"));
  }

  @Test
  void adminFlagRequestsThatCannotBeAFlagAre400() throws Exception {
    assertError(send("POST", "/admin/flags", adminKey, "{\"reason\": \"x\"}"), 400, "invalid_body");
    assertError(
        send("POST", "/admin/flags", adminKey, "{\"card\": \"12ab\", \"reason\": \"x\"}"),
        400,
        "invalid_card");
    assertError(
        send("POST", "/admin/flags", adminKey, "{\"card\": \"" + PAN + "\"}"), 400, "invalid_flag");
    assertError(
        send("POST", "/admin/flags", adminKey, "{\"token\": \"short\", \"reason\": \"x\"}"),
        400,
        "invalid_flag");
    assertError(send("DELETE", "/admin/flags/NOTATOKEN", adminKey, null), 400, "invalid_flag");
    assertThat(control.published).isEmpty();
  }

  @Test
  void aFlagReasonWithACardNumberControlCharactersOrTooLongIs400AndNothingIsPublished()
      throws Exception {
    String token = "a".repeat(64);
    HttpResponse<String> inReason =
        send(
            "POST",
            "/admin/flags",
            adminKey,
            "{\"token\": \"" + token + "\", \"reason\": \"stolen, 4111 1111 1111 1111\"}");
    HttpResponse<String> withCard =
        send(
            "POST",
            "/admin/flags",
            adminKey,
            "{\"card\": \"" + PAN + "\", \"reason\": \"see " + PAN + "\"}");
    HttpResponse<String> unflag =
        send("DELETE", "/admin/flags/" + token + "?reason=found%20" + PAN, adminKey, null);
    HttpResponse<String> newline =
        send(
            "POST",
            "/admin/flags",
            adminKey,
            "{\"token\": \"" + token + "\", \"reason\": \"lost\\nforged line\"}");
    HttpResponse<String> tooLong =
        send(
            "POST",
            "/admin/flags",
            adminKey,
            "{\"token\": \"" + token + "\", \"reason\": \"" + "x".repeat(501) + "\"}");

    for (HttpResponse<String> r : List.of(inReason, withCard, unflag)) {
      assertError(r, 400, "invalid_flag");
      assertThat(json(r).get("message").asText()).isEqualTo(FlagEvent.CARD_NUMBER_IN_REASON);
      assertThat(r.body()).doesNotContain("4111").doesNotContain("1111 1111");
    }
    assertThat(json(inReason).get("fix").asText()).contains("\"card\"");
    assertError(newline, 400, "invalid_flag");
    assertThat(json(newline).get("message").asText()).contains("control or invisible character");
    assertError(tooLong, 400, "invalid_flag");
    assertThat(json(tooLong).get("message").asText()).contains("longer than 500");
    assertThat(control.published).isEmpty();
  }

  @Test
  void adminRulesArePublishedOnlyWhenValid() throws Exception {
    assertError(send("GET", "/admin/rules", adminKey, null), 404, "no_rules");
    String doc =
        new String(
            io.cardstream.common.decision.RuleSet.class
                .getResourceAsStream("default-rules.json")
                .readAllBytes(),
            StandardCharsets.UTF_8);

    HttpResponse<String> bad = send("PUT", "/admin/rules", adminKey, "{\"version\": \"v2\"}");
    assertError(bad, 400, "invalid_rules");
    HttpResponse<String> withCard =
        send(
            "PUT",
            "/admin/rules",
            adminKey,
            doc.replace("\"velocity_1h\"", "\"velocity_1h for " + PAN + "\""));
    assertError(withCard, 400, "invalid_rules");
    assertThat(json(withCard).get("message").asText())
        .contains("rules[3].id holds what looks like a card number");
    assertThat(withCard.body()).doesNotContain(PAN);
    assertThat(control.rules).isEmpty();

    HttpResponse<String> ok = send("PUT", "/admin/rules", adminKey, doc);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).get("version").asText()).isEqualTo("2026-11-22.1");
    HttpResponse<String> got = send("GET", "/admin/rules", adminKey, null);
    assertThat(got.body()).isEqualTo(doc);
  }
}

package io.cardstream.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.Transaction;
import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.input.JsonEventParser;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.Iban;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.ingest.CollectorConfig;
import io.cardstream.service.ApiKeys;
import io.cardstream.service.JvmLauncher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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

/**
 * The HTTP collector on the real local Kafka, each instance in its own JVM started from {@code
 * ingest/target/classpath.txt} exactly as the local stack and a deployment start it (it cannot run
 * inside this JVM: Spark's servlet API 4 shadows the servlet 6 API Jetty 12 needs, which is why the
 * collector has a JVM of its own). Every error path against the real server, accepted records read
 * back from the topic, the bank-transfer shape, key rotation without a restart, the admin routes on
 * the control topics, health and metrics, a fuzz run, and at the end a scan of the topics, the
 * responses and the log for any test card number or IBAN.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollectorIT {

  static final PanTokenizer TOKENIZER = PanTokenizer.fromEnvironment(Map.of());
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> PANS =
      List.of(
          "4111111111111111",
          "5555555555554444",
          "378282246310005",
          "6011111111111117",
          "4000056655665556",
          "3530111333300000");
  static final String SENDER = "DE89370400440532013000";
  static final String RECEIVER = "GB82WEST12345698765432";
  static final List<String> IBANS =
      List.of(
          SENDER,
          RECEIVER,
          "FR1420041010050500013M02606",
          "NL91ABNA0417164300",
          "ES9121000418450200051332",
          "IT60X0542811101000000123456",
          "BE68539007547034",
          "CH9300762011623852957");
  private static final PrintStream OUT =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  /** Every response body this test saw, scanned at the end. */
  static final StringBuffer RESPONSES = new StringBuffer();

  static Path stateDir;
  static LocalStack stack;
  static Endpoints endpoints;
  static Path keysFile;
  static String collectorKey;
  static String adminKey;
  static String analystKey;
  static String fuzzKey;
  static Collector server;
  static String base;
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void up() throws IOException {
    Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    stateDir = Files.createTempDirectory("cardstream-collector-it-");
    stack =
        new LocalStack(
            new StackConfig(
                home, stateDir, 24092, 24000, 24432, 24080, 24090, 24025, 24567, false, false,
                false));
    stack.up(OUT);
    endpoints = stack.endpoints();
    StackInit.run(endpoints, OUT);
    keysFile = stateDir.resolve("collector/api-keys.json");
    collectorKey = ApiKeys.addKey(keysFile, "it-shop", "collector");
    adminKey = ApiKeys.addKey(keysFile, "it-admin", "admin");
    analystKey = ApiKeys.addKey(keysFile, "it-analyst", "analyst");
    fuzzKey = ApiKeys.addKey(keysFile, "it-fuzz", "collector");
    // The fuzz sends thousands of wrong keys from 127.0.0.1; ingest's unit tests cover that 429.
    server =
        Collector.start(
            "main",
            endpoints.kafkaBootstrap(),
            "--rate",
            "1000",
            "--burst",
            "5000",
            "--auth-failures-per-minute",
            "0");
    base = server.url();
    IBANS.forEach(i -> assertThat(Iban.normalize(i)).as(i).isEqualTo(i));
  }

  /**
   * One collector JVM: {@code java -cp ingest/target/classes:$(cat ingest/target/classpath.txt)
   * io.cardstream.ingest.CollectorMain ...} on a free port, its output in a log file of its own.
   */
  record Collector(String name, Process process, Path log, String url) {

    static Collector start(String name, String bootstrap, String... options) throws IOException {
      Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
      // The development HMAC key, as TOKENIZER: the test computes the tokens it expects.
      java.util.Map<String, String> env = new java.util.HashMap<>();
      env.put(PanTokenizer.KEY_ENV, null);
      JvmLauncher.Running r =
          CollectorProcess.start(
              home,
              bootstrap,
              keysFile,
              stateDir.resolve("collector-" + name + ".log"),
              env,
              options);
      return new Collector(name, r.process(), r.log(), r.url());
    }

    /** SIGTERM: the collector stops its server and closes its producer. */
    void stop() throws InterruptedException {
      new JvmLauncher.Running(process, url, log).stop();
    }
  }

  @AfterAll
  static void down() throws InterruptedException, IOException {
    if (server != null) {
      server.stop();
    }
    if (stack != null) {
      stack.down(OUT);
    }
    if (stateDir != null) {
      LocalStack.deleteRecursively(stateDir);
    }
  }

  // ---------------------------------------------------------------- HTTP helpers

  record Resp(int status, String body, Map<String, List<String>> headers) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  static Resp send(
      String baseUrl, String method, String path, String key, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("x-api-key", key);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    RESPONSES.append(r.body()).append('\n');
    return new Resp(r.statusCode(), r.body(), r.headers().map());
  }

  static Resp ingest(String key, String body) throws IOException, InterruptedException {
    return send(base, "POST", "/collector/transactions", key, "application/json", body);
  }

  static Resp admin(String method, String path, String body)
      throws IOException, InterruptedException {
    return send(base, method, path, adminKey, "application/json", body);
  }

  static void assertError(Resp r, int status, String code) throws IOException {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode n = r.json();
    assertThat(n.path("error").asText()).isEqualTo(code);
    assertThat(n.path("message").asText()).isNotBlank();
    assertThat(n.path("fix").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /**
   * One exchange on a raw socket, for what an HTTP client library will not send (a lying
   * Content-Length, a chunked body past the limit). The body is written on another thread while
   * this one reads, as the server answers before it has read everything.
   */
  static Resp raw(String head, byte[] body) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", URI.create(base).getPort()), 5000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  out.write(body);
                  out.flush();
                } catch (IOException closedByTheServer) {
                  // expected once the server answered and closed
                }
              });
      String response = new String(readAll(s.getInputStream()), StandardCharsets.ISO_8859_1);
      writer.cancel(true);
      int split = response.indexOf("\r\n\r\n");
      String[] lines = response.substring(0, split).split("\r\n");
      Map<String, List<String>> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, c).trim(), List.of(lines[i].substring(c + 1).trim()));
      }
      String payload = response.substring(split + 4);
      RESPONSES.append(payload).append('\n');
      return new Resp(Integer.parseInt(lines[0].split(" ")[1]), payload, headers);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        b.write(buf, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // the answer came before the reset; what was read is the answer
    }
    return b.toByteArray();
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

  // ---------------------------------------------------------------- records

  static ObjectNode card(String id, String pan, double amt) {
    ObjectNode n = JSON.createObjectNode();
    n.put("trans_num", id);
    n.put("trans_date_trans_time", "2019-01-01 00:00:18");
    n.put("cc_num", pan);
    n.put("merchant", "fraud_Rippin, Kub and Mann");
    n.put("category", "misc_net");
    n.put("amt", amt);
    n.put("first", "Jennifer");
    n.put("last", "Banks");
    n.put("gender", "F");
    n.put("street", "561 Perry Cove");
    n.put("city", "Moravian Falls");
    n.put("state", "NC");
    n.put("zip", "28654");
    n.put("lat", 36.0788);
    n.put("long", -81.1781);
    n.put("city_pop", 3495);
    n.put("job", "Psychologist, counselling");
    n.put("dob", "1988-03-09");
    n.put("unix_time", 1325376018L);
    n.put("merch_lat", 36.011293);
    n.put("merch_long", -82.048315);
    n.put("is_fraud", 0);
    return n;
  }

  static ObjectNode transfer(String id, String sender, String receiver, String amount) {
    ObjectNode n = JSON.createObjectNode();
    n.put("trxId", id);
    n.put("amount", amount);
    n.put("senderId", "cust-17");
    n.put("receiverId", "cust-42");
    n.put("senderIban", sender);
    n.put("receiverIban", receiver);
    n.put("senderBankId", "COBADEFFXXX");
    n.put("receiverBankId", "WESTGB2LXXX");
    n.put("transactionDate", "2023-10-10T10:00:00.000+0000");
    return n;
  }

  static String batch(JsonNode... records) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode arr = root.putArray("records");
    for (JsonNode r : records) {
      arr.add(r);
    }
    return root.toString();
  }

  static Transaction valid(String topicValue) {
    ParseResult r = new JsonEventParser(ReaderOptions.defaults()).parse(topicValue, 1);
    assertThat(r).as(topicValue).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) r).transaction();
  }

  // ---------------------------------------------------------------- tests

  @Test
  @Order(1)
  void healthIsUpWithTheBrokerReachable() throws Exception {
    Resp r = send(base, "GET", "/health", null, null, null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\":\"up\",\"broker\":\"reachable\"}");
  }

  @Test
  @Order(2)
  void acceptedRecordsAreOnTheTopicTokenizedAndKeyedByTheCardToken() throws Exception {
    Map<TopicPartition, Long> start = endOffsets(Topics.TRANSACTIONS);
    List<JsonNode> records = new ArrayList<>();
    Map<String, String> panOf = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      String pan = PANS.get(i % PANS.size());
      records.add(card("acc-" + i, pan, 10 + i));
      panOf.put("acc-" + i, pan);
    }
    records.add(card("bad-amt", PANS.get(0), -5));
    records.add(card("", PANS.get(0), 5));
    ObjectNode badCard = card("bad-card", "4111-1111-x", 5);
    records.add(badCard);
    ObjectNode badTime = card("bad-time", PANS.get(1), 5);
    badTime.put("trans_date_trans_time", "yesterday");
    records.add(badTime);
    records.add(JSON.getNodeFactory().textNode(PANS.get(2)));

    Resp r = ingest(collectorKey, batch(records.toArray(JsonNode[]::new)));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode n = r.json();
    assertThat(n.get("accepted").asInt()).isEqualTo(60);
    assertThat(n.get("rejected").asInt()).isEqualTo(5);
    JsonNode results = n.get("results");
    assertThat(results).hasSize(65);
    for (int i = 0; i < 60; i++) {
      assertThat(results.get(i).toString())
          .isEqualTo("{\"index\":" + i + ",\"status\":\"accepted\",\"id\":\"acc-" + i + "\"}");
    }
    assertThat(List.of(60, 61, 62, 63, 64).stream().map(i -> results.get(i).get("reason").asText()))
        .containsExactly(
            "NON_POSITIVE_AMOUNT",
            "MISSING_ID",
            "BAD_CARD_NUMBER",
            "UNPARSEABLE_TIME",
            "MALFORMED_RECORD");

    List<ConsumerRecord<String, String>> written = read(Topics.TRANSACTIONS, start);
    assertThat(written).hasSize(60);
    for (ConsumerRecord<String, String> rec : written) {
      Transaction t = valid(rec.value());
      assertThat(t.ccNum()).isNull();
      assertThat(rec.key()).isEqualTo(TOKENIZER.cardId(panOf.get(t.transNum())));
      assertThat(t.cardToken()).isEqualTo(rec.key());
      String pan = panOf.get(t.transNum());
      assertThat(t.tokenLast4()).isEqualTo(pan.substring(pan.length() - 4));
      JsonNode v = JSON.readTree(rec.value());
      assertThat(v.has("first") || v.has("last") || v.has("street") || v.has("cc_num")).isFalse();
      assertThat(v.get("city").asText()).isEqualTo("Moravian Falls");
    }
    assertThat(written.stream().map(c -> valid(c.value()).transNum()).collect(Collectors.toSet()))
        .isEqualTo(panOf.keySet());
  }

  @Test
  @Order(3)
  void aFullBatchIsAcceptedAndOneMoreRecordIsRefused() throws Exception {
    Map<TopicPartition, Long> start = endOffsets(Topics.TRANSACTIONS);
    JsonNode[] full = new JsonNode[CollectorConfig.DEFAULT_MAX_RECORDS + 1];
    for (int i = 0; i < full.length; i++) {
      full[i] = card("full-" + i, PANS.get(i % PANS.size()), 1 + i % 50);
    }

    assertError(ingest(collectorKey, batch(full)), 400, "too_many_records");
    Resp ok = ingest(collectorKey, batch(java.util.Arrays.copyOf(full, full.length - 1)));

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().get("accepted").asInt()).isEqualTo(500);
    assertThat(read(Topics.TRANSACTIONS, start)).hasSize(500);
  }

  @Test
  @Order(4)
  void theBankTransferShapeIsMappedOntoTheContract() throws Exception {
    Map<TopicPartition, Long> start = endOffsets(Topics.TRANSACTIONS);

    Resp r =
        ingest(
            collectorKey,
            batch(
                transfer("trx-1", "DE89 3704 0044 0532 0130 00", RECEIVER, "250.75"),
                transfer("trx-2", "DE89370400440532013001", RECEIVER, "10"),
                transfer("trx-3", SENDER, RECEIVER, "-1")));

    assertThat(r.status()).isEqualTo(200);
    JsonNode results = r.json().get("results");
    assertThat(results.get(0).get("id").asText()).isEqualTo("trx-1");
    assertThat(results.get(1).get("reason").asText()).isEqualTo("BAD_ACCOUNT_NUMBER");
    assertThat(results.get(1).get("detail").asText()).startsWith("senderIban is not a valid IBAN");
    assertThat(results.get(2).get("reason").asText()).isEqualTo("NON_POSITIVE_AMOUNT");
    assertThat(results.get(2).get("detail").asText())
        .isEqualTo("amount -1 must be a finite number greater than 0");
    List<ConsumerRecord<String, String>> written = read(Topics.TRANSACTIONS, start);
    assertThat(written).hasSize(1);
    ConsumerRecord<String, String> rec = written.get(0);
    assertThat(rec.key()).isEqualTo(TOKENIZER.cardId(SENDER));
    Transaction t = valid(rec.value());
    assertThat(t.transNum()).isEqualTo("trx-1");
    assertThat(t.eventTime()).isEqualTo(java.time.Instant.parse("2023-10-10T10:00:00Z"));
    assertThat(t.amt()).isEqualTo(250.75);
    assertThat(t.category()).isEqualTo("bank_transfer");
    assertThat(t.cardToken()).isEqualTo(TOKENIZER.cardId(SENDER));
    assertThat(t.tokenLast4()).isEqualTo("3000");
    assertThat(t.merchant()).isEqualTo("acct_" + TOKENIZER.cardId(RECEIVER).substring(0, 16));
  }

  @Test
  @Order(5)
  void everyErrorPathAnswersJsonAndWritesNothing() throws Exception {
    Map<TopicPartition, Long> start = endOffsets(Topics.TRANSACTIONS);
    String ok = batch(card("err-1", PANS.get(0), 3));
    String path = "/collector/transactions";

    assertError(send(base, "POST", path, null, "application/json", ok), 401, "missing_api_key");
    assertError(ingest("cs_made-up", ok), 403, "unknown_api_key");
    assertError(ingest(adminKey, ok), 403, "forbidden");
    assertError(ingest(analystKey, ok), 403, "forbidden");
    assertError(send(base, "GET", "/admin/flags", collectorKey, null, null), 403, "forbidden");
    assertError(
        send(base, "POST", path, collectorKey, "text/plain", ok), 415, "unsupported_media_type");
    assertError(send(base, "POST", path, collectorKey, null, ok), 415, "unsupported_media_type");
    assertError(ingest(collectorKey, "{\"records\": [" + PANS.get(0)), 400, "malformed_json");
    assertError(ingest(collectorKey, "\u00ff\u00fe garbage"), 400, "malformed_json");
    assertError(ingest(collectorKey, "[" + ok + "]"), 400, "invalid_body");
    assertError(ingest(collectorKey, "{\"records\": \"x\"}"), 400, "invalid_body");
    assertError(ingest(collectorKey, "{\"events\": []}"), 400, "invalid_body");
    assertError(ingest(collectorKey, "{\"records\": []}"), 400, "empty_batch");
    assertError(
        send(base, "GET", "/collector/nothing", collectorKey, null, null), 404, "not_found");
    assertError(send(base, "GET", path, collectorKey, null, null), 405, "method_not_allowed");
    assertError(send(base, "PUT", "/health", null, null, null), 405, "method_not_allowed");

    // A client that announces more than the limit: refused on the header, nothing read.
    Resp byLength =
        raw(
            "POST "
                + path
                + " HTTP/1.1\r\nHost: x\r\nx-api-key: "
                + collectorKey
                + "\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n",
            new byte[0]);
    assertError(byLength, 413, "body_too_large");
    assertThat(byLength.json().get("message").asText()).contains("(Content-Length)");

    // A chunked body that grows past the limit: refused on what arrives.
    byte[] chunk =
        ("{\"records\": [{\"pad\": \"" + "x".repeat(64 * 1024)).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream chunked = new ByteArrayOutputStream();
    for (int i = 0; i < 20; i++) { // 1.3 MB in all
      chunked.write(
          (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      chunked.write(chunk);
      chunked.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    chunked.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    Resp streamed =
        raw(
            "POST "
                + path
                + " HTTP/1.1\r\nHost: x\r\nx-api-key: "
                + collectorKey
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            chunked.toByteArray());
    assertError(streamed, 413, "body_too_large");
    assertThat(streamed.json().get("message").asText()).contains("more than 1048576 bytes");

    assertThat(endOffsets(Topics.TRANSACTIONS)).isEqualTo(start);
  }

  @Test
  @Order(6)
  void overItsRateAKeyGets429WithRetryAfter() throws Exception {
    // One token per 1000 s: the third request finds the bucket empty, however fast it comes.
    Collector slow =
        Collector.start("slow", endpoints.kafkaBootstrap(), "--rate", "0.001", "--burst", "2");
    String url = slow.url();
    try {
      String ok = batch(card("rate-1", PANS.get(0), 3));
      for (int i = 0; i < 2; i++) {
        Resp r = send(url, "POST", "/collector/transactions", collectorKey, "application/json", ok);
        assertThat(r.status()).isEqualTo(200);
      }
      Resp limited =
          send(url, "POST", "/collector/transactions", collectorKey, "application/json", ok);
      assertError(limited, 429, "rate_limited");
      assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 1000L);
    } finally {
      slow.stop();
    }
  }

  @Test
  @Order(7)
  void aBrokerThatCannotTakeWritesIs503WithinTheBrokerTimeout() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    Collector orphan =
        Collector.start("orphan", "127.0.0.1:" + dead, "--broker-timeout-ms", "1500");
    String url = orphan.url();
    try {
      Resp r =
          send(
              url,
              "POST",
              "/collector/transactions",
              collectorKey,
              "application/json",
              batch(card("down-1", PANS.get(0), 3)));
      assertError(r, 503, "broker_unavailable");
      assertThat(r.header("Retry-After")).isEqualTo("5");
      assertThat(r.body()).doesNotContain("\"accepted\"");
      Resp health = send(url, "GET", "/health", null, null, null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"status\":\"up\",\"broker\":\"unreachable\"}");
    } finally {
      orphan.stop();
    }
  }

  @Test
  @Order(8)
  void keysRotateWithoutARestart() throws Exception {
    String body = batch(card("rot-1", PANS.get(0), 3));
    String first = ApiKeys.addKey(keysFile, "it-rotating-1", "collector");
    assertThat(eventually(() -> status(first, body), 200)).isEqualTo(200);

    String second = ApiKeys.addKey(keysFile, "it-rotating-2", "collector");
    assertThat(ApiKeys.removeKey(keysFile, "it-rotating-1")).isTrue();

    assertThat(eventually(() -> status(first, body), 403)).isEqualTo(403);
    assertThat(status(second, body)).isEqualTo(200);
    assertError(ingest(first, body), 403, "unknown_api_key");
  }

  private static int status(String key, String body) {
    try {
      return ingest(key, body).status();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls for up to 10 s (the file is checked once a second) until {@code want} comes. */
  private static int eventually(Supplier<Integer> f, int want) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int got = f.get();
    while (got != want && System.nanoTime() < deadline) {
      Thread.sleep(200);
      got = f.get();
    }
    return got;
  }

  @Test
  @Order(9)
  void adminRoutesPublishFlagsAndRulesOnTheControlTopics() throws Exception {
    ControlTopics topics = new ControlTopics(endpoints.kafkaBootstrap(), endpoints.kafkaAuth());
    String pan = PANS.get(3);
    String token = TOKENIZER.cardId(pan);

    Resp flagged =
        admin("POST", "/admin/flags", "{\"card\": \"" + pan + "\", \"reason\": \"stolen\"}");
    assertThat(flagged.status()).isEqualTo(200);
    assertThat(flagged.body()).isEqualTo("{\"card_id\":\"" + token + "\",\"flagged\":true}");
    FlagEvent e = topics.flags().get(token);
    assertThat(e.reason()).isEqualTo("stolen");
    assertThat(e.by()).isEqualTo("it-admin");
    JsonNode listed = admin("GET", "/admin/flags", null).json().get("flags");
    assertThat(listed.findValuesAsText("card_id")).contains(token);
    assertThat(listed.toString()).contains("\"reason\":\"stolen\"").contains("\"by\":\"it-admin\"");

    Resp unflagged = admin("DELETE", "/admin/flags/" + token + "?reason=found", null);
    assertThat(unflagged.body()).isEqualTo("{\"card_id\":\"" + token + "\",\"flagged\":false}");
    assertThat(topics.flags()).doesNotContainKey(token);
    List<ConsumerRecord<String, String>> events = read(Topics.FLAGGED_ACCOUNTS, null);
    assertThat(events.get(events.size() - 1).key()).isEqualTo(token);
    assertThat(FlagEvent.fromJson(events.get(events.size() - 1).value()).reason())
        .isEqualTo("found");

    assertError(admin("GET", "/admin/rules", null), 404, "no_rules");
    Map<TopicPartition, Long> rulesBefore = endOffsets(Topics.RULES);
    Resp invalid = admin("PUT", "/admin/rules", "{\"version\": \"it-1\", \"model\": {}}");
    assertError(invalid, 400, "invalid_rules");
    assertThat(invalid.json().get("message").asText()).contains("thresholds");
    assertThat(endOffsets(Topics.RULES)).isEqualTo(rulesBefore);

    String doc;
    try (InputStream in = RuleSet.class.getResourceAsStream("default-rules.json")) {
      doc = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("2026-11-22.1", "it-2");
    }
    Resp published = admin("PUT", "/admin/rules", doc);
    assertThat(published.status()).isEqualTo(200);
    assertThat(published.json().get("version").asText()).isEqualTo("it-2");
    assertThat(topics.rulesDocument()).isEqualTo(doc);
    assertThat(admin("GET", "/admin/rules", null).body()).isEqualTo(doc);
  }

  @Test
  @Order(10)
  void metricsCountRequestsRecordsAndKeys() throws Exception {
    Map<String, Double> before = metrics();

    ingest(collectorKey, batch(card("m-1", PANS.get(0), 3), card("m-2", PANS.get(0), 0)));
    send(base, "GET", "/no-such-route", null, null, null);
    Map<String, Double> after = metrics();
    String anonymous = send(base, "GET", "/metrics", null, null, null).body();

    String ok =
        "collector_requests_total{route=\"/collector/transactions\",method=\"POST\",status=\"200\"}";
    assertThat(delta(before, after, ok)).isEqualTo(1);
    assertThat(
            delta(
                before,
                after,
                "collector_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after, "collector_records_accepted_total")).isEqualTo(1);
    assertThat(
            delta(
                before, after, "collector_records_rejected_total{reason=\"NON_POSITIVE_AMOUNT\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after, "collector_requests_by_key_total{key_id=\"it-shop\"}"))
        .isEqualTo(1);
    assertThat(
            delta(
                before,
                after,
                "collector_request_duration_seconds_count{route=\"/collector/transactions\"}"))
        .isEqualTo(1);
    assertThat(
            delta(
                before,
                after,
                "collector_request_duration_seconds_bucket{route=\"/collector/transactions\",le=\"+Inf\"}"))
        .isEqualTo(1);
    assertThat(after).containsKey("collector_broker_reachable");
    // Without a key the per-key series are left out: no key id in the body.
    assertThat(anonymous).contains("collector_requests_authenticated_total ");
    assertThat(anonymous).doesNotContain("key_id").doesNotContain("it-shop");
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String k) {
    assertThat(after).containsKey(k);
    return after.get(k) - before.getOrDefault(k, 0.0);
  }

  /** The Prometheus text of /metrics (scraped with a key: the per-key series too). */
  static Map<String, Double> metrics() throws Exception {
    Resp r = send(base, "GET", "/metrics", adminKey, null, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    Map<String, Double> m = new HashMap<>();
    for (String line : r.body().split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        int sp = line.lastIndexOf(' ');
        m.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
      }
    }
    return m;
  }

  @Test
  @Order(11)
  @Timeout(180)
  void fuzzedRequestsNeverCrashTheServerOrLetAnUnvalidatedRecordThrough() throws Exception {
    Map<TopicPartition, Long> start = endOffsets(Topics.TRANSACTIONS);

    CollectorFuzz.Result result =
        new CollectorFuzz(20261202L, base, fuzzKey, adminKey, PANS, IBANS, TOKENIZER, HTTP)
            .run(3000);
    RESPONSES.append(result.responses());
    System.out.println(
        "CollectorIT fuzz: statuses "
            + result.statuses()
            + ", "
            + result.accepted().size()
            + " records accepted");

    assertThat(result.problems()).as("invariant violations").isEmpty();
    assertThat(result.statuses().keySet()).allMatch(s -> s < 500, "no 5xx");
    // The run exercised both outcomes, not only refusals.
    assertThat(result.statuses()).containsKeys(200, 400, 401, 403, 404, 405, 415);
    assertThat(result.accepted()).hasSizeGreaterThan(100);
    List<ConsumerRecord<String, String>> written = read(Topics.TRANSACTIONS, start);
    List<String> onTopic = new ArrayList<>();
    for (ConsumerRecord<String, String> r : written) {
      Transaction t = valid(r.value());
      assertThat(t.ccNum()).isNull();
      assertThat(t.cardToken()).isEqualTo(r.key());
      onTopic.add(r.key() + "|" + t.transNum());
    }
    assertThat(onTopic).containsExactlyInAnyOrderElementsOf(result.accepted());
    assertThat(send(base, "GET", "/health", null, null, null).status()).isEqualTo(200);
  }

  @Test
  @Order(12)
  void noCardNumberOrIbanInTheTopicsTheResponsesOrTheLog() throws IOException {
    StringBuilder haystack = new StringBuilder();
    for (String topic : List.of(Topics.TRANSACTIONS, Topics.FLAGGED_ACCOUNTS, Topics.RULES)) {
      read(topic, null).forEach(r -> haystack.append(r.key()).append('|').append(r.value()));
    }
    // The collectors' own log output (and the stack's collector's, and this JVM's).
    String log = Files.readString(server.log());
    assertThat(log).contains("collector listening on");
    haystack.append(log);
    try (var logs = Files.list(stateDir)) {
      for (Path f : logs.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
        haystack.append(Files.readString(f));
      }
    }
    Path stackCollectorLog = stateDir.resolve("logs/collector.log");
    if (Files.exists(stackCollectorLog)) {
      haystack.append(Files.readString(stackCollectorLog));
    }
    haystack.append(Files.readString(Path.of("target/test-logs/test.log")));
    String stored = haystack.toString();
    assertThat(stored).contains(TOKENIZER.cardId(PANS.get(0)));
    // Names are dropped from what is stored (a response may quote a mangled field, not a name).
    assertThat(stored).doesNotContain("Jennifer").doesNotContain("561 Perry Cove");
    String all = stored + RESPONSES;
    for (String pan : PANS) {
      assertThat(all).as("a card number").doesNotContain(pan);
    }
    for (String iban : IBANS) {
      assertThat(all).as("an IBAN").doesNotContain(iban).doesNotContain(iban.substring(4));
    }
    assertThat(all).as("a spaced IBAN").doesNotContain("3704 0044 0532");
    assertThat(Set.of(collectorKey, adminKey, analystKey, fuzzKey))
        .allSatisfy(k -> assertThat(all).as("an API key").doesNotContain(k));
  }
}

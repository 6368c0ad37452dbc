package io.cardstream.local.stack;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.contract.Transaction;
import io.cardstream.common.contract.TransactionValidator;
import io.cardstream.common.input.JsonEventParser;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.privacy.Iban;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.privacy.PayloadMasker;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Seeded random requests against a running collector (CollectorIT runs it): random bytes, mutated
 * and truncated batches, wrong types, huge numbers, deep nesting, odd headers, methods and paths.
 * Checked per response: the status is one the API documents (never 5xx), the body is the documented
 * JSON, and every record reported accepted is one the project's validator accepts offline (every
 * rejection too has the validator's reason). The caller compares {@link Result#accepted()} with the
 * topic.
 */
final class CollectorFuzz {

  /**
   * @param statuses how many responses had each status
   * @param accepted {@code key|trans_num} of every record reported accepted, as the offline
   *     validator computes them
   * @param problems invariant violations (empty when all held)
   * @param responses every response body, for the caller's card-number scan
   */
  record Result(
      Map<Integer, Integer> statuses,
      List<String> accepted,
      List<String> problems,
      String responses) {}

  /** What the offline validator says of one record: its topic key and id, or a reason. */
  private record Verdict(String key, String id, ReasonCode reason) {
    boolean valid() {
      return reason == null;
    }
  }

  private record Request(String method, String path, Map<String, String> headers, byte[] body) {}

  private static final Set<Integer> DOCUMENTED =
      Set.of(200, 400, 401, 403, 404, 405, 413, 415, 429);
  private static final ObjectMapper EXACT =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> TRANSFER_MARKERS =
      List.of("trxId", "senderIban", "receiverIban", "transactionDate");
  private static final List<String> TRANSFER_FIELDS =
      List.of(
          "trxId",
          "amount",
          "senderId",
          "receiverId",
          "senderIban",
          "receiverIban",
          "senderBankId",
          "receiverBankId",
          "transactionDate");
  private static final List<String> CARD_FIELDS =
      List.of("trans_num", "cc_num", "card_id", "amt", "event_time", "trans_date_trans_time");
  private static final List<String> FIELD_NAMES =
      List.of(
          "trans_num",
          "trans_date_trans_time",
          "event_time",
          "cc_num",
          "card_id",
          "card_last4",
          "merchant",
          "category",
          "amt",
          "first",
          "last",
          "gender",
          "street",
          "city",
          "state",
          "zip",
          "lat",
          "long",
          "city_pop",
          "job",
          "dob",
          "unix_time",
          "merch_lat",
          "merch_long",
          "is_fraud",
          "trxId",
          "amount",
          "senderIban",
          "receiverIban",
          "transactionDate",
          "x");
  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/json; charset=utf-8",
          "Application/JSON",
          "application/json;charset=\"UTF-8\"",
          "text/plain",
          "application/x-www-form-urlencoded",
          "",
          "application/json; charset=iso-8859-1",
          "multipart/form-data; boundary=x",
          "*/*",
          "application/jsonx");
  private static final List<String> PATHS =
      List.of(
          "/collector/transactions/",
          "/collector/transactions?x=1",
          "/collector",
          "/admin/flags",
          "/admin/rules",
          "/admin/flags/abc",
          "/health",
          "/metrics",
          "/",
          "/%2e%2e/admin/rules",
          "/collector/transactions/extra");
  private static final List<String> METHODS =
      List.of("GET", "PUT", "DELETE", "PATCH", "POST", "OPTIONS");

  private final Random rnd;
  private final String base;
  private final String key;
  private final String otherRoleKey;
  private final List<String> pans;
  private final List<String> ibans;
  private final PanTokenizer tokenizer;
  private final HttpClient http;
  private final JsonEventParser parser = new JsonEventParser(ReaderOptions.defaults());
  private final TransactionValidator validator = new TransactionValidator(PayloadMasker::maskJson);

  private final Map<Integer, Integer> statuses = new TreeMap<>();
  private final List<String> accepted = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final StringBuilder responses = new StringBuilder();

  CollectorFuzz(
      long seed,
      String base,
      String key,
      String otherRoleKey,
      List<String> pans,
      List<String> ibans,
      PanTokenizer tokenizer,
      HttpClient http) {
    this.rnd = new Random(seed);
    this.base = base;
    this.key = key;
    this.otherRoleKey = otherRoleKey;
    this.pans = pans;
    this.ibans = ibans;
    this.tokenizer = tokenizer;
    this.http = http;
  }

  Result run(int requests) throws Exception {
    for (int i = 0; i < requests; i++) {
      Request req = next(i);
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + req.path()))
              .timeout(Duration.ofSeconds(30))
              .method(req.method(), HttpRequest.BodyPublishers.ofByteArray(req.body()));
      req.headers().forEach(b::header);
      HttpResponse<String> r;
      try {
        r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException e) {
        problems.add(
            "request "
                + i
                + " ("
                + req.method()
                + " "
                + req.path()
                + ", "
                + req.headers()
                + ", "
                + req.body().length
                + " bytes): no answer: "
                + e);
        continue;
      }
      statuses.merge(r.statusCode(), 1, Integer::sum);
      responses.append(r.body()).append('\n');
      check(i, req, r);
    }
    return new Result(statuses, accepted, problems, responses.toString());
  }

  // ------------------------------------------------------------------ checking

  private void check(int i, Request req, HttpResponse<String> r) {
    String where =
        "request " + i + " (" + req.method() + " " + req.path() + ", " + r.statusCode() + ")";
    if (!DOCUMENTED.contains(r.statusCode())) {
      problems.add(where + ": undocumented status; body " + abbreviate(r.body()));
      return;
    }
    if (r.statusCode() == 200 && r.body().startsWith("# HELP")) {
      return; // /metrics
    }
    JsonNode body;
    try {
      body = EXACT.readTree(r.body());
    } catch (Exception e) {
      problems.add(where + ": body is not JSON: " + abbreviate(r.body()));
      return;
    }
    if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
      problems.add(where + ": Content-Type is not JSON");
    }
    if (r.statusCode() != 200) {
      if (!body.path("error").isTextual()
          || !body.path("message").isTextual()
          || !body.path("fix").isTextual()) {
        problems.add(where + ": error body without error/message/fix: " + abbreviate(r.body()));
      }
      return;
    }
    if (body.has("results")) {
      checkResults(where, req, body);
    }
  }

  private void checkResults(String where, Request req, JsonNode answer) {
    List<String> records;
    try {
      records = rawRecords(req.body());
    } catch (Exception e) {
      problems.add(where + ": 200 for a body that is not a batch: " + e);
      return;
    }
    JsonNode results = answer.get("results");
    if (results.size() != records.size()) {
      problems.add(where + ": results do not match the records one to one");
      return;
    }
    int ok = 0;
    Set<String> acceptedHere = new HashSet<>();
    for (int k = 0; k < results.size(); k++) {
      JsonNode res = results.get(k);
      Verdict offline;
      try {
        offline = verdict(records.get(k));
      } catch (java.io.IOException e) {
        problems.add(where + ": record " + k + " is not JSON offline");
        continue;
      }
      String status = res.path("status").asText();
      if (res.path("index").asInt(-1) != k) {
        problems.add(where + ": result " + k + " has index " + res.path("index"));
      }
      if (status.equals("accepted")) {
        ok++;
        if (!offline.valid()) {
          problems.add(where + ": record " + k + " accepted but the validator says " + offline);
          continue;
        }
        if (!offline.id().equals(res.path("id").asText())) {
          problems.add(where + ": record " + k + " accepted with another id");
        }
        acceptedHere.add(offline.key() + "|" + offline.id());
        accepted.add(offline.key() + "|" + offline.id());
      } else if (status.equals("rejected")) {
        String reason = res.path("reason").asText();
        if (reason.equals("DUPLICATE_ID")) {
          if (!offline.valid() || !acceptedHere.contains(offline.key() + "|" + offline.id())) {
            problems.add(where + ": record " + k + " rejected as a duplicate of nothing");
          }
        } else if (!reason.equals(String.valueOf(offline.reason()))) {
          problems.add(
              where + ": record " + k + " rejected " + reason + ", the validator says " + offline);
        }
        if (!res.path("detail").isTextual()) {
          problems.add(where + ": record " + k + " rejected without a detail");
        }
      } else {
        problems.add(where + ": record " + k + " has status '" + status + "'");
      }
    }
    if (answer.path("accepted").asInt(-1) != ok
        || answer.path("rejected").asInt(-1) != results.size() - ok) {
      problems.add(where + ": the counts do not match the results");
    }
  }

  /**
   * The text of each element of {@code records} exactly as sent (null for a non-object): the
   * validator must judge the client's bytes, not a re-serialization ({@code -0.0} is not {@code
   * 0.0} to it).
   */
  private static List<String> rawRecords(byte[] body) throws java.io.IOException {
    List<String> out = new ArrayList<>();
    try (com.fasterxml.jackson.core.JsonParser p = EXACT.getFactory().createParser(body)) {
      p.nextToken();
      p.nextToken();
      if (!"records".equals(p.currentName())
          || p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
        throw new java.io.IOException("no records array first");
      }
      for (com.fasterxml.jackson.core.JsonToken t = p.nextToken();
          t != com.fasterxml.jackson.core.JsonToken.END_ARRAY;
          t = p.nextToken()) {
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        int end = (int) p.currentLocation().getByteOffset();
        out.add(
            t == com.fasterxml.jackson.core.JsonToken.START_OBJECT
                ? new String(body, start, end - start, StandardCharsets.UTF_8)
                : null);
      }
    }
    return out;
  }

  /**
   * The offline verdict on one element, from the specification: the contract's JSON parser for the
   * card shape, the transfer mapped onto the contract and validated for the transfer shape.
   */
  private Verdict verdict(String text) throws java.io.IOException {
    if (text == null) {
      return new Verdict(null, null, ReasonCode.MALFORMED_RECORD);
    }
    JsonNode rec = EXACT.readTree(text);
    boolean transfer = TRANSFER_MARKERS.stream().anyMatch(rec::has);
    if (!transfer) {
      return fromResult(parser.parse(text, 1), null);
    }
    if (CARD_FIELDS.stream().anyMatch(rec::has)) {
      return new Verdict(null, null, ReasonCode.INVALID_FIELD);
    }
    if (text.length() > ReaderOptions.DEFAULT_MAX_RECORD_CHARS) {
      return new Verdict(null, null, ReasonCode.OVERSIZED_RECORD);
    }
    Map<String, String> in = new HashMap<>();
    for (String f : TRANSFER_FIELDS) {
      JsonNode v = rec.get(f);
      if (v != null && v.isContainerNode()) {
        return new Verdict(
            null,
            null,
            f.equals("amount") ? ReasonCode.NON_NUMERIC_AMOUNT : ReasonCode.INVALID_FIELD);
      }
      if (v != null && !v.isNull()) {
        in.put(f, v.asText());
      }
    }
    String sender = Iban.normalize(in.get("senderIban"));
    String receiver = Iban.normalize(in.get("receiverIban"));
    Map<String, String> f = new HashMap<>();
    if (in.containsKey("trxId")) {
      f.put("trans_num", in.get("trxId"));
    }
    if (in.containsKey("transactionDate")) {
      f.put("event_time", in.get("transactionDate"));
    }
    if (in.containsKey("amount")) {
      f.put("amt", in.get("amount"));
    }
    f.put("card_id", sender == null ? "0".repeat(64) : tokenizer.cardId(sender));
    f.put("card_last4", sender == null ? "0000" : sender.substring(sender.length() - 4));
    Verdict v = fromResult(validator.validate(f, text), sender);
    if (v.valid() && (sender == null || receiver == null)) {
      return new Verdict(null, null, ReasonCode.BAD_ACCOUNT_NUMBER);
    }
    return v;
  }

  private Verdict fromResult(ParseResult r, String iban) {
    if (r instanceof ParseResult.Rejected rej) {
      return new Verdict(null, null, rej.reason());
    }
    Transaction t = ((ParseResult.Valid) r).transaction();
    String token =
        iban != null
            ? tokenizer.cardId(iban)
            : t.ccNum() != null ? tokenizer.cardId(t.ccNum()) : t.cardToken();
    return new Verdict(token, t.transNum(), null);
  }

  // ------------------------------------------------------------------ generating

  private Request next(int i) {
    int kind = rnd.nextInt(100);
    Map<String, String> headers = new HashMap<>();
    headers.put("x-api-key", key);
    headers.put("Content-Type", "application/json");
    String path = "/collector/transactions";
    String method = "POST";
    byte[] body;
    if (kind < 10) {
      body = new byte[rnd.nextInt(3000)];
      rnd.nextBytes(body);
    } else if (kind < 40) {
      body = mutate(validBatch(i).getBytes(StandardCharsets.UTF_8));
    } else if (kind < 55) {
      body = utf8(wrongTypes());
    } else if (kind < 62) {
      body = utf8(deep(i));
    } else if (kind < 72) {
      body = utf8(hugeNumbers(i));
    } else if (kind < 82) {
      body = utf8(validBatch(i));
      oddHeaders(headers);
    } else if (kind < 88) {
      body = utf8(rnd.nextBoolean() ? validBatch(i) : "");
      method = pick(METHODS);
      path = pick(PATHS);
    } else {
      body = utf8(validBatch(i));
    }
    return new Request(method, path, headers, body);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String validBatch(int i) {
    ArrayNode records = NODES.arrayNode();
    int n = 1 + rnd.nextInt(8);
    for (int j = 0; j < n; j++) {
      boolean bad = rnd.nextInt(4) == 0;
      records.add(rnd.nextInt(4) == 0 ? transfer(i, j, bad) : card(i, j, bad));
    }
    ObjectNode root = NODES.objectNode();
    root.set("records", records);
    return root.toString();
  }

  private ObjectNode card(int i, int j, boolean bad) {
    ObjectNode n = NODES.objectNode();
    n.put("trans_num", "fz-" + i + "-" + j);
    n.put(
        rnd.nextBoolean() ? "trans_date_trans_time" : "event_time",
        pick(
            List.of(
                "2019-01-01 00:00:18",
                "2019-06-30T23:59:59Z",
                "2020-02-29T12:00:00.123+0100",
                "2023-10-10T10:00:00.000+0000")));
    String pan = pick(pans);
    switch (rnd.nextInt(4)) {
      case 0 -> n.put("cc_num", Long.parseLong(pan));
      case 1 -> n.put("cc_num", pan.replaceAll("(\\d{4})(?=\\d)", "$1 "));
      case 2 -> n.put("cc_num", pan.replaceAll("(\\d{4})(?=\\d)", "$1-"));
      default -> n.put("cc_num", pan);
    }
    if (rnd.nextBoolean()) {
      n.put("amt", Math.round(rnd.nextDouble() * 500_000) / 100.0 + 0.01);
    } else {
      n.put("amt", String.format("%.2f", rnd.nextDouble() * 900 + 0.01));
    }
    if (rnd.nextBoolean()) {
      n.put("merchant", "fraud_Kirlin and Sons");
      n.put("category", "grocery_pos");
      n.put("first", "Jennifer");
      n.put("last", "Banks");
      n.put("street", "561 Perry Cove");
      n.put("gender", "F");
      n.put("city", "Moravian Falls");
      n.put("zip", "28654");
      n.put("lat", 36.0788);
      n.put("long", -81.1781);
      n.put("city_pop", 3495);
      n.put("dob", "1988-03-09");
      n.put("unix_time", 1325376018L);
      n.put("merch_lat", 36.011293);
      n.put("merch_long", -82.048315);
      n.put("is_fraud", rnd.nextInt(2));
    }
    if (bad) {
      switch (rnd.nextInt(12)) {
        case 0 -> n.remove("trans_num");
        case 1 -> n.put("trans_num", "  ");
        case 2 -> {
          n.remove("trans_date_trans_time");
          n.remove("event_time");
        }
        case 3 -> n.put("event_time", "2019-13-45 25:61:00");
        case 4 -> n.put("amt", "abc");
        case 5 -> n.put("amt", -rnd.nextInt(100));
        case 6 -> n.putArray("amt").add(1);
        case 7 -> n.put("cc_num", "12ab34cd");
        case 8 -> n.put("cc_num", "1234");
        case 9 -> n.put("lat", 95.5);
        case 10 -> n.put("city_pop", -1);
        default -> n.putObject("merchant").put("name", "x");
      }
    }
    return n;
  }

  private ObjectNode transfer(int i, int j, boolean bad) {
    ObjectNode n = NODES.objectNode();
    n.put("trxId", "fz-t-" + i + "-" + j);
    if (rnd.nextBoolean()) {
      n.put("amount", new BigDecimal(rnd.nextInt(1_000_000)).movePointLeft(2).add(BigDecimal.ONE));
    } else {
      n.put("amount", (1 + rnd.nextInt(9999)) + ".50");
    }
    n.put("senderId", "c" + rnd.nextInt(100));
    n.put("receiverId", "c" + rnd.nextInt(100));
    n.put("senderIban", format(pick(ibans)));
    n.put("receiverIban", format(pick(ibans)));
    n.put("senderBankId", "BANKDEFF");
    n.put("receiverBankId", "BANKGB22");
    n.put("transactionDate", "2023-10-" + (10 + rnd.nextInt(19)) + "T10:00:00.000+0000");
    if (bad) {
      switch (rnd.nextInt(6)) {
        case 0 -> n.remove("trxId");
        case 1 -> n.put("senderIban", corrupt(pick(ibans)));
        case 2 -> n.put("receiverIban", corrupt(pick(ibans)));
        case 3 -> n.put("amount", "0");
        case 4 -> n.put("transactionDate", "10/10/2023");
        default -> n.put("trans_num", "mixed");
      }
    }
    return n;
  }

  private String format(String iban) {
    return switch (rnd.nextInt(3)) {
      case 0 -> iban.replaceAll("(.{4})(?=.)", "$1 ");
      case 1 -> iban.toLowerCase(java.util.Locale.ROOT);
      default -> iban;
    };
  }

  /** One check digit changed: the shape stays right, the mod-97 check fails. */
  private static String corrupt(String iban) {
    char c = iban.charAt(2);
    return iban.substring(0, 2) + (char) ('0' + (c - '0' + 1) % 10) + iban.substring(3);
  }

  private byte[] mutate(byte[] b) {
    if (b.length == 0 || rnd.nextInt(10) < 3) {
      return b;
    }
    byte[] out = b.clone();
    switch (rnd.nextInt(5)) {
      case 0 -> {
        return java.util.Arrays.copyOf(out, rnd.nextInt(out.length));
      }
      case 1 -> {
        for (int k = 0, n = 1 + rnd.nextInt(5); k < n; k++) {
          out[rnd.nextInt(out.length)] =
              (byte)
                  pick(List.of('{', '}', '[', ']', ',', ':', '"', '\\', 'x', '9', '-', '\0'))
                      .charValue();
        }
        return out;
      }
      case 2 -> {
        int from = rnd.nextInt(out.length);
        int to = Math.min(out.length, from + 1 + rnd.nextInt(40));
        byte[] cut = new byte[out.length - (to - from)];
        System.arraycopy(out, 0, cut, 0, from);
        System.arraycopy(out, to, cut, from, out.length - to);
        return cut;
      }
      case 3 -> {
        String s = new String(out, StandardCharsets.UTF_8);
        int at = rnd.nextInt(s.length());
        String ins =
            pick(List.of("null", "1e999", "\\u0000", "\"", ",{}", "[[", "}", "-0", "true,"));
        return utf8(s.substring(0, at) + ins + s.substring(at));
      }
      default -> {
        // a range repeated: duplicated records, fields or garbage
        String s = new String(out, StandardCharsets.UTF_8);
        int from = rnd.nextInt(s.length());
        int to = Math.min(s.length(), from + 1 + rnd.nextInt(400));
        return utf8(s.substring(0, to) + s.substring(from));
      }
    }
  }

  private String wrongTypes() {
    ObjectNode root = NODES.objectNode();
    if (rnd.nextInt(5) == 0) {
      root.set("records", randomValue(3));
    } else {
      ArrayNode arr = root.putArray("records");
      for (int k = 0, n = 1 + rnd.nextInt(6); k < n; k++) {
        if (rnd.nextInt(3) == 0) {
          arr.add(randomValue(3));
        } else {
          ObjectNode o = arr.addObject();
          for (int f = 0, m = rnd.nextInt(12); f < m; f++) {
            o.set(pick(FIELD_NAMES), randomValue(2));
          }
        }
      }
    }
    return root.toString();
  }

  private JsonNode randomValue(int depth) {
    int t = rnd.nextInt(depth > 0 ? 9 : 7);
    return switch (t) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(rnd.nextBoolean());
      case 2 -> NODES.numberNode(rnd.nextLong());
      case 3 -> NODES.numberNode(rnd.nextGaussian() * 1e6);
      case 4 -> NODES.textNode(randomString());
      case 5 ->
          NODES.textNode(
              pick(List.of("", " ", "0", "-1", "1e5", "NaN", "Infinity", "true", "2019-01-01")));
      case 6 -> NODES.numberNode(new BigDecimal("1e" + rnd.nextInt(400)));
      case 7 -> {
        ArrayNode a = NODES.arrayNode();
        for (int k = 0, n = rnd.nextInt(4); k < n; k++) {
          a.add(randomValue(depth - 1));
        }
        yield a;
      }
      default -> {
        ObjectNode o = NODES.objectNode();
        for (int k = 0, n = rnd.nextInt(4); k < n; k++) {
          o.set(pick(FIELD_NAMES), randomValue(depth - 1));
        }
        yield o;
      }
    };
  }

  private String randomString() {
    StringBuilder b = new StringBuilder();
    for (int k = 0, n = rnd.nextInt(30); k < n; k++) {
      b.append((char) (rnd.nextInt(10) == 0 ? rnd.nextInt(0x3000) : 0x20 + rnd.nextInt(0x5f)));
    }
    return b.toString();
  }

  private String deep(int i) {
    int depth = 10 + rnd.nextInt(1500);
    String nested =
        rnd.nextBoolean()
            ? "[".repeat(depth) + "]".repeat(depth)
            : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    return "{\"records\": [{\"trans_num\": \"fz-d-" + i + "\", \"x\": " + nested + "}]}";
  }

  private String hugeNumbers(int i) {
    ObjectNode rec = card(i, 0, false);
    String field =
        pick(
            List.of(
                "amt", "lat", "long", "city_pop", "unix_time", "cc_num", "is_fraud", "merch_lat"));
    rec.put(field, "__NUM__");
    String number =
        pick(
            List.of(
                "1e309",
                "-1e309",
                "1e-400",
                "4.9e-324",
                "123456789012345678901234567890",
                "9223372036854775808",
                "1" + "0".repeat(400),
                "1" + "0".repeat(1100),
                "0." + "0".repeat(500) + "1",
                "-0.0",
                "1E2",
                "100.000000000000000000001"));
    return "{\"records\": [" + rec.toString().replace("\"__NUM__\"", number) + "]}";
  }

  private void oddHeaders(Map<String, String> h) {
    switch (rnd.nextInt(6)) {
      case 0 -> h.remove("x-api-key");
      case 1 -> h.put("x-api-key", "cs_" + Long.toHexString(rnd.nextLong()));
      case 2 -> h.put("x-api-key", otherRoleKey);
      case 3 -> h.put("Content-Type", pick(CONTENT_TYPES));
      case 4 -> h.remove("Content-Type");
      default -> {
        h.put("X-Request-Id", Long.toHexString(rnd.nextLong()));
        h.put("Accept", pick(List.of("text/html", "*/*", "application/xml", "")));
        h.put("X-Forwarded-For", "10.0.0." + rnd.nextInt(255));
      }
    }
  }

  private <T> T pick(List<T> l) {
    return l.get(rnd.nextInt(l.size()));
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}

package io.cardstream.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.input.InputFiles;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.local.stack.TestContacts;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The demo's traffic: its input cut into the parts it sends by different routes. */
final class DemoTraffic {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoTraffic() {}

  /**
   * Cuts a file into consecutive parts of its records (the header, if the format has one, goes into
   * every part); {@code shares} are the parts' fractions of the records, the last part takes the
   * rest.
   */
  static List<Path> split(Path file, InputFormat format, Path dir, double... shares)
      throws IOException {
    long records = 0;
    try (BufferedReader in = InputFiles.open(file)) {
      String header = format.hasHeader() ? in.readLine() : null;
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        records += l.isBlank() ? 0 : 1;
      }
      Files.createDirectories(dir);
      List<Path> parts = new ArrayList<>();
      try (BufferedReader again = InputFiles.open(file)) {
        if (header != null) {
          again.readLine();
        }
        for (int p = 0; p <= shares.length; p++) {
          long size = p < shares.length ? (long) (records * shares[p]) : Long.MAX_VALUE;
          // Parts are plain text, whatever the input's compression.
          String plain = file.getFileName().toString().replaceAll("(?i)\\.(gz|zip)$", "");
          Path part = dir.resolve("part-" + (p + 1) + "-" + plain);
          try (BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            if (header != null) {
              w.write(header);
              w.newLine();
            }
            long n = 0;
            String l;
            while (n < size && (l = again.readLine()) != null) {
              if (!l.isBlank()) {
                w.write(l);
                w.newLine();
                n++;
              }
            }
          }
          parts.add(part);
        }
      }
      return parts;
    }
  }

  /** The token of the card with the most valid records in {@code file} (the demo flags it). */
  static String busiestCard(Path file, InputFormat format, PanTokenizer tokenizer)
      throws IOException {
    return TestContacts.cards(file, format, tokenizer).entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElseThrow(() -> new IllegalStateException("no valid record in " + file));
  }

  /** The seed rules with a lower amount threshold, as a new version: a change the demo shows. */
  static String lowerAmountRules() throws IOException {
    ObjectNode doc = (ObjectNode) JSON.readTree(RuleSet.defaultDocument());
    doc.put("version", "demo-amount-over-500");
    doc.put("description", "The seed rules with amount_over at 500 (published by the demo).");
    for (var r : (ArrayNode) doc.path("rules")) {
      if ("amount_over".equals(r.path("type").asText())) {
        ((ObjectNode) r).put("id", "amount_over_500").put("amount", 500);
      }
    }
    return JSON.writeValueAsString(doc);
  }

  /** What a hand-made request to the collector got back. */
  record Posted(long accepted, Map<String, Long> rejected) {}

  /**
   * One request of the seed API's bank-transfer shape (valid IBANs, at {@code time}) and three bad
   * records, so the demo shows both shapes and the collector's per-record rejections.
   */
  static Posted postSamples(String collectorUrl, String apiKey, java.time.Instant time)
      throws IOException, InterruptedException {
    String when =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(java.time.ZoneOffset.UTC)
            .format(time);
    String body =
        "{\"records\": ["
            + "{\"trxId\": \"demo-transfer-"
            + System.currentTimeMillis()
            + "\", \"amount\": 250.0, \"senderId\": \"c-1\", \"receiverId\": \"c-2\","
            + " \"senderIban\": \"DE89370400440532013000\","
            + " \"receiverIban\": \"GB82WEST12345698765432\", \"senderBankId\": \"b-1\","
            + " \"receiverBankId\": \"b-2\", \"transactionDate\": \""
            + when
            + "\"},"
            + "{\"trans_num\": \"demo-bad-1\", \"event_time\": \"2019-01-01T00:00:00Z\","
            + " \"cc_num\": \"4111111111111111\", \"amt\": -12.5},"
            + "{\"trans_num\": \"demo-bad-2\", \"event_time\": \"2019-01-01T00:00:00Z\","
            + " \"cc_num\": \"1234\", \"amt\": 12.5},"
            + "{\"event_time\": \"2019-01-01T00:00:00Z\", \"cc_num\": \"4111111111111111\","
            + " \"amt\": 12.5}]}";
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(collectorUrl + "/collector/transactions"))
                    .header("content-type", "application/json")
                    .header("x-api-key", apiKey)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("the collector answered " + r.statusCode() + ": " + r.body());
    }
    var n = JSON.readTree(r.body());
    Map<String, Long> rejected = new java.util.TreeMap<>();
    n.path("results")
        .forEach(
            x -> {
              if ("rejected".equals(x.path("status").asText())) {
                rejected.merge(x.path("reason").asText(), 1L, Long::sum);
              }
            });
    return new Posted(n.path("accepted").asLong(), rejected);
  }

  /** The event time of the first valid record of a file. */
  static java.time.Instant firstEventTime(Path file, InputFormat format) throws IOException {
    java.time.Instant[] first = {null};
    TransactionFiles.read(
        file,
        format,
        ReaderOptions.defaults(),
        0,
        r -> {
          if (first[0] == null && r instanceof ParseResult.Valid v) {
            first[0] = v.transaction().eventTime();
          }
        });
    if (first[0] == null) {
      throw new IllegalStateException("no valid record in " + file);
    }
    return first[0];
  }
}

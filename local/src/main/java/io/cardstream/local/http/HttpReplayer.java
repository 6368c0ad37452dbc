package io.cardstream.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.TransactionJson;
import io.cardstream.local.kafka.Progress;
import io.cardstream.local.kafka.Replayer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays a file through the HTTP collector as a client of the seed API would: the file's records
 * as JSON events, {@code batch} per {@code POST /collector/transactions}, with the client's API
 * key. A 429 waits for its {@code Retry-After}, a 503 is retried with backoff (the stream
 * deduplicates by trans_num, so a retried batch is never scored twice); anything else is final.
 */
public final class HttpReplayer {

  /** One replay. {@code limit <= 0}: the whole file. */
  public record Options(
      Path input, InputFormat format, String collectorUrl, String apiKey, int batch, long limit)
      implements Replayer.Input {
    public Options {
      if (batch < 1 || batch > 500) {
        throw new IllegalArgumentException("--batch must be between 1 and 500, got " + batch);
      }
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException(
            "no API key: pass --api-key-file (the local stack writes one per role) or set"
                + " CARDSTREAM_API_KEY");
      }
    }
  }

  /**
   * What a replay did.
   *
   * @param read records read from the file
   * @param rejectedAtSource records the file's own parser refused (never sent)
   * @param accepted records the collector accepted (on the topic)
   * @param rejected records the collector refused, by reason code
   * @param requests requests sent, retries included
   */
  public record Summary(
      long read,
      Map<ReasonCode, Long> rejectedAtSource,
      long accepted,
      Map<String, Long> rejected,
      long requests,
      double seconds) {
    public long rejectedTotal() {
      return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What the collector took and refused, what was refused before sending, and the time. */
    public void print(PrintStream out) {
      out.printf(
          "Replay via the collector: read %,d records, accepted %,d, rejected by the collector %,d,"
              + " rejected at source %,d, %,d requests in %.1f s%n",
          read,
          accepted,
          rejectedTotal(),
          rejectedAtSource.values().stream().mapToLong(Long::longValue).sum(),
          requests,
          seconds);
      rejected.forEach((reason, n) -> out.printf("  rejected %-20s %,d%n", reason, n));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ATTEMPTS = 8;

  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public HttpReplayer(PrintStream out) {
    this.out = out;
  }

  public Summary run(Options o) throws IOException, InterruptedException {
    Map<ReasonCode, Long> atSource = new EnumMap<>(ReasonCode.class);
    List<String> pending = new ArrayList<>();
    long[] counts = new long[3]; // accepted, requests, read
    Map<String, Long> rejected = new TreeMap<>();
    Progress progress = new Progress(out, "posted", o.records());
    long start = System.nanoTime();
    IOException[] failure = {null};
    counts[2] =
        o.read(
            r -> {
              if (r instanceof ParseResult.Valid v) {
                pending.add(TransactionJson.write(v.transaction()));
              } else {
                atSource.merge(((ParseResult.Rejected) r).reason(), 1L, Long::sum);
              }
              if (pending.size() == o.batch() && failure[0] == null) {
                try {
                  post(o, pending, counts, rejected);
                } catch (IOException e) {
                  failure[0] = e;
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  failure[0] = new IOException("interrupted", e);
                }
                pending.clear();
                progress.update(counts[0]);
              }
            });
    if (failure[0] != null) {
      throw failure[0];
    }
    if (!pending.isEmpty()) {
      post(o, pending, counts, rejected);
    }
    progress.done(counts[0]);
    return new Summary(
        counts[2], atSource, counts[0], rejected, counts[1], (System.nanoTime() - start) / 1e9);
  }

  private void post(Options o, List<String> records, long[] counts, Map<String, Long> rejected)
      throws IOException, InterruptedException {
    String body = "{\"records\":[" + String.join(",", records) + "]}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(o.collectorUrl() + "/collector/transactions"))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json")
            .header("x-api-key", o.apiKey())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    for (int attempt = 1; ; attempt++) {
      counts[1]++;
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        JsonNode n = JSON.readTree(r.body());
        counts[0] += n.path("accepted").asLong();
        for (JsonNode result : n.path("results")) {
          if ("rejected".equals(result.path("status").asText())) {
            rejected.merge(result.path("reason").asText(), 1L, Long::sum);
          }
        }
        return;
      }
      boolean retry = (r.statusCode() == 429 || r.statusCode() == 503) && attempt < MAX_ATTEMPTS;
      if (!retry) {
        throw new IOException(
            "the collector answered "
                + r.statusCode()
                + " to a batch of "
                + records.size()
                + " records: "
                + r.body());
      }
      long wait =
          r.headers().firstValueAsLong("retry-after").stream()
              .map(s -> s * 1000)
              .findFirst()
              .orElse(200L << Math.min(attempt, 6));
      Thread.sleep(Math.min(wait, 10_000));
    }
  }
}

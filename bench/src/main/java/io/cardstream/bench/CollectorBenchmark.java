package io.cardstream.bench;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import io.cardstream.common.input.TransactionJson;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.stack.CollectorProcess;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.service.JvmLauncher;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP collector (its own JVM, as the local stack runs it) against the direct Kafka replayer,
 * on the same events in the same run: requests/s, records/s and request latency for batches of 1,
 * 25 and 500 records, from a few concurrent clients on loopback. Bounded: at most {@code
 * --requests} requests per batch size.
 */
public final class CollectorBenchmark {

  private CollectorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int customers = BenchArgs.intArg(args, "--customers", 300);
    int days = BenchArgs.intArg(args, "--days", 30);
    int clients = BenchArgs.intArg(args, "--clients", 4);
    int maxRequests = BenchArgs.intArg(args, "--requests", 1500);
    PrintStream quiet = BenchStack.QUIET;
    BenchStack bench = BenchStack.up("collector", 26000, false, false);
    Path dir = bench.dir();
    Path home = bench.home();
    LocalStack stack = bench.stack();
    BenchReport report = new BenchReport("collector");
    try {
      Endpoints e = bench.endpoints();
      String key = Files.readString(stack.layout().apiKeyFile("collector")).trim();

      Path csv = bench.events();
      bench.generate(customers, days, 9L);
      List<String> events = new ArrayList<>();
      TransactionFiles.read(
          csv,
          InputFormat.KAGGLE,
          ReaderOptions.defaults(),
          0,
          r -> events.add(TransactionJson.write(((ParseResult.Valid) r).transaction())));

      // Baseline: the same events straight into the topic.
      Replayer.Summary direct =
          new Replayer(PanTokenizer.fromEnvironment(Map.of()), quiet)
              .run(BenchStack.kafkaReplay(csv, e, 0));
      double directRate = direct.sent() / direct.seconds();

      // A collector JVM of its own, as the stack runs it but without the per-key rate limit
      // (which would measure the limit, not the collector).
      JvmLauncher.Running collector =
          CollectorProcess.start(
              home,
              e.kafkaBootstrap(),
              stack.layout().apiKeysFile(),
              dir.resolve("collector.log"),
              Map.of(),
              "--rate",
              "1000000",
              "--burst",
              "1000000");
      String url = collector.url();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      // Warm the collector's JIT and producer before measuring.
      run(http, url, key, events, 25, 200, clients);

      System.out.println();
      System.out.printf(
          "== collector benchmark (2 cores; collector JVM + broker + %d client threads)%n",
          clients);
      System.out.printf(
          "  direct Kafka replayer  %,.0f records/s (%,d records)%n", directRate, direct.sent());
      Map<String, Object> sizes = new LinkedHashMap<>();
      for (int batch : new int[] {1, 25, 500}) {
        int requests = Math.min(maxRequests, events.size() / batch);
        Result r = run(http, url, key, events, batch, requests, clients);
        System.out.printf(
            "  batch %3d: %,6d requests, %,8.0f requests/s, %,8.0f records/s (%.2fx the replayer),"
                + " latency p50 %.1f ms, p99 %.1f ms, non-200 %d%n",
            batch,
            requests,
            r.requestsPerSecond(),
            r.recordsPerSecond(),
            r.recordsPerSecond() / directRate,
            r.p50(),
            r.p99(),
            r.failed());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", requests);
        m.put("requests_per_s", r.requestsPerSecond());
        m.put("records_per_s", r.recordsPerSecond());
        m.put("records_vs_direct_kafka", r.recordsPerSecond() / directRate);
        m.put("p50_ms", r.p50());
        m.put("p99_ms", r.p99());
        m.put("non_200", r.failed());
        sizes.put("batch_" + batch, m);
      }
      report
          .put("direct_kafka_records_per_s", directRate)
          .put("clients", clients)
          .put("by_batch", sizes);
      collector.stop();
      System.out.println("  figures: " + report.write());
    } finally {
      bench.down(false);
    }
    System.exit(0);
  }

  record Result(
      double requestsPerSecond, double recordsPerSecond, double p50, double p99, int failed) {}

  /**
   * {@code requests} requests of {@code batch} events each, spread over {@code clients} threads.
   */
  private static Result run(
      HttpClient http,
      String url,
      String key,
      List<String> events,
      int batch,
      int requests,
      int clients)
      throws Exception {
    double[] latency = new double[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long t0 = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      running.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                  int from = (i * batch) % Math.max(1, events.size() - batch);
                  String body =
                      "{\"records\":["
                          + String.join(",", events.subList(from, from + batch))
                          + "]}";
                  HttpRequest req =
                      HttpRequest.newBuilder(URI.create(url + "/collector/transactions"))
                          .header("content-type", "application/json")
                          .header("x-api-key", key)
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build();
                  long s = System.nanoTime();
                  HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                  latency[i] = (System.nanoTime() - s) / 1e6;
                  if (r.statusCode() != 200) {
                    failed.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    double[] sorted = latency.clone();
    Arrays.sort(sorted);
    return new Result(
        requests / secs,
        (double) requests * batch / secs,
        sorted[(int) (0.50 * (sorted.length - 1))],
        sorted[(int) (0.99 * (sorted.length - 1))],
        failed.get());
  }
}

package io.cardstream.bench;

import io.cardstream.common.cli.LocalSpark;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.lake.WarehouseTable;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.local.demo.NightlyDemo;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.stack.AwsClients;
import io.cardstream.local.stack.DynamoDbService;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.KafkaService;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.service.JvmLauncher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The stream under process kills and service restarts: events produced at a steady rate while the
 * stream runs as its own process (`bin/cardstream stream`, restarted whenever it exits, as the
 * watchdog does); {@code kill -9} of it at two random points and once inside the sink phase (a
 * bronze commit written, the batch not committed), one restart of DynamoDB Local with its files
 * kept and one of the Kafka broker. Then every sink is counted against the valid ids produced, the
 * nightly load runs on those dates, and the figures go to bench/target/chaos.json.
 */
public final class ChaosBenchmark {

  private static final String[] SPARK_FLAGS = {
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "-Djdk.reflect.useDirectMethodHandle=false"
  };

  private final Path home;
  private final Path state;
  private final Path log;
  private final List<String> events = new ArrayList<>();
  private Process stream;
  private int starts;

  private ChaosBenchmark(Path home, Path state) {
    this.home = home;
    this.state = state;
    this.log = state.resolve("logs/chaos-stream.log");
  }

  public static void main(String[] args) throws Exception {
    int customers = BenchArgs.intArg(args, "--customers", 700);
    int days = BenchArgs.intArg(args, "--days", 60);
    int rate = BenchArgs.intArg(args, "--rate", 600);
    long seed = BenchArgs.intArg(args, "--seed", 11);
    PrintStream quiet = BenchStack.QUIET;
    BenchStack bench = BenchStack.up("chaos", 20000, false, true);
    Path stateDir = bench.stateDir();
    LocalStack stack = bench.stack();
    ChaosBenchmark chaos = new ChaosBenchmark(bench.home(), stateDir);
    BenchReport report = new BenchReport("chaos");
    Random random = new Random(seed);
    boolean keep = false;
    try {
      Endpoints e = bench.endpoints();
      Path csv = bench.events();
      bench.generate(customers, days, seed);
      Set<String> ids = new HashSet<>();
      TransactionFiles.read(
          csv,
          InputFormat.KAGGLE,
          ReaderOptions.defaults(),
          0,
          r -> ids.add(((ParseResult.Valid) r).transaction().transNum()));
      System.out.printf("chaos: %,d events at %,d/s into a stream of its own%n", ids.size(), rate);

      AtomicReference<Replayer.Summary> produced = new AtomicReference<>();
      AtomicReference<Exception> produceError = new AtomicReference<>();
      Thread producer =
          new Thread(
              () -> {
                try {
                  produced.set(
                      new Replayer(PanTokenizer.fromEnvironment(Map.of()), quiet)
                          .run(BenchStack.kafkaReplay(csv, e, rate)));
                } catch (Exception ex) {
                  produceError.set(ex);
                }
              },
              "chaos-producer");
      long t0 = System.nanoTime();
      producer.start();
      chaos.startStream(false);

      chaos.awaitCommits(2);
      chaos.kill("kill -9 at a random point", random.nextInt(3000));
      chaos.awaitCommits(2);
      chaos.event("DynamoDB Local restarted, its files kept");
      stack.restart(DynamoDbService.NAME, System.out);
      chaos.awaitCommits(2);
      chaos.killInsideTheSinks();
      chaos.awaitCommits(2);
      chaos.event("Kafka broker restarted, its log kept");
      stack.restart(KafkaService.NAME, System.out);
      chaos.awaitCommits(2);
      chaos.kill("kill -9 at a random point", random.nextInt(3000));

      producer.join(Duration.ofMinutes(20).toMillis());
      if (produceError.get() != null || produced.get() == null) {
        throw new IllegalStateException("the producer failed", produceError.get());
      }
      // Drain: stop the running stream and let an AvailableNow run finish what is on the topic.
      chaos.event("the running stream killed; an AvailableNow run drains the topic");
      chaos.stream.destroyForcibly().waitFor();
      chaos.startStream(true);
      int exit = chaos.stream.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            "the draining run failed (exit " + exit + "): see " + chaos.log);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;

      Map<String, Object> counts = chaos.count(e, ids);
      counts.put("produced", produced.get().sent());
      counts.put("stream_starts", chaos.starts);
      counts.put("seconds", Math.round(seconds));
      boolean ok =
          counts.get("silver").equals((long) ids.size())
              && counts.get("bronze").equals((long) ids.size())
              && counts.get("silver_distinct").equals((long) ids.size())
              && counts.get("dynamodb_transactions").equals((long) ids.size())
              && counts.get("decisions").equals((long) ids.size())
              && counts.get("decision_duplicates").equals(0L)
              && counts.get("quarantine").equals(0L)
              && counts.get("warehouse_facts").equals(counts.get("silver"));
      counts.put("ok", ok);
      System.out.println();
      System.out.println("== chaos (2 cores): " + chaos.events);
      counts.forEach((k, v) -> System.out.printf("  %-22s %s%n", k, v));
      counts.forEach(report::put);
      report.put("events", chaos.events);
      System.out.println("  figures                " + report.write());
      if (!ok) {
        keep = true;
        System.out.println("  EXACTLY-ONCE VIOLATED: see " + chaos.log);
      }
    } catch (Exception ex) {
      keep = true;
      System.out.println("chaos: failed; the stack's logs and data stay in " + stateDir);
      throw ex;
    } finally {
      chaos.destroy();
      bench.down(keep);
    }
    System.exit(0);
  }

  /** The stream as its own process, as `bin/cardstream stream` runs it. */
  private void startStream(boolean availableNow) throws IOException {
    JvmLauncher launcher =
        JvmLauncher.of("io.cardstream.local.cli.Cardstream")
            .flag(SPARK_FLAGS)
            .flag("-Xmx2g", "-XX:+UseParallelGC", "-Duser.timezone=UTC")
            .flag("-Dcardstream.home=" + home)
            .module(home, "local")
            .args("stream", "--state-dir", state.toString())
            .args("--trigger-seconds", "2", "--max-events-per-trigger", "5000")
            .env(Map.of("SPARK_LOCAL_IP", "127.0.0.1"));
    if (availableNow) {
      launcher.args("--available-now");
    }
    ProcessBuilder pb = launcher.processBuilder().redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    stream = pb.start();
    starts++;
  }

  private void event(String what) {
    String line = String.format("%s (after batch %d)", what, lastCommitted());
    events.add(line);
    System.out.println("  " + line);
  }

  /** kill -9 after {@code delayMs}, then a new stream process (the watchdog's restart). */
  private void kill(String why, long delayMs) throws Exception {
    Thread.sleep(delayMs);
    event(why);
    stream.destroyForcibly().waitFor();
    startStream(false);
  }

  /** Waits for a bronze commit of a batch the checkpoint has not committed, then kills. */
  private void killInsideTheSinks() throws Exception {
    Path bronzeLog =
        Path.of(
                java.net.URI.create(
                    new Lake(state.resolve("lake").toUri().toString()).path(LakeTable.BRONZE)))
            .resolve("_delta_log");
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    long seen = jsonFiles(bronzeLog);
    while (System.nanoTime() < deadline) {
      restartIfExited();
      long now = jsonFiles(bronzeLog);
      if (now > seen) {
        // A new bronze version while the next batch is not committed: the batch is in its sinks.
        long committed = lastCommitted();
        if (!Files.exists(commitFile(committed + 1))) {
          event(
              "kill -9 inside the sink phase (bronze written, batch " + (committed + 1) + " open)");
          stream.destroyForcibly().waitFor();
          startStream(false);
          return;
        }
        seen = now;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("no sink phase seen within 5 minutes; see " + log);
  }

  private static long jsonFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).count();
    }
  }

  private Path commitFile(long batch) {
    return state.resolve("checkpoints/scoring/commits").resolve(Long.toString(batch));
  }

  private long lastCommitted() {
    Path commits = state.resolve("checkpoints/scoring/commits");
    if (!Files.isDirectory(commits)) {
      return -1;
    }
    try (Stream<Path> s = Files.list(commits)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d+"))
          .mapToLong(Long::parseLong)
          .max()
          .orElse(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Waits until {@code n} more batches are committed, restarting the stream if it exits. */
  private void awaitCommits(int n) throws Exception {
    long target = lastCommitted() + n;
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (lastCommitted() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the stream committed nothing for 10 minutes; see " + log);
      }
      restartIfExited();
      Thread.sleep(200);
    }
  }

  private void restartIfExited() throws IOException {
    if (!stream.isAlive()) {
      event("the stream exited with " + stream.exitValue() + "; restarted");
      startStream(false);
    }
  }

  private void destroy() {
    if (stream != null && stream.isAlive()) {
      stream.destroyForcibly();
    }
  }

  private Map<String, Object> count(Endpoints e, Set<String> ids) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    SparkSession.Builder b = SparkSession.builder().appName("chaos-check");
    LocalSpark.DEFAULTS.forEach(b::config);
    SparkSession spark = b.config("spark.sql.shuffle.partitions", "2").getOrCreate();
    try {
      Lake lake = new Lake(state.resolve("lake").toUri().toString());
      SinkCounts.LakeRows rows = SinkCounts.lake(spark, lake);
      out.put("valid_ids", (long) ids.size());
      out.put("silver", rows.silver());
      out.put("silver_distinct", rows.silverDistinct());
      out.put("bronze", rows.bronze());
      out.put("quarantine", rows.quarantine());
      try (DynamoDbClient ddb = AwsClients.dynamodb(e)) {
        out.put("dynamodb_transactions", SinkCounts.dynamodbTransactions(ddb));
      }
      List<String> keys =
          SinkCounts.keys(e.kafkaBootstrap(), List.of(Topics.APPROVED, Topics.DECLINED));
      out.put("decisions", (long) keys.size());
      out.put("decision_duplicates", (long) (keys.size() - new HashSet<>(keys).size()));
      List<LocalDate> dates = NightlyDemo.silverDates(spark, lake);
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
      NightlyDemo.analytics(spark, lake, dates, quiet);
      Map<String, Long> warehouse = NightlyDemo.warehouse(spark, lake, dates, e, quiet);
      out.put("warehouse_facts", warehouse.get(WarehouseTable.FACT_TRANSACTIONS.tableName()));
    } finally {
      spark.stop();
    }
    return out;
  }
}

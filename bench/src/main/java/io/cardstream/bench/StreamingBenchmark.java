package io.cardstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.Transaction;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import io.cardstream.common.input.TransactionJson;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.generator.GeneratorConfig;
import io.cardstream.generator.TransactionGenerator;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import io.cardstream.training.TrainConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The scoring stream against two baselines measured in the same run, on the same events:
 *
 * <ul>
 *   <li>a plain-Java loop doing the same parse + tokenize + features + model + rules with no Spark
 *       and no sinks (the upper bound per core);
 *   <li>a per-record writer doing that plus one DynamoDB PutItem per event, as the seeds' Lambda
 *       consumers do (the lower bound).
 * </ul>
 *
 * Then the stream's end-to-end latency (Kafka produce time to the end of the micro-batch that wrote
 * the event to every sink, DynamoDB included) while events arrive at half its measured rate.
 */
public final class StreamingBenchmark {

  private StreamingBenchmark() {}

  public static void main(String[] args) throws Exception {
    run(args);
    // Spark and Kafka leave non-daemon threads behind.
    System.exit(0);
  }

  private static void run(String[] args) throws Exception {
    int customers = BenchArgs.intArg(args, "--customers", 300);
    int days = BenchArgs.intArg(args, "--days", 60);
    // The job's default trigger (ScoringStreamJob --trigger-seconds).
    int trigger = BenchArgs.intArg(args, "--trigger-seconds", 5);
    // The state pass's largest level (0 skips it); --state-only runs that pass alone.
    int stateCards = BenchArgs.intArg(args, "--state-cards", 1_000_000);
    boolean stateOnly = Arrays.asList(args).contains("--state-only");
    // Issue 29's pass alone: decision latency and lake freshness, split vs single query.
    boolean latencyOnly = Arrays.asList(args).contains("--latency-only");
    int latencyRate = BenchArgs.intArg(args, "--latency-rate", 1000);
    int latencySeconds = BenchArgs.intArg(args, "--latency-seconds", 120);
    int backlog = BenchArgs.intArg(args, "--backlog", 60_000);
    PrintStream quiet = BenchStack.QUIET;
    // A benchmark killed by a time limit must not leave the services behind: up() hooks it.
    BenchStack bench = BenchStack.up("stream", 27000, false, false);
    Path dir = bench.dir();
    SparkSession spark = null;
    try {
      Endpoints e = bench.endpoints();
      Path csv = bench.events();
      TransactionGenerator.Summary gen = bench.generate(customers, days, 5L);
      List<String> messages = new ArrayList<>();
      List<Transaction> transactions = new ArrayList<>();
      TransactionFiles.read(
          csv,
          InputFormat.KAGGLE,
          ReaderOptions.defaults(),
          0,
          r -> transactions.add(((ParseResult.Valid) r).transaction()));
      transactions.forEach(t -> messages.add(TransactionJson.write(t)));

      spark = BenchSpark.session("streaming-benchmark");
      String registry = new Lake(dir.resolve("lake").toUri().toString()).modelRegistry();
      PanTokenizer tokenizer = PanTokenizer.fromEnvironment(Map.of());
      BenchSpark.trainChampion(spark, csv, registry, tokenizer, quiet);
      String version =
          new ModelRegistry(registry, spark.sparkContext().hadoopConfiguration())
              .champion()
              .orElseThrow();
      PipelineModel pipeline = PipelineModel.load(registry + "/" + version + "/model");
      if (stateOnly) {
        BenchReport report = new BenchReport("streaming");
        state(spark, dir, e, registry, tokenizer, transactions, stateCards, report);
        System.out.println("  figures: " + report.update());
        return;
      }
      DecisionLatency latencyPass =
          new DecisionLatency(spark, dir, e, registry, tokenizer, messages);
      if (latencyOnly) {
        BenchReport report = new BenchReport("streaming");
        decisionLatency(latencyPass, latencyRate, latencySeconds, backlog, report);
        System.out.println("  figures: " + report.update());
        return;
      }

      Map<Long, long[]> batches = new ConcurrentHashMap<>();
      spark.streams().addListener(new BenchSpark.BatchTimes(batches));
      SustainedPass.Throughput rates =
          SustainedPass.run(
              spark, dir, e, registry, tokenizer, csv, messages, pipeline, version, batches);
      rates.print(gen, version);
      double streamRate = rates.streamRate();

      // Latency at half the sustained rate, with a fresh query reading only the new events.
      batches.clear();
      double[] latency =
          halfRateLatency(
              spark, dir, e, registry, tokenizer, trigger, customers, streamRate, batches, quiet);

      // The sustained run again, with a challenger in the shadow: a second model on every row.
      batches.clear();
      double shadowRate =
          shadowRate(spark, dir, e, registry, csv, tokenizer, quiet, batches, messages.size());
      System.out.printf(
          "  stream with challenger in the shadow: %,.0f events/s = %.2f of the stream without"
              + " (same run)%n",
          shadowRate, shadowRate / streamRate);
      BenchReport report =
          rates
              .into(new BenchReport("streaming").put("events", messages.size()))
              .put("trigger_seconds", trigger)
              .put("p50_ms", DecisionLatency.pct(latency, 0.50))
              .put("p99_ms", DecisionLatency.pct(latency, 0.99))
              .put("p99_ms_" + trigger + "s_trigger", DecisionLatency.pct(latency, 0.99))
              .put("stream_with_challenger_events_per_s", shadowRate)
              .put("challenger_vs_no_challenger", shadowRate / streamRate);
      decisionLatency(latencyPass, latencyRate, latencySeconds, backlog, report);
      if (stateCards > 0) {
        state(spark, dir, e, registry, tokenizer, transactions, stateCards, report);
      }
      System.out.println("  figures: " + report.write());
    } finally {
      if (spark != null) {
        spark.stop();
      }
      bench.down(false);
    }
  }

  /** The sustained pass again with a challenger in the shadow (a second model on every row). */
  private static double shadowRate(
      SparkSession spark,
      Path dir,
      Endpoints e,
      String registry,
      Path csv,
      PanTokenizer tokenizer,
      PrintStream quiet,
      Map<Long, long[]> batches,
      long events)
      throws Exception {
    BenchSpark.trainModel(spark, csv, registry, tokenizer, quiet, TrainConfig.Promote.SHADOW);
    String challenger =
        new ModelRegistry(registry, spark.sparkContext().hadoopConfiguration())
            .challenger()
            .orElseThrow();
    System.out.println("  challenger " + challenger + " in the shadow");
    batches.clear();
    StreamConfig shadowed =
        config(dir, e, registry, 1, 20_000, "sustained-challenger", true, "earliest");
    ScoringStream.onServices(shadowed, tokenizer).run(spark);
    return BenchSpark.rate(batches, events);
  }

  /**
   * Latency (Kafka produce time to the end of the micro-batch that wrote the event everywhere) of a
   * running query fed live-dated events at half the sustained rate; sorted, in ms.
   */
  private static double[] halfRateLatency(
      SparkSession spark,
      Path dir,
      Endpoints e,
      String registry,
      PanTokenizer tokenizer,
      int trigger,
      int customers,
      double streamRate,
      Map<Long, long[]> batches,
      PrintStream quiet)
      throws Exception {
    Map<Integer, Long> offsets =
        KafkaClients.endOffsets(e.kafkaBootstrap(), e.kafkaAuth(), Topics.TRANSACTIONS);
    StreamConfig paced =
        config(
            dir,
            e,
            registry,
            trigger,
            20_000,
            "paced",
            // A running stream, as in production: events arrive after it started.
            false,
            KafkaClients.startingOffsets(Topics.TRANSACTIONS, offsets));
    StreamingQuery pq = ScoringStream.onServices(paced, tokenizer).start(spark);
    Path pacedCsv = dir.resolve("paced.csv");
    // Live traffic: one day of events dated today, so that a micro-batch covers one or two
    // event-date partitions as in production (a replay of history spreads each batch over
    // dozens of partitions, i.e. dozens of small files per Delta table per batch).
    TransactionGenerator.writeKaggleCsv(
        new GeneratorConfig(customers * 15, 1, LocalDate.now(java.time.ZoneOffset.UTC), 6L, 0.006),
        pacedCsv);
    Replayer.Summary pacedSent =
        new Replayer(tokenizer, quiet).run(BenchStack.kafkaReplay(pacedCsv, e, streamRate / 2));
    stopWhenCaughtUp(pq, e.kafkaBootstrap());
    List<Row> rows =
        spark
            .read()
            .format("delta")
            .load(paced.sinks().lake().path(LakeTable.SILVER))
            .select("batch_id", "produce_time")
            .collectAsList();
    double[] latency =
        rows.stream()
            .mapToDouble(r -> batches.get(r.getLong(0))[1] - r.getTimestamp(1).getTime())
            .sorted()
            .toArray();

    System.out.printf(
        "  latency at %,.0f events/s (half rate), trigger %d s, %,d events: p50 %.0f ms, p99 %.0f ms (target p99 <= %d ms)%n",
        streamRate / 2,
        trigger,
        pacedSent.sent(),
        DecisionLatency.pct(latency, 0.50),
        DecisionLatency.pct(latency, 0.99),
        2000 * trigger);
    return latency;
  }

  /**
   * Issue 29: the split design (decisions query at its short trigger, lake query beside it) against
   * the single query with every sink, on the same events in the same run; into {@code report}.
   */
  private static void decisionLatency(
      DecisionLatency pass, int rate, int seconds, int backlog, BenchReport report)
      throws Exception {
    DecisionLatency.Figures split = pass.measure("split", true, rate, seconds, backlog);
    System.out.println("  split: " + split);
    DecisionLatency.Figures single = pass.measure("single", false, rate, seconds, backlog);
    System.out.println("  single: " + single);
    System.out.printf(
        "  decision latency (input CreateTime -> decision CreateTime), %,d events/s for %d s,"
            + " every sink running:%n",
        rate, seconds);
    for (var f : List.of(Map.entry("split ", split), Map.entry("single", single))) {
      DecisionLatency.Figures v = f.getValue();
      System.out.printf(
          "    %s p50 %.0f ms, p99 %.0f ms (visible to a read_committed consumer: p99 %.0f ms);"
              + " lake freshness p50 %.0f ms, p99 %.0f ms; %,d of %,d events decided; throughput"
              + " with every sink from a %,d backlog %,.0f events/s%n",
          f.getKey(),
          v.p50(),
          v.p99(),
          v.visibleP99(),
          v.lakeP50(),
          v.lakeP99(),
          v.decided(),
          v.sent(),
          backlog,
          v.throughput());
    }
    System.out.printf(
        "  split/single: decision p99 %.2f (target p99 <= 1000 ms), throughput %.2f (target >="
            + " 1.00), lake freshness p99 %.0f ms (target <= 60000 ms)%n",
        split.p99() / single.p99(), split.throughput() / single.throughput(), split.lakeP99());
    report
        .put("decision_rate_events_per_s", rate)
        .put("decision_seconds", seconds)
        .put("decision_p50_ms", split.p50())
        .put("decision_p99_ms", split.p99())
        .put("decision_events_decided_of_sent", split.decided() + "/" + split.sent())
        .put("decision_visible_p99_ms", split.visibleP99())
        .put("lake_freshness_p50_ms", split.lakeP50())
        .put("lake_freshness_p99_ms", split.lakeP99())
        .put("throughput_all_sinks_events_per_s", split.throughput())
        .put("single_query_decision_p50_ms", single.p50())
        .put("single_query_decision_p99_ms", single.p99())
        .put("single_query_events_decided_of_sent", single.decided() + "/" + single.sent())
        .put("single_query_lake_freshness_p99_ms", single.lakeP99())
        .put("single_query_throughput_all_sinks_events_per_s", single.throughput())
        .put("split_vs_single_throughput", split.throughput() / single.throughput());
  }

  /**
   * The state pass: batch time, state size and memory at 10k, 100k and {@code cards} distinct cards
   * (see {@link StateScale}); its figures go into {@code report}.
   */
  private static void state(
      SparkSession spark,
      Path dir,
      Endpoints e,
      String registry,
      PanTokenizer tokenizer,
      List<Transaction> templates,
      long cards,
      BenchReport report)
      throws Exception {
    // Only the events this pass produces: the topic may hold the other passes' already.
    String from =
        KafkaClients.startingOffsets(
            Topics.TRANSACTIONS,
            KafkaClients.endOffsets(e.kafkaBootstrap(), e.kafkaAuth(), Topics.TRANSACTIONS));
    System.out.printf(
        "  state pass: fill to each level (one event per new card), then %d batches of %,d events"
            + " on %,d cards in state; no-op sinks%n",
        StateScale.PROBE_BATCHES, StateScale.PROBE_EVENTS, StateScale.PROBE_CARDS);
    List<StateScale.Level> levels =
        new StateScale(
                spark,
                dir,
                e.kafkaBootstrap(),
                tokenizer,
                templates,
                b ->
                    b.kafkaBootstrap(e.kafkaBootstrap())
                        .dynamodb(e.dynamodb())
                        .startingOffsets(from)
                        .registry(registry),
                System.out)
            .run(Math.min(10_000, cards), Math.min(100_000, cards), cards);
    StateScale.Level first = levels.get(0);
    StateScale.Level last = levels.get(levels.size() - 1);
    double growth = last.batchMs() / first.batchMs();
    System.out.printf(
        "  probe batch time %,d -> %,d cards: %.2fx (target < 2x)%n",
        first.cards(), last.cards(), growth);
    for (StateScale.Level l : levels) {
      String k = "state_" + l.cards() + "_cards_";
      report
          .put(k + "batch_ms", l.batchMs())
          .put(k + "state_rows", l.stateRows())
          .put(k + "state_bytes_on_disk", l.stateBytes())
          .put(k + "heap_bytes", l.heapBytes())
          .put(k + "rss_bytes", l.rssBytes());
    }
    report.put("batch_ms_growth_10k_to_" + (cards >= 1_000_000 ? "1m" : cards), growth);
  }

  static StreamConfig config(
      Path dir,
      Endpoints e,
      String registry,
      int trigger,
      long max,
      String name,
      boolean availableNow,
      String startingOffsets) {
    return StreamConfig.builder()
        .kafkaBootstrap(e.kafkaBootstrap())
        .dynamodb(e.dynamodb())
        .startingOffsets(startingOffsets)
        .lakeRoot(dir.resolve("lake-" + name).toUri().toString())
        .checkpoint(dir.resolve("checkpoint-" + name).toUri().toString())
        .registry(registry)
        .triggerSeconds(trigger)
        .maxEventsPerTrigger(max)
        .availableNow(availableNow)
        .build();
  }

  /**
   * Stops a running (processing-time) query once it has committed every offset the topic holds now,
   * between two triggers; returns when it stopped.
   */
  private static void stopWhenCaughtUp(StreamingQuery q, String bootstrap) throws Exception {
    Map<Integer, Long> target =
        KafkaClients.endOffsets(bootstrap, KafkaAuth.NONE, Topics.TRANSACTIONS);
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    while (q.isActive()) {
      org.apache.spark.sql.streaming.StreamingQueryProgress p = q.lastProgress();
      if (p != null && p.sources().length > 0 && p.sources()[0].endOffset() != null) {
        JsonNode end = json.readTree(p.sources()[0].endOffset()).path(Topics.TRANSACTIONS);
        if (target.entrySet().stream()
            .allMatch(t -> end.path(Integer.toString(t.getKey())).asLong(-1) >= t.getValue())) {
          long deadline = System.nanoTime() + 30_000_000_000L;
          while (q.status().isTriggerActive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
          }
          q.stop();
          break;
        }
      }
      q.awaitTermination(1000);
    }
    q.awaitTermination();
  }
}

package io.cardstream.bench;

import io.cardstream.common.cli.LocalSpark;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.training.TrainConfig;
import io.cardstream.training.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/** What the Spark benchmarks share: their session, their model, their batch clock. */
final class BenchSpark {

  private BenchSpark() {}

  /**
   * A local session as the benchmarks measure: 2 shuffle (and state store) partitions on 2 cores.
   */
  static SparkSession session(String app) {
    SparkSession.Builder session = SparkSession.builder().appName(app);
    LocalSpark.DEFAULTS.forEach(session::config);
    return session.config("spark.sql.shuffle.partitions", "2").getOrCreate();
  }

  /** The benchmarks' model: 20 rounds of depth 5 on the events, promoted whatever it scores. */
  static void trainChampion(
      SparkSession spark, Path csv, String registry, PanTokenizer tokenizer, PrintStream quiet)
      throws Exception {
    trainModel(spark, csv, registry, tokenizer, quiet, TrainConfig.Promote.FORCE);
  }

  /** The same model, promoted as {@code promote} says (shadow: the same settings never lose). */
  static void trainModel(
      SparkSession spark,
      Path csv,
      String registry,
      PanTokenizer tokenizer,
      PrintStream quiet,
      TrainConfig.Promote promote)
      throws Exception {
    new Trainer(spark, tokenizer, quiet)
        .run(
            TrainConfig.builder()
                .input(csv.toString())
                .registry(registry)
                .promote(promote)
                .maxIter(20)
                .maxDepth(5)
                .seed(1L)
                .build());
  }

  /** Events per second from the first batch's start to the last batch's end. */
  static double rate(Map<Long, long[]> batches, long events) {
    long first = batches.values().stream().mapToLong(b -> b[0]).min().orElseThrow();
    long last = batches.values().stream().mapToLong(b -> b[1]).max().orElseThrow();
    return events / ((last - first) / 1e3);
  }

  /**
   * Start and end (epoch ms) of every batch of the decisions query (the lake query's batch ids
   * would collide; {@link DecisionLatency} measures it).
   */
  static final class BatchTimes extends StreamingQueryListener {
    private final Map<Long, long[]> out;

    BatchTimes(Map<Long, long[]> out) {
      this.out = out;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      var p = event.progress();
      if (p.numInputRows() == 0 || io.cardstream.streaming.LakeStream.QUERY_NAME.equals(p.name())) {
        return;
      }
      long start = java.time.Instant.parse(p.timestamp()).toEpochMilli();
      out.put(
          p.batchId(),
          new long[] {start, start + p.durationMs().getOrDefault("triggerExecution", 0L)});
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {}
  }
}

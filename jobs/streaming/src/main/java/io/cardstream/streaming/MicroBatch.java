package io.cardstream.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.cardstream.common.contract.TransactionSchema;
import io.cardstream.common.decision.Decision;
import io.cardstream.common.features.FeatureProfile;
import io.cardstream.common.features.Profiles;
import io.cardstream.streaming.sink.BatchSink;
import io.cardstream.streaming.sink.ScoredBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The stream's {@code foreachBatch}: one micro-batch of featured rows through the decide stage,
 * shaped into bronze, silver and quarantine, handed to the sinks, and its numbers handed to the
 * status listener. Spark commits the checkpoint after this returns, so everything the sinks do must
 * be safe to repeat for a replayed batch (they are: see {@link BatchSink}).
 */
final class MicroBatch implements VoidFunction2<Dataset<Row>, Long> {

  /** Rows per Delta data file a micro-batch writes (before splitting by event date). */
  static final long ROWS_PER_FILE = 250_000;

  /** The columns bronze keeps: the tokenized event and its ingest metadata. */
  private static final Column[] BRONZE = bronzeColumns();

  private final Decide decide;
  private final BatchSink sinks;
  private final StreamStatus status;
  private final DriftWindow window = new DriftWindow();

  MicroBatch(Decide decide, BatchSink sinks, StreamStatus status) {
    this.decide = decide;
    this.sinks = sinks;
    this.status = status;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    String queryId = batch.sparkSession().sparkContext().getLocalProperty("sql.streaming.queryId");
    Dataset<Row> rows = batch.persist();
    try {
      // count() computes and caches every partition once: the stateful operator upstream must not
      // run again for this batch (a partial action such as isEmpty() would leave partitions
      // uncached, and recomputing them contends for the RocksDB state store).
      Map<String, Long> steps = new LinkedHashMap<>();
      long t = System.nanoTime();
      long total = rows.count();
      if (total == 0) {
        return;
      }
      t = lap(steps, "state+parse", t);
      Dataset<Row> valid = rows.filter(col(EventParsing.REJECT_REASON).isNull());
      Dataset<Row> rejected = rows.filter(col(EventParsing.REJECT_REASON).isNotNull());

      Decide.Decided decided =
          decide.apply(
              valid.drop(
                  EventParsing.REJECT_REASON,
                  EventParsing.REJECT_DETAIL,
                  EventParsing.MASKED_PAYLOAD));
      Dataset<Row> silver =
          decided
              .rows()
              .withColumn("event_date", to_date(col("event_time")))
              // Lineage: which micro-batch scored the row (also gives end-to-end latency).
              .withColumn("batch_id", lit(batchId))
              .persist();
      // One job scores and caches silver and counts its decisions; the rest are the rejects.
      Map<String, Long> decisions = decisions(silver);
      long scored = decisions.values().stream().mapToLong(Long::longValue).sum();
      t = lap(steps, "score", t);
      FeatureProfile.Drift drift = null;
      FeatureProfile profile = decided.profile();
      if (profile != null && scored > 0) {
        Profiles.Counts counts = Profiles.counts(silver, profile.edges());
        drift =
            window.add(
                Instant.now(), decided.modelVersion(), profile, counts.bins(), counts.categories());
        lap(steps, "drift", t);
      }

      ScoredBatch out =
          new ScoredBatch(
              queryId,
              batchId,
              valid
                  .select(BRONZE)
                  // The age feature replaced the input column (-1 = unknown); bronze keeps the
                  // input.
                  .withColumn("age", when(col("age").geq(0), col("age").cast("int")))
                  .withColumn("event_date", to_date(col("event_time"))),
              silver,
              quarantine(rejected),
              scored,
              total - scored,
              (int) (1 + total / ROWS_PER_FILE));
      Map<String, Boolean> written = new LinkedHashMap<>();
      for (BatchSink.Written w : sinks.write(out)) {
        steps.put(w.sink(), w.millis());
        written.put(w.sink(), w.written());
      }
      status.record(
          batchId,
          new StreamStatus.BatchStats(
              scored,
              total - scored,
              decisions,
              decided.modelVersion(),
              decided.controls().rules().version(),
              decided.controls().flags().size(),
              decided.controls().refused(),
              written,
              steps,
              drift));
      silver.unpersist();
    } finally {
      rows.unpersist();
    }
  }

  /** Rows per decision, every decision listed. */
  private static Map<String, Long> decisions(Dataset<Row> silver) {
    Map<String, Long> counts =
        new LinkedHashMap<>(
            Map.of(Decision.APPROVE, 0L, Decision.REVIEW, 0L, Decision.DECLINE, 0L));
    for (Row r : silver.groupBy("decision").count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }

  private static Dataset<Row> quarantine(Dataset<Row> rejected) {
    return rejected.select(
        col(EventParsing.REJECT_REASON).as("reason"),
        col(EventParsing.REJECT_DETAIL).as("detail"),
        col(EventParsing.MASKED_PAYLOAD).as("payload"),
        col("source"),
        col("source_partition"),
        col("source_offset"),
        col("produce_time"),
        col("ingest_time"),
        to_date(col("ingest_time")).as("ingest_date"));
  }

  private static Column[] bronzeColumns() {
    List<String> names = new ArrayList<>(Arrays.asList(TransactionSchema.TOKENIZED.fieldNames()));
    names.addAll(Arrays.asList(EventParsing.METADATA.fieldNames()));
    return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  /** Records the milliseconds since {@code start} under {@code step}; returns now. */
  private static long lap(Map<String, Long> steps, String step, long start) {
    long now = System.nanoTime();
    steps.put(step, (now - start) / 1_000_000);
    return now;
  }
}

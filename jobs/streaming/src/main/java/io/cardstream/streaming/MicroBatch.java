package io.cardstream.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.contract.TransactionSchema;
import io.cardstream.common.features.FeatureProfile;
import io.cardstream.common.features.Profiles;
import io.cardstream.streaming.sink.BatchSink;
import io.cardstream.streaming.sink.ScoredBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The stream's {@code foreachBatch}: one micro-batch of featured rows through the decide stage
 * ({@link BatchDecider}: rows it fails on, or that a sink cannot hold, go to the quarantine),
 * shaped into bronze, silver and quarantine, handed to the sinks (retried while a service is away),
 * and its numbers handed to the status listener. Spark commits the checkpoint after this returns,
 * so everything the sinks do must be safe to repeat for a replayed batch (they are: see {@link
 * BatchSink}).
 */
final class MicroBatch extends SinkBatch {

  /** Rows per Delta data file a micro-batch writes (before splitting by event date). */
  static final long ROWS_PER_FILE = 250_000;

  /** The columns bronze keeps: the tokenized event and its ingest metadata. */
  private static final Column[] BRONZE = bronzeColumns();

  private static final String[] REJECT_COLUMNS = {
    EventParsing.REJECT_REASON, EventParsing.REJECT_DETAIL, EventParsing.MASKED_PAYLOAD
  };

  private final Decide decide;
  private final BatchDecider decider;
  private final DriftWindow window = new DriftWindow();

  MicroBatch(Decide decide, BatchSink sinks, StreamStatus status, Duration outageLimit) {
    super(sinks, status, outageLimit);
    this.decide = decide;
    this.decider = new BatchDecider(decide);
  }

  @Override
  void run(String queryId, long batchId, Dataset<Row> rows) {
    BatchDecider.Result r = null;
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
      Dataset<Row> valid =
          rows.filter(col(EventParsing.REJECT_REASON).isNull()).drop(REJECT_COLUMNS);
      Dataset<Row> rejected = rows.filter(col(EventParsing.REJECT_REASON).isNotNull());

      r = decider.run(valid, batchId);
      Dataset<Row> silver =
          r.rows().filter(col(EventParsing.REJECT_REASON).isNull()).drop(REJECT_COLUMNS);
      Dataset<Row> failed = r.rows().filter(col(EventParsing.REJECT_REASON).isNotNull());
      long scored = r.decisions().values().stream().mapToLong(Long::longValue).sum();
      t = lap(steps, "score", t);
      FeatureProfile.Drift drift = null;
      FeatureProfile profile = r.decided().profile();
      if (profile != null && scored > 0) {
        Profiles.Counts counts = Profiles.counts(silver, profile.edges());
        drift =
            window.add(
                Instant.now(),
                r.decided().modelVersion(),
                profile,
                counts.bins(),
                counts.categories());
        lap(steps, "drift", t);
      }
      Dataset<Row> quarantine = quarantine(rejected).unionByName(quarantine(failed));
      if (!r.isolated().isEmpty()) {
        quarantine =
            quarantine.unionByName(
                rows.sparkSession().createDataFrame(r.isolated(), Quarantine.SCHEMA));
      }
      ScoredBatch out = scoredBatch(queryId, batchId, silver, quarantine, scored, total - scored);
      Map<String, Boolean> written =
          write(
              out,
              (attempt, elapsed, error) -> status.outage(batchId, attempt, elapsed, error),
              steps);
      status.record(
          batchId,
          new StreamStatus.BatchStats(
              scored,
              total - scored,
              r.rejected() + r.isolated().size(),
              r.decisions(),
              r.decided().modelVersion(),
              r.decided().controls().rules().version(),
              r.decided().controls().flags().size(),
              r.decided().controls().refused(),
              decide.setAside(),
              written,
              steps,
              drift));
    } finally {
      if (r != null) {
        r.rows().unpersist();
      }
    }
  }

  /**
   * A batch's silver and quarantine rows as the sinks take them, bronze (the events as they came,
   * tokenized) shaped from silver.
   */
  static ScoredBatch scoredBatch(
      String queryId,
      long batchId,
      Dataset<Row> silver,
      Dataset<Row> quarantine,
      long scored,
      long quarantined) {
    return new ScoredBatch(
        queryId,
        batchId,
        silver
            .select(BRONZE)
            // The age feature replaced the input column (-1 = unknown); bronze keeps the input.
            .withColumn("age", when(col("age").geq(0), col("age").cast("int")))
            .withColumn("event_date", to_date(col("event_time"))),
        silver,
        quarantine,
        scored,
        quarantined,
        (int) (1 + (scored + quarantined) / ROWS_PER_FILE));
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

  /**
   * A valid row the decide stage failed on, as a quarantine row: its ids and where it came from.
   */
  static Row quarantineRow(Row valid, ReasonCode reason, String detail) {
    return Quarantine.row(
        reason,
        detail,
        Rejects.idsPayload(
            valid.getAs("trans_num"),
            valid.getAs("event_time"),
            valid.getAs("card_last4"),
            valid.getAs("amt")),
        valid.getAs("source"),
        valid.getAs("source_partition"),
        valid.getAs("source_offset"),
        valid.getAs("produce_time"),
        valid.getAs("ingest_time"));
  }

  private static Column[] bronzeColumns() {
    List<String> names = new ArrayList<>(Arrays.asList(TransactionSchema.TOKENIZED.fieldNames()));
    names.addAll(Arrays.asList(TransactionSchema.INGEST.fieldNames()));
    return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  /** Records the milliseconds since {@code start} under {@code step}; returns now. */
  private static long lap(Map<String, Long> steps, String step, long start) {
    long now = System.nanoTime();
    steps.put(step, (now - start) / 1_000_000);
    return now;
  }
}

package io.cardstream.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.xxhash64;

import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.decision.Decision;
import io.cardstream.common.lake.SilverSchema;
import io.cardstream.streaming.control.Controls;
import io.cardstream.streaming.sink.SinkLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decide stage of one micro-batch, made safe against its own rows: each row is decided and
 * checked against the sinks' per-item limits on its own ({@link Decide}, {@link SinkLimits}); a row
 * that fails either comes back marked for the quarantine. Should the stage still fail as a whole (a
 * model that fails inside Spark), a model that fails on an ordinary made-up row is set aside and
 * the batch decided again; otherwise the batch is split in halves until the rows at fault stand
 * alone, and those go to the quarantine.
 */
final class BatchDecider {

  private static final Logger LOG = LoggerFactory.getLogger(BatchDecider.class);
  private static final String SPLIT = "_split_hash";

  /**
   * One batch decided.
   *
   * @param decided the rows as decided, with the context they were decided in
   * @param rows every decided row, cached, with {@code event_date} and {@code batch_id}; rows to
   *     quarantine carry a reject reason, detail and payload
   * @param decisions rows per decision among the rows to store (every decision listed)
   * @param isolated rows the split found at fault, already in the quarantine's shape
   */
  record Result(
      Decide.Decided decided,
      Dataset<Row> rows,
      Map<String, Long> decisions,
      long rejected,
      List<Row> isolated) {}

  private final Decide decide;

  BatchDecider(Decide decide) {
    this.decide = decide;
  }

  Result run(Dataset<Row> valid, long batchId) {
    Decide.Decided first = decide.apply(valid);
    Controls.Snapshot controls = first.controls();
    Decide.Decided decided = first;
    // At most one retry per model that can be set aside (champion, challenger).
    for (int attempt = 0; attempt < 3; attempt++) {
      Dataset<Row> rows = shape(decided, batchId);
      try {
        return result(decided, rows, List.of());
      } catch (Exception e) { // Spark's own exceptions are checked ones, thrown unchecked
        rows.unpersist();
        rethrowIfInterrupted(e);
        LOG.warn(
            "batch {}: deciding failed ({}); looking for the cause",
            batchId,
            Rejects.failed("deciding", e));
        if (!decide.setAsideFailingModels(valid)) {
          return isolate(valid, controls, batchId);
        }
        decided = decide.decide(valid, controls);
      }
    }
    return isolate(valid, controls, batchId);
  }

  /** Splits the batch until every failing row stands alone; the rest is decided part by part. */
  private Result isolate(Dataset<Row> valid, Controls.Snapshot controls, long batchId) {
    Splitter s =
        new Splitter(
            valid.withColumn(SPLIT, xxhash64(col("card_id"), col("trans_num"))), controls, batchId);
    // The whole batch is known to fail: start with its halves.
    long mid = mid(Long.MIN_VALUE, Long.MAX_VALUE);
    s.split(Long.MIN_VALUE, mid);
    s.split(mid + 1, Long.MAX_VALUE);
    LOG.warn(
        "batch {}: {} row(s) isolated and quarantined; {} part(s) decided",
        batchId,
        s.isolated.size(),
        s.parts.size());
    Decide.Decided decided = s.last != null ? s.last : decide.decide(valid.limit(0), controls);
    if (s.parts.isEmpty()) {
      return result(decided, shape(decided, batchId), s.isolated);
    }
    Dataset<Row> rows = s.parts.stream().reduce(Dataset::unionByName).get().persist();
    Result r = result(decided, rows, s.isolated);
    s.parts.forEach(Dataset::unpersist);
    return r;
  }

  /** The middle of [lo, hi] without overflow. */
  private static long mid(long lo, long hi) {
    return (lo >> 1) + (hi >> 1) + (lo & hi & 1);
  }

  /** One batch's split by hash range: the parts that decide, the rows that fail alone. */
  private final class Splitter {
    private final Dataset<Row> hashed;
    private final Controls.Snapshot controls;
    private final long batchId;
    private final List<Dataset<Row>> parts = new ArrayList<>();
    private final List<Row> isolated = new ArrayList<>();
    private Decide.Decided last;

    Splitter(Dataset<Row> hashed, Controls.Snapshot controls, long batchId) {
      this.hashed = hashed;
      this.controls = controls;
      this.batchId = batchId;
    }

    void split(long lo, long hi) {
      Dataset<Row> part = hashed.filter(col(SPLIT).geq(lo).and(col(SPLIT).leq(hi))).drop(SPLIT);
      long n = part.count();
      if (n == 0) {
        return;
      }
      Decide.Decided d = decide.decide(part, controls);
      Dataset<Row> rows = shape(d, batchId);
      try {
        rows.count();
        parts.add(rows);
        last = d;
        return;
      } catch (Exception e) { // Spark's own exceptions are checked ones, thrown unchecked
        rows.unpersist();
        rethrowIfInterrupted(e);
        if (n == 1 || lo == hi) {
          String detail = Rejects.failed("deciding", e);
          for (Row r : part.collectAsList()) {
            isolated.add(MicroBatch.quarantineRow(r, ReasonCode.PROCESSING_ERROR, detail));
          }
          return;
        }
      }
      long m = mid(lo, hi);
      split(lo, m);
      split(m + 1, hi);
    }
  }

  /** Decided rows checked against the sinks' limits, dated and cached (not yet computed). */
  private static Dataset<Row> shape(Decide.Decided d, long batchId) {
    Dataset<Row> decided = d.rows();
    org.apache.spark.sql.types.StructType schema = decided.schema();
    return decided
        .mapPartitions(
            (MapPartitionsFunction<Row, Row>) it -> Rows.map(it, new LimitChecker(schema)::check),
            Encoders.row(schema))
        .withColumn("event_date", to_date(col("event_time")))
        // Lineage: which micro-batch scored the row (also gives end-to-end latency).
        .withColumn(SilverSchema.BATCH_ID, lit(batchId))
        .persist();
  }

  /** Computes and caches the rows in one job, counting them per decision and reject. */
  private static Result result(Decide.Decided d, Dataset<Row> rows, List<Row> isolated) {
    // In this order, so the status file lists them alike every run.
    Map<String, Long> decisions = new LinkedHashMap<>();
    for (String decision : List.of(Decision.APPROVE, Decision.REVIEW, Decision.DECLINE)) {
      decisions.put(decision, 0L);
    }
    long rejected = 0;
    Column reason = col(EventParsing.REJECT_REASON);
    for (Row r :
        rows.groupBy(col(SilverSchema.DECISION), reason.isNotNull()).count().collectAsList()) {
      if (r.getBoolean(1)) {
        rejected += r.getLong(2);
      } else {
        decisions.merge(r.getString(0), r.getLong(2), Long::sum);
      }
    }
    return new Result(d, rows, decisions, rejected, isolated);
  }

  /** A stopping query (an interrupted thread) is not a fault of the batch's rows. */
  private static void rethrowIfInterrupted(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
        throw Outages.unchecked(e);
      }
    }
  }

  /** Marks rows a sink cannot hold (the exact items and message they would write). */
  private record LimitChecker(org.apache.spark.sql.types.StructType schema) {

    Row check(Row in) {
      // Spark may hand over the previous stage's rows as they are, without their schema.
      Row r =
          in.schema() != null
              ? in
              : new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(
                  toArray(in), schema);
      int reason = r.fieldIndex(EventParsing.REJECT_REASON);
      if (!r.isNullAt(reason)) {
        return r;
      }
      String violation;
      try {
        violation = SinkLimits.violation(r);
      } catch (RuntimeException e) {
        violation = Rejects.failed("shaping for the sinks", e);
      }
      if (violation == null) {
        return r;
      }
      Object[] v = toArray(r);
      v[reason] = ReasonCode.SINK_REJECTED.name();
      v[r.fieldIndex(EventParsing.REJECT_DETAIL)] = violation;
      v[r.fieldIndex(EventParsing.MASKED_PAYLOAD)] =
          Rejects.idsPayload(
              r.getAs("trans_num"), r.getAs("event_time"), r.getAs("card_last4"), r.getAs("amt"));
      return RowFactory.create(v);
    }

    private static Object[] toArray(Row r) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.get(i);
      }
      return v;
    }
  }
}

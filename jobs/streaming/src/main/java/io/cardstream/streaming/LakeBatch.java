package io.cardstream.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.min;

import io.cardstream.streaming.sink.BatchSink;
import io.cardstream.streaming.sink.LakeMessages;
import io.cardstream.streaming.sink.ScoredBatch;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake query's {@code foreachBatch}: the lake messages of one micro-batch back into silver and
 * quarantine rows (bronze from silver, as before the split), handed to the lake sinks (retried
 * while a service is away), its numbers to the status listener.
 */
final class LakeBatch extends SinkBatch {

  static final String MESSAGE = "m";
  static final String HANDED_AT = "handed_at";

  private static final Logger LOG = LoggerFactory.getLogger(LakeBatch.class);

  LakeBatch(BatchSink sinks, StreamStatus status, Duration outageLimit) {
    super(sinks, status, outageLimit);
  }

  @Override
  void run(String queryId, long batchId, Dataset<Row> rows) {
    Map<String, Long> steps = new LinkedHashMap<>();
    long start = System.nanoTime();
    // One job counts the batch and caches every partition for the sinks.
    Row n =
        rows.agg(
                count("*"),
                count(col(MESSAGE + "." + LakeMessages.SILVER)),
                count(col(MESSAGE + "." + LakeMessages.QUARANTINE)),
                min(col(HANDED_AT)))
            .first();
    long silverRows = n.getLong(1);
    long quarantined = n.getLong(2);
    if (n.getLong(0) != silverRows + quarantined) {
      // Only the decisions query writes the topic: a message it cannot read is a bug.
      LOG.warn(
          "lake batch {}: {} message(s) are neither a silver nor a quarantine row; skipped",
          batchId,
          n.getLong(0) - silverRows - quarantined);
    }
    if (silverRows + quarantined == 0) {
      return;
    }
    steps.put("read", (System.nanoTime() - start) / 1_000_000);
    ScoredBatch out =
        MicroBatch.scoredBatch(
            queryId,
            batchId,
            rows.filter(col(MESSAGE + "." + LakeMessages.SILVER).isNotNull())
                .select(MESSAGE + "." + LakeMessages.SILVER + ".*"),
            rows.filter(col(MESSAGE + "." + LakeMessages.QUARANTINE).isNotNull())
                .select(MESSAGE + "." + LakeMessages.QUARANTINE + ".*"),
            silverRows,
            quarantined);
    Map<String, Boolean> written =
        write(
            out,
            (attempt, elapsed, error) -> status.lakeOutage(batchId, attempt, elapsed, error),
            steps);
    Timestamp oldest = n.getTimestamp(3);
    status.recordLake(
        batchId,
        new StreamStatus.LakeStats(
            silverRows,
            quarantined,
            written,
            steps,
            oldest == null ? 0 : System.currentTimeMillis() - oldest.getTime()));
  }
}

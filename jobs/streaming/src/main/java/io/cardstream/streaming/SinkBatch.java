package io.cardstream.streaming;

import io.cardstream.streaming.sink.BatchSink;
import io.cardstream.streaming.sink.ScoredBatch;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A {@code foreachBatch} that ends in the sinks (the scoring query's {@link MicroBatch}, the lake
 * query's {@link LakeBatch}): the micro-batch stays persisted while it runs, its rows are handed to
 * the sinks (retried while a service is away), and its numbers go to the status listener.
 */
abstract class SinkBatch implements VoidFunction2<Dataset<Row>, Long> {

  private final BatchSink sinks;
  private final Duration outageLimit;
  final StreamStatus status;

  SinkBatch(BatchSink sinks, StreamStatus status, Duration outageLimit) {
    this.sinks = sinks;
    this.status = status;
    this.outageLimit = outageLimit;
  }

  @Override
  public final void call(Dataset<Row> batch, Long batchId) {
    String queryId = batch.sparkSession().sparkContext().getLocalProperty("sql.streaming.queryId");
    Dataset<Row> rows = batch.persist();
    try {
      run(queryId, batchId, rows);
    } finally {
      rows.unpersist();
    }
  }

  /** One micro-batch, persisted until this returns. */
  abstract void run(String queryId, long batchId, Dataset<Row> rows);

  /**
   * Hands {@code out} to the sinks, retried while a service is away (up to the outage limit); each
   * sink's milliseconds go into {@code steps}. Returns per sink: written, or skipped.
   */
  final Map<String, Boolean> write(
      ScoredBatch out, Outages.Listener outage, Map<String, Long> steps) {
    List<BatchSink.Written> writes =
        Outages.retry("writing the sinks", () -> sinks.write(out), outageLimit, outage);
    Map<String, Boolean> written = new LinkedHashMap<>();
    for (BatchSink.Written w : writes) {
      steps.put(w.sink(), w.millis());
      written.put(w.sink(), w.written());
    }
    return written;
  }
}

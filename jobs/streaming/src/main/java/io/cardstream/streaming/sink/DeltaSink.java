package io.cardstream.streaming.sink;

import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Appends one of the batch's datasets to a Delta table, idempotently: the commit records {@code
 * txnAppId} (query and table) and {@code txnVersion} (the batch id), and Delta skips a version it
 * has seen, so a replayed batch adds nothing.
 */
public final class DeltaSink extends BatchSink.Named {

  private final String path;
  private final LakeTable table;
  private final Function<ScoredBatch, Dataset<Row>> rows;
  private final boolean compact;
  private final Predicate<ScoredBatch> applies;

  private DeltaSink(
      String name,
      Lake lake,
      LakeTable table,
      Function<ScoredBatch, Dataset<Row>> rows,
      boolean compact,
      Predicate<ScoredBatch> applies) {
    super(name);
    this.path = lake.path(table);
    this.table = table;
    this.rows = rows;
    this.compact = compact;
    this.applies = applies;
  }

  /** Bronze: the tokenized events, {@link ScoredBatch#files} files per batch. */
  public static DeltaSink bronze(Lake lake) {
    return new DeltaSink("bronze", lake, LakeTable.BRONZE, ScoredBatch::bronze, true, b -> true);
  }

  /** Silver: the scored events, {@link ScoredBatch#files} files per batch. */
  public static DeltaSink silver(Lake lake) {
    return new DeltaSink("silver", lake, LakeTable.SILVER, ScoredBatch::silver, true, b -> true);
  }

  /** Quarantine: the rejects; a batch without rejects writes no commit. */
  public static DeltaSink quarantine(Lake lake) {
    return new DeltaSink(
        "quarantine",
        lake,
        LakeTable.QUARANTINE,
        ScoredBatch::quarantine,
        false,
        b -> b.quarantined() > 0);
  }

  @Override
  protected boolean applies(ScoredBatch batch) {
    return applies.test(batch);
  }

  @Override
  protected boolean writeBatch(ScoredBatch batch) {
    Dataset<Row> df = rows.apply(batch);
    // Files per write: ScoredBatch.files instead of one per input partition and date, which
    // would make many tiny files from small micro-batches (coalesce never adds partitions).
    (compact ? df.coalesce(batch.files()) : df)
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .partitionBy(table.partitionColumn())
        .option("txnAppId", "cardstream-scoring-" + batch.queryId() + "/" + table.path())
        .option("txnVersion", batch.batchId())
        // A column the stream adds in a new release (e.g. flag_reason) evolves the table.
        .option("mergeSchema", "true")
        .save(path);
    return true;
  }
}

package io.cardstream.batch;

import static org.apache.spark.sql.functions.expr;

import io.cardstream.common.lake.GoldTable;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.RunDates;
import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The nightly analytics: silver rows of the run dates to the three gold tables. Checks run on the
 * computed rows before anything is written, and each table's dates are replaced as a whole, so a
 * rerun gives the same rows and a failed check leaves the gold tables as they were.
 */
public final class Analytics {

  /** Raised when a data-quality check fails; the message lists every problem. */
  public static final class QualityException extends RuntimeException {
    public QualityException(String what, List<String> problems) {
      super(what + ":\n  " + String.join("\n  ", problems));
      this.problems = List.copyOf(problems);
    }

    private final List<String> problems;

    public List<String> problems() {
      return problems;
    }
  }

  private final SparkSession spark;
  private final PrintStream out;

  public Analytics(SparkSession spark, PrintStream out) {
    this.spark = spark;
    this.out = out;
  }

  /** Silver rows of the run dates; fails clearly when the stream has not written silver yet. */
  public static Dataset<Row> silver(SparkSession spark, Lake lake, RunDates dates) {
    String path = lake.path(LakeTable.SILVER);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw new IllegalStateException(
          "no silver table at " + path + ": the scoring stream writes it; run it first");
    }
    Dataset<Row> rows =
        spark.read().format("delta").load(path).where(expr(dates.predicate(GoldTable.DATE)));
    // The customers' and analysts' answers, for customer_daily (none before any was given).
    String labels = lake.path(LakeTable.FEEDBACK_LABELS);
    if (!DeltaTable.isDeltaTable(spark, labels)) {
      return rows.withColumn(
          GoldTable.ANSWER, org.apache.spark.sql.functions.lit(null).cast("string"));
    }
    Dataset<Row> answers =
        spark
            .read()
            .format("delta")
            .load(labels)
            .select(
                org.apache.spark.sql.functions.col("trans_num").as("fb_trans_num"),
                org.apache.spark.sql.functions.col("answer").as(GoldTable.ANSWER));
    return rows.join(answers, rows.col("trans_num").equalTo(answers.col("fb_trans_num")), "left")
        .drop("fb_trans_num");
  }

  /** Computes, checks and writes the gold tables; returns the rows written per table. */
  public Map<GoldTable, Long> run(Lake lake, RunDates dates) {
    Dataset<Row> silver = silver(spark, lake, dates).persist();
    Map<GoldTable, Dataset<Row>> gold = new EnumMap<>(GoldTable.class);
    try {
      for (GoldTable t : GoldTable.values()) {
        gold.put(t, GoldAggregates.aggregate(silver, t).persist());
      }
      List<String> problems = QualityChecks.check(dates.dates(), silver, gold);
      if (!problems.isEmpty()) {
        throw new QualityException(
            "data-quality checks failed for " + dates + ", nothing was written", problems);
      }
      Map<GoldTable, Long> written = new EnumMap<>(GoldTable.class);
      for (Map.Entry<GoldTable, Dataset<Row>> e : gold.entrySet()) {
        String path = lake.path(e.getKey().lakeTable());
        e.getValue()
            // One file per date: a day's aggregate is small.
            .repartition(expr(GoldTable.DATE))
            .write()
            .format("delta")
            .mode(SaveMode.Overwrite)
            .partitionBy(GoldTable.DATE)
            .option("replaceWhere", dates.predicate(GoldTable.DATE))
            .save(path);
        long rows = e.getValue().count();
        written.put(e.getKey(), rows);
        out.printf("  %-15s %,8d rows for %s -> %s%n", e.getKey().tableName(), rows, dates, path);
      }
      return written;
    } finally {
      // Also when a check or a write failed.
      gold.values().forEach(Dataset::unpersist);
      silver.unpersist();
    }
  }
}

package io.cardstream.training;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cardstream.common.features.CardFeatures;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Step 2: the per-card features over all rows together (a test row's features see its card's
 * training-period history, as they would in the stream), labelled rows only, persisted, split by
 * role and counted.
 *
 * @param all every labelled row (persisted: unpersist when done)
 */
record LabelledFeatures(
    Dataset<Row> all,
    Dataset<Row> train,
    Dataset<Row> test,
    RowCounts trainCounts,
    RowCounts testCounts) {

  private static final long WEEK = 7 * 86_400L;

  /**
   * In one pass over some rows: how many, how many fraud, and their first and last event second (0
   * when there are no rows).
   */
  record RowCounts(long rows, long fraud, long firstSecond, long lastSecond) {

    static RowCounts of(Dataset<Row> rows) {
      Row r =
          rows.agg(
                  org.apache.spark.sql.functions.count(lit(1)),
                  org.apache.spark.sql.functions.sum(FraudPipelines.LABEL),
                  org.apache.spark.sql.functions.min(CardFeatures.EVENT_SECONDS),
                  org.apache.spark.sql.functions.max(CardFeatures.EVENT_SECONDS))
              .first();
      return new RowCounts(
          r.getLong(0),
          r.isNullAt(1) ? 0 : (long) r.getDouble(1),
          r.isNullAt(2) ? 0 : r.getLong(2),
          r.isNullAt(3) ? 0 : r.getLong(3));
    }

    /** Days between the first and the last event. */
    double days() {
      return rows == 0 ? 0 : (lastSecond - firstSecond) / 86_400.0;
    }
  }

  static LabelledFeatures of(TrainingRows.Split split, TrainingLog log) {
    log.step(2, "computing per-card features (history from all rows before each event)");
    List<String> keep =
        new ArrayList<>(
            List.of(
                "trans_num",
                "card_id",
                "event_time",
                TrainingRows.ROLE,
                "amt",
                CardFeatures.CARD_MEAN_AMT,
                CardFeatures.CATEGORY,
                CardFeatures.EVENT_SECONDS,
                // For the model card's performance by segment.
                "gender",
                "state"));
    keep.addAll(CardFeatures.NUMERIC);
    keep.add("is_fraud");
    Dataset<Row> all =
        CardFeatures.add(split.rows())
            .select(keep.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
            .filter(col("is_fraud").isNotNull())
            .withColumn(FraudPipelines.LABEL, col("is_fraud").cast("double"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> train = all.filter(col(TrainingRows.ROLE).equalTo(TrainingRows.TRAIN));
    Dataset<Row> test = all.filter(col(TrainingRows.ROLE).equalTo(TrainingRows.TEST));
    LabelledFeatures f =
        new LabelledFeatures(all, train, test, RowCounts.of(train), RowCounts.of(test));
    f.requireEnough(split);
    log.detail(
        String.format(
            "train %,d rows (%,d fraud), test %,d rows (%,d fraud)",
            f.trainCounts.rows(),
            f.trainCounts.fraud(),
            f.testCounts.rows(),
            f.testCounts.fraud()));
    return f;
  }

  /** Rows and frauds on both sides, or an error that says what is missing and how to fix it. */
  private void requireEnough(TrainingRows.Split split) {
    LocalDate splitDate = split.splitDate();
    if (trainCounts.rows() + testCounts.rows() == 0) {
      throw new IllegalArgumentException(
          "no labelled transactions in the input (is_fraud is missing or every record was rejected:"
              + " "
              + split.rejected()
              + ")");
    }
    if (trainCounts.rows() == 0) {
      throw new IllegalArgumentException(
          "no training rows before the test period"
              + (splitDate == null ? "" : " (split date " + splitDate + ")"));
    }
    if (testCounts.rows() == 0) {
      throw new IllegalArgumentException(
          "no test rows"
              + (splitDate == null
                  ? " in the test input"
                  : " on or after the split date " + splitDate)
              + ": choose an earlier --split-date or give --test-input");
    }
    if (trainCounts.fraud() == 0) {
      throw new IllegalArgumentException(
          "the training rows contain no fraud (is_fraud = 1): nothing to learn from");
    }
    if (testCounts.fraud() == 0) {
      throw new IllegalArgumentException(
          "the test rows contain no fraud (is_fraud = 1): the model cannot be evaluated; use a"
              + " longer test period");
    }
  }

  /**
   * The training rows the drift profile is taken from: without the first week when the training
   * period is longer than two, because every card's 7-day windows (count_7d, sum_7d) are still
   * filling there. On a short history that warm-up alone moved count_7d's PSI past 0.25 (45 days of
   * generated data: 0.27) and refused a model for a drift that was not there; the stream, whose
   * state is warm, is compared with this profile too.
   */
  Dataset<Row> settledTrain() {
    if (trainCounts.rows() == 0
        || trainCounts.lastSecond() - trainCounts.firstSecond() <= 2 * WEEK) {
      return train;
    }
    return train.filter(col(CardFeatures.EVENT_SECONDS).geq(trainCounts.firstSecond() + WEEK));
  }
}

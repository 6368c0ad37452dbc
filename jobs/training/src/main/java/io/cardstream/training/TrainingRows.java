package io.cardstream.training;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cardstream.common.privacy.PanTokenizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Step 1: the inputs read with the shared parsers and tokenizer, each row marked train or test by
 * time (or by coming from the test inputs), with the customers' and analysts' answers over the
 * inputs' labels when given.
 */
record TrainingRows(SparkSession spark, PanTokenizer tokenizer, TrainingLog log) {

  /** The column that marks a row {@value #TRAIN} or {@value #TEST}. */
  static final String ROLE = "role";

  static final String TRAIN = "train";
  static final String TEST = "test";

  /**
   * Every input row with its role, what was rejected on the way, and what the feedback labels
   * changed.
   *
   * @param splitDate the first test day; null when the test rows came from test inputs
   * @param feedback null without {@code --feedback}
   */
  record Split(
      Dataset<Row> rows,
      LocalDate splitDate,
      Map<String, Long> rejected,
      FeedbackLabels.Applied feedback) {}

  Split load(TrainConfig c) {
    log.step(
        1,
        "reading " + c.inputs() + (c.testInputs().isEmpty() ? "" : " and test " + c.testInputs()));
    TrainingData.Loaded train = TrainingData.load(spark, c.inputs(), c.format(), tokenizer);
    log.rejected("rejected records in input", train.rejected());
    if (!c.testInputs().isEmpty()) {
      TrainingData.Loaded test = TrainingData.load(spark, c.testInputs(), c.format(), tokenizer);
      log.rejected("rejected records in test input", test.rejected());
      Dataset<Row> all =
          train
              .rows()
              .withColumn(ROLE, lit(TRAIN))
              .unionByName(test.rows().withColumn(ROLE, lit(TEST)));
      return withFeedback(c, new Split(all, null, train.rejected(), null));
    }
    LocalDate split = c.splitDate() == null ? defaultSplit(train.rows()) : c.splitDate();
    Column isTest =
        col("event_time")
            .geq(lit(java.sql.Timestamp.from(split.atStartOfDay().toInstant(ZoneOffset.UTC))));
    return withFeedback(
        c,
        new Split(
            train.rows().withColumn(ROLE, when(isTest, lit(TEST)).otherwise(lit(TRAIN))),
            split,
            train.rejected(),
            null));
  }

  /** The customers' and analysts' answers over the inputs' labels, when given. */
  private Split withFeedback(TrainConfig c, Split s) {
    if (c.feedback() == null) {
      return s;
    }
    FeedbackLabels.Applied applied = FeedbackLabels.apply(spark, s.rows(), c.feedback());
    log.detail(
        String.format(
            "feedback %s: %,d answers, %,d matched, %,d labels changed, %,d added",
            c.feedback(),
            applied.answers(),
            applied.matched(),
            applied.changed(),
            applied.added()));
    return new Split(applied.rows(), s.splitDate(), s.rejected(), applied);
  }

  /** Without a split date or test inputs: the day before which ~80% of the rows lie. */
  private LocalDate defaultSplit(Dataset<Row> rows) {
    Dataset<Row> s = rows.select(col("event_time").cast("long").as("s"));
    double[] q = s.stat().approxQuantile("s", new double[] {0.8}, 0.001);
    if (q.length == 0) {
      throw new IllegalArgumentException("no valid transactions in the input");
    }
    LocalDate d = LocalDate.ofInstant(Instant.ofEpochSecond((long) q[0]), ZoneOffset.UTC);
    log.detail(
        "no --split-date or --test-input: testing on " + d + " and later (the last ~20% of rows)");
    return d;
  }
}

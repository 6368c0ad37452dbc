package io.cardstream.training;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cardstream.common.features.CardFeatures;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Steps 3 and 4: the model and the baseline. Each is fitted on the rows before the validation slice
 * (the last 20% of the training period), its threshold chosen on the slice, never on the test rows,
 * and then refitted on every training row with the same settings: the slice is the newest data, the
 * one the stream's traffic resembles most (up to {@link #REFIT_MAX_ROWS}).
 */
final class Fitting {

  /**
   * Above this many rows before the validation slice, the refit is skipped: it costs a second full
   * fit (nearly half the training time at Kaggle size, 1.3M rows) for a quarter more rows, and half
   * a million rows already hold thousands of frauds. Measured in docs/model.md.
   */
  static final long REFIT_MAX_ROWS = 500_000;

  /** One fit row in this many stands in for an unseen category (see {@link #weighted}). */
  static final int UNSEEN_EVERY = 50;

  /**
   * The fitted pipelines, their thresholds, and what the final fit saw.
   *
   * @param validationStart the first event second of the validation slice
   * @param fitCounts the rows of the final fit
   * @param calibration the model's score calibration, fitted on the validation slice (with the
   *     model fitted before it, as the threshold)
   */
  record Fitted(
      PipelineModel gbt,
      PipelineModel lr,
      double threshold,
      double lrThreshold,
      long validationStart,
      LabelledFeatures.RowCounts fitCounts,
      double positiveWeight,
      ScoreCalibration calibration) {}

  private Fitting() {}

  static Fitted fit(TrainConfig c, LabelledFeatures f, TrainingLog log) {
    long valStart =
        (long)
            f.train()
                .stat()
                .approxQuantile(CardFeatures.EVENT_SECONDS, new double[] {0.8}, 0.001)[0];
    Dataset<Row> fitRows = f.train().filter(col(CardFeatures.EVENT_SECONDS).lt(valStart));
    Dataset<Row> valRows = f.train().filter(col(CardFeatures.EVENT_SECONDS).geq(valStart));
    LabelledFeatures.RowCounts fitCounts = LabelledFeatures.RowCounts.of(fitRows);
    boolean refit = fitCounts.rows() <= REFIT_MAX_ROWS;
    if (!refit) {
      log.detail(
          String.format(
              "(no refit: the %,d rows before the validation slice are above %,d; the model"
                  + " fitted on them is kept, with the threshold chosen for it)",
              fitCounts.rows(), REFIT_MAX_ROWS));
    }
    if (fitCounts.fraud() == 0) {
      fitRows = f.train();
      valRows = f.train();
      refit = false;
      log.detail("(no fraud before the validation slice: threshold chosen on the training rows)");
      fitCounts = f.trainCounts();
    }
    double posWeight =
        Math.sqrt((double) (fitCounts.rows() - fitCounts.fraud()) / fitCounts.fraud());
    Pipeline gbtPipeline =
        FraudPipelines.gradientBoostedTrees(c.maxIter(), c.maxDepth(), c.stepSize(), c.seed());
    log.step(
        3,
        String.format(
            "fitting gradient-boosted trees (%d rounds, depth %d, step %s) on %,d rows%s",
            c.maxIter(),
            c.maxDepth(),
            c.stepSize(),
            fitCounts.rows(),
            refit ? ", then on all " + String.format("%,d", f.trainCounts().rows()) : ""));
    long tf = System.nanoTime();
    PipelineModel gbt = gbtPipeline.fit(weighted(fitRows, posWeight));
    // The threshold is on the calibrated probability, the score the stream decides with.
    ScoreCalibration calibration = ScoreCalibration.fit(gbt, valRows);
    double threshold =
        new BinaryMetrics(calibration.slice().p(), calibration.slice().labels()).bestF1Threshold();
    log.detail(
        String.format(
            "score calibrated on the validation slice (%,d rows, %,d fraud): %s",
            calibration.slice().labels().length,
            calibration.slice().frauds(),
            calibration.method()));
    if (refit) {
      gbt = gbtPipeline.fit(weighted(f.train(), posWeight));
    }
    log.detail(String.format("done in %.1f s", (System.nanoTime() - tf) / 1e9));
    log.step(4, "fitting the logistic-regression baseline");
    Pipeline lrPipeline = FraudPipelines.logisticRegression();
    PipelineModel lr = lrPipeline.fit(weighted(fitRows, posWeight));
    double lrThreshold = FraudPipelines.scored(lr, valRows).bestF1Threshold();
    if (refit) {
      lr = lrPipeline.fit(weighted(f.train(), posWeight));
    }
    return new Fitted(
        gbt,
        lr,
        threshold,
        lrThreshold,
        valStart,
        refit ? f.trainCounts() : fitCounts,
        posWeight,
        calibration);
  }

  /**
   * Fit rows with their weight, and with the category blanked on one row in {@value #UNSEEN_EVERY}:
   * the category indexer does not learn a blank, so those rows land in its bucket for values never
   * seen in training, and the model learns what to do with an unseen category from ordinary traffic
   * (it judges by the other features), instead of by accident.
   */
  private static Dataset<Row> weighted(Dataset<Row> rows, double posWeight) {
    Column unseen =
        org.apache
            .spark
            .sql
            .functions
            .pmod(org.apache.spark.sql.functions.xxhash64(col("trans_num")), lit(UNSEEN_EVERY))
            .equalTo(0);
    return rows.withColumn(
            FraudPipelines.WEIGHT,
            when(col(FraudPipelines.LABEL).equalTo(1.0), lit(posWeight)).otherwise(lit(1.0)))
        .withColumn(
            CardFeatures.CATEGORY,
            when(unseen, lit(null).cast("string")).otherwise(col(CardFeatures.CATEGORY)));
  }
}

package io.cardstream.training;

import io.cardstream.common.features.CardFeatures;
import io.cardstream.common.registry.FraudScore;
import io.cardstream.common.risk.Calibrator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The raw score made a probability, on the validation slice: isotonic and Platt are fitted on its
 * earlier half, the one with the lower Brier score on its later half is chosen, and refitted on the
 * whole slice. The slice is unweighted (the fit's class weight inflates the raw score; the
 * calibration takes it back to the slice's fraud rate).
 *
 * @param calibrator null when the slice cannot be calibrated on (fewer than {@value #MIN_ROWS} rows
 *     or no fraud): the raw score stays the score
 * @param choice both fits' held-out Brier scores (null with no calibrator)
 * @param slice the slice's rows scored by the model and calibrated, for thresholds
 */
record ScoreCalibration(Calibrator calibrator, Calibrator.Choice choice, Slice slice) {

  /** Fewer validation rows than this: not calibrated. */
  static final int MIN_ROWS = 20;

  /**
   * The validation rows in time order: calibrated probability, label and amount.
   *
   * @param p the calibrated probability (the raw score without a calibrator)
   */
  record Slice(double[] p, int[] labels, double[] amounts) {
    long frauds() {
      return Arrays.stream(labels).filter(l -> l == 1).count();
    }
  }

  /** Scores the validation rows with {@code model} and calibrates on them. */
  static ScoreCalibration fit(PipelineModel model, Dataset<Row> validation) {
    List<Row> rows =
        FraudScore.add(model, validation, FraudPipelines.SCORE)
            .select(FraudPipelines.SCORE, FraudPipelines.LABEL, "amt", CardFeatures.EVENT_SECONDS)
            .collectAsList();
    // In time order: the held-out half is the later one, as the test rows are later still.
    int[] order =
        IntStream.range(0, rows.size())
            .boxed()
            .sorted(Comparator.comparingLong(i -> rows.get(i).getLong(3)))
            .mapToInt(Integer::intValue)
            .toArray();
    double[] raw = new double[order.length];
    int[] labels = new int[order.length];
    double[] amounts = new double[order.length];
    for (int k = 0; k < order.length; k++) {
      Row r = rows.get(order[k]);
      raw[k] = r.getDouble(0);
      labels[k] = (int) r.getDouble(1);
      amounts[k] = r.getDouble(2);
    }
    return of(raw, labels, amounts);
  }

  /** Calibrates on rows in time order (pure: no Spark). */
  static ScoreCalibration of(double[] raw, int[] labels, double[] amounts) {
    boolean anyFraud = Arrays.stream(labels).anyMatch(l -> l == 1);
    if (raw.length < MIN_ROWS || !anyFraud) {
      return new ScoreCalibration(null, null, new Slice(raw.clone(), labels, amounts));
    }
    int half = raw.length / 2;
    Calibrator.Choice choice =
        Calibrator.choose(
            Arrays.copyOfRange(raw, 0, half),
            Arrays.copyOfRange(labels, 0, half),
            null,
            Arrays.copyOfRange(raw, half, raw.length),
            Arrays.copyOfRange(labels, half, raw.length),
            null);
    Calibrator chosen =
        choice.chosen().method() == Calibrator.Method.ISOTONIC
            ? Calibrator.isotonic(raw, labels, null)
            : Calibrator.platt(raw, labels, null);
    return new ScoreCalibration(chosen, choice, new Slice(chosen.predict(raw), labels, amounts));
  }

  /** The method's name as metrics.json has it ({@code none}: not calibrated). */
  String method() {
    return calibrator == null
        ? "none"
        : calibrator.method().name().toLowerCase(java.util.Locale.ROOT);
  }
}

package io.cardstream.common.registry;

import static org.apache.spark.sql.functions.col;

import io.cardstream.common.risk.Calibrator;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * How a registered model scores rows: its raw score is the second entry of the probability vector
 * the pipeline's classifier outputs, and its fraud probability that score through the version's
 * calibration ({@link Calibrator}; a version without one scores raw). The stream (silver's score
 * and challenger score) and training (thresholds, evaluation, the champion re-scored) read it the
 * same way.
 */
public final class FraudScore {

  /** What the classifier stage adds; the feature stages' own columns stay. */
  private static final String[] CLASSIFIER_OUTPUTS = {
    "features", "rawPrediction", "probability", "prediction"
  };

  private FraudScore() {}

  /**
   * The rows scored by {@code model} and calibrated: the fraud probability in {@code column}, 0 to
   * 1.
   *
   * @param calibration null: the raw score
   */
  public static Dataset<Row> add(
      PipelineModel model, Calibrator calibration, Dataset<Row> rows, String column) {
    Dataset<Row> raw = add(model, rows, column);
    if (calibration == null) {
      return raw;
    }
    UserDefinedFunction calibrate =
        functions.udf((UDF1<Double, Double>) calibration::predict, DataTypes.DoubleType);
    return raw.withColumn(column, calibrate.apply(col(column)));
  }

  /** The rows scored by {@code model}: its raw score in {@code column}, 0 to 1. */
  public static Dataset<Row> add(PipelineModel model, Dataset<Row> rows, String column) {
    return model
        .transform(rows)
        .withColumn(
            column,
            org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64").getItem(1))
        .drop(CLASSIFIER_OUTPUTS);
  }
}

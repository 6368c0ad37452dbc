package io.cardstream.common.registry;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How a registered model scores rows: its fraud probability is the second entry of the probability
 * vector the pipeline's classifier outputs. The stream (silver's score and challenger score) and
 * training (thresholds, evaluation, the champion re-scored) read it the same way.
 */
public final class FraudScore {

  /** What the classifier stage adds; the feature stages' own columns stay. */
  private static final String[] CLASSIFIER_OUTPUTS = {
    "features", "rawPrediction", "probability", "prediction"
  };

  private FraudScore() {}

  /** The rows scored by {@code model}: the fraud probability in {@code column}, 0 to 1. */
  public static Dataset<Row> add(PipelineModel model, Dataset<Row> rows, String column) {
    return model
        .transform(rows)
        .withColumn(
            column,
            org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64").getItem(1))
        .drop(CLASSIFIER_OUTPUTS);
  }
}

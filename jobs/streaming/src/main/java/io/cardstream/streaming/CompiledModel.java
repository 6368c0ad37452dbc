package io.cardstream.streaming;

import io.cardstream.common.risk.Calibrator;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A registered GBT pipeline (category indexer, vector assembler, GBT) as plain Java: the indexer's
 * labels, the trees as flat arrays ({@link Explainer}) and the calibration. The stream broadcasts
 * it once per model version, so each executor receives it once instead of every task carrying the
 * Spark ML plan's copy of the trees (about 1 MiB per task for the champion), and scores a row
 * without Spark ML: the same score as {@link io.cardstream.common.registry.FraudScore} (pinned by
 * ExplainerTest), the same columns (the indexer's output, then the score).
 */
final class CompiledModel implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String categoryColumn;
  private final String categoryIndexColumn;
  private final String[] labels;
  private final boolean keepInvalid;
  private final String[] vectorColumns;
  private final Explainer explainer;
  private final Calibrator calibration;
  // Built on construction and on deserialization (once per executor, before the broadcast hands
  // it out): concurrent tasks only read it.
  private transient Map<String, Integer> index;

  private CompiledModel(
      StringIndexerModel indexer,
      VectorAssembler assembler,
      Explainer explainer,
      Calibrator calibration) {
    this.categoryColumn = indexer.getInputCol();
    this.categoryIndexColumn = indexer.getOutputCol();
    this.labels = indexer.labelsArray()[0].clone();
    this.keepInvalid = "keep".equals(indexer.getHandleInvalid());
    this.vectorColumns = assembler.getInputCols().clone();
    this.explainer = explainer;
    this.calibration = calibration;
    this.index = indexOf(labels);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    index = indexOf(labels);
  }

  private static Map<String, Integer> indexOf(String[] labels) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < labels.length; i++) {
      m.put(labels[i], i);
    }
    return m;
  }

  /**
   * The pipeline compiled around its explainer (the GBT's trees, already copied), or null when it
   * has another shape than indexer, assembler, GBT (such a model scores through Spark ML, as
   * before).
   *
   * @param explainer {@link Explainer#of} of the same pipeline; null when it is not a GBT
   * @param calibration null: the raw score
   */
  static CompiledModel of(PipelineModel model, Explainer explainer, Calibrator calibration) {
    Transformer[] s = model.stages();
    if (explainer == null
        || s.length != 3
        || !(s[0] instanceof StringIndexerModel indexer)
        || !(s[1] instanceof VectorAssembler assembler)
        || indexer.isSet(indexer.inputCols())
        || "skip".equals(indexer.getHandleInvalid())
        || !"error".equals(assembler.getHandleInvalid())) {
      return null;
    }
    return new CompiledModel(indexer, assembler, explainer, calibration);
  }

  Explainer explainer() {
    return explainer;
  }

  /** The calibrated fraud probability of a feature vector (vector order). */
  double score(double[] x) {
    double margin = explainer.margin(x);
    // Spark's GBT with log loss: P(fraud) = 1 / (1 + exp(-2 margin)).
    double raw = 1.0 / (1.0 + Math.exp(-2.0 * margin));
    return calibration == null ? raw : calibration.predict(raw);
  }

  /** The category's index as the indexer gives it: unseen and null ones get the last index. */
  double categoryIndex(String category) {
    Integer i = category == null ? null : index.get(category);
    if (i != null) {
      return i;
    }
    if (!keepInvalid) {
      throw new IllegalArgumentException("the model has no index for the category " + category);
    }
    return labels.length;
  }

  /**
   * The rows with the indexer's output column and the calibrated score in {@code column}, scored on
   * the executors with the broadcast model. A feature that is null or NaN fails the row as the
   * vector assembler would.
   */
  static Dataset<Row> score(Dataset<Row> rows, Broadcast<CompiledModel> model, String column) {
    StructType in = rows.schema();
    CompiledModel m = model.value();
    StructType out =
        in.add(m.categoryIndexColumn, DataTypes.DoubleType, true)
            .add(column, DataTypes.DoubleType, true);
    int category = in.fieldIndex(m.categoryColumn);
    int[] numeric = new int[m.vectorColumns.length];
    for (int i = 0; i < numeric.length; i++) {
      numeric[i] =
          m.vectorColumns[i].equals(m.categoryIndexColumn) ? -1 : in.fieldIndex(m.vectorColumns[i]);
    }
    return rows.mapPartitions(
        (MapPartitionsFunction<Row, Row>)
            it -> {
              CompiledModel local = model.value(); // fetched once per executor, then cached there
              return Rows.map(it, r -> local.scored(r, category, numeric));
            },
        Encoders.row(out));
  }

  private Row scored(Row r, int category, int[] numeric) {
    double c = categoryIndex(r.isNullAt(category) ? null : r.getString(category));
    double[] x = new double[numeric.length];
    for (int i = 0; i < x.length; i++) {
      if (numeric[i] < 0) {
        x[i] = c;
      } else if (r.isNullAt(numeric[i]) || Double.isNaN(x[i] = r.getDouble(numeric[i]))) {
        throw new IllegalArgumentException("feature " + vectorColumns[i] + " is null or NaN");
      }
    }
    Object[] v = new Object[r.size() + 2];
    for (int i = 0; i < r.size(); i++) {
      v[i] = r.get(i);
    }
    v[r.size()] = c;
    v[r.size() + 1] = score(x);
    return RowFactory.create(v);
  }
}

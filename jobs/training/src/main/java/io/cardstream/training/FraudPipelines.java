package io.cardstream.training;

import io.cardstream.common.features.CardFeatures;
import io.cardstream.common.registry.FraudScore;
import io.cardstream.common.risk.Calibrator;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The model pipelines. Both start from the per-card feature columns ({@link CardFeatures}) and
 * carry their own feature stages (category indexing, assembly), so a saved PipelineModel scores
 * rows that have the feature columns, in batch and in the stream alike.
 */
final class FraudPipelines {

  static final String LABEL = "label";

  /** The fraud probability of a scored row ({@link FraudScore}). */
  static final String SCORE = "score";

  static final String WEIGHT = "weight";
  static final String CATEGORY_INDEX = "category_index";

  private FraudPipelines() {}

  /** Feature names in vector order, as reported in metrics.json. */
  static List<String> featureNames() {
    List<String> names = new ArrayList<>(CardFeatures.NUMERIC);
    names.add(CATEGORY_INDEX);
    return names;
  }

  private static StringIndexer indexer() {
    // Categories never seen in training get their own index instead of failing the stream.
    return new StringIndexer()
        .setInputCol(CardFeatures.CATEGORY)
        .setOutputCol(CATEGORY_INDEX)
        .setHandleInvalid("keep")
        .setStringOrderType("alphabetAsc");
  }

  static Pipeline gradientBoostedTrees(int maxIter, int maxDepth, double stepSize, long seed) {
    VectorAssembler assembler =
        new VectorAssembler()
            .setInputCols(featureNames().toArray(String[]::new))
            .setOutputCol("features");
    GBTClassifier gbt =
        new GBTClassifier()
            .setLabelCol(LABEL)
            .setWeightCol(WEIGHT)
            .setFeaturesCol("features")
            .setMaxIter(maxIter)
            .setMaxDepth(maxDepth)
            .setStepSize(stepSize)
            .setSubsamplingRate(0.8)
            .setMaxBins(32)
            .setMinInstancesPerNode(5)
            .setSeed(seed);
    return new Pipeline().setStages(new PipelineStage[] {indexer(), assembler, gbt});
  }

  static Pipeline logisticRegression() {
    OneHotEncoder oneHot =
        new OneHotEncoder()
            .setInputCols(new String[] {CATEGORY_INDEX})
            .setOutputCols(new String[] {"category_vec"});
    List<String> inputs = new ArrayList<>(CardFeatures.NUMERIC);
    inputs.add("category_vec");
    VectorAssembler assembler =
        new VectorAssembler()
            .setInputCols(inputs.toArray(String[]::new))
            .setOutputCol("raw_features");
    StandardScaler scaler =
        new StandardScaler().setInputCol("raw_features").setOutputCol("features");
    LogisticRegression lr =
        new LogisticRegression()
            .setLabelCol(LABEL)
            .setWeightCol(WEIGHT)
            .setFeaturesCol("features")
            .setMaxIter(100)
            .setRegParam(0.001);
    return new Pipeline().setStages(new PipelineStage[] {indexer(), oneHot, assembler, scaler, lr});
  }

  /** The (score, label) pairs of a model on labelled rows. */
  static BinaryMetrics scored(PipelineModel model, Dataset<Row> rows) {
    return scored(model, null, rows);
  }

  /** The (calibrated score, label) pairs of a model on labelled rows (null: raw). */
  static BinaryMetrics scored(PipelineModel model, Calibrator calibration, Dataset<Row> rows) {
    List<Row> r =
        FraudScore.add(model, calibration, rows, SCORE).select(SCORE, LABEL).collectAsList();
    double[] s = new double[r.size()];
    int[] l = new int[r.size()];
    for (int i = 0; i < r.size(); i++) {
      s[i] = r.get(i).getDouble(0);
      l[i] = (int) r.get(i).getDouble(1);
    }
    return new BinaryMetrics(s, l);
  }
}

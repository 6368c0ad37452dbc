package io.cardstream.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cardstream.common.registry.FraudScore;
import io.cardstream.common.risk.Calibrator;
import io.cardstream.common.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exact TreeSHAP against the model's own margin and trees, on a GBT with a categorical feature. */
class ExplainerTest {

  private static SparkSession spark;
  private static PipelineModel model;
  private static Dataset<Row> scored;

  @BeforeAll
  static void fit() {
    spark = SparkTestSession.create("ExplainerTest");
    // Fraud when the amount is high at night, or in the "risky" category; noise elsewhere.
    Random rnd = new Random(3);
    List<Row> rows = new ArrayList<>();
    String[] categories = {"grocery", "risky", "travel"};
    for (int i = 0; i < 2000; i++) {
      double amt = rnd.nextDouble() * 1000;
      double hour = rnd.nextInt(24);
      double noise = rnd.nextGaussian();
      String cat = categories[rnd.nextInt(3)];
      boolean fraud =
          (amt > 700 && hour < 5)
              || ("risky".equals(cat) && rnd.nextDouble() < 0.6)
              || rnd.nextDouble() < 0.02;
      rows.add(RowFactory.create(amt, hour, noise, cat, fraud ? 1.0 : 0.0));
    }
    StructType schema =
        new StructType()
            .add("amt", DataTypes.DoubleType)
            .add("hour", DataTypes.DoubleType)
            .add("noise", DataTypes.DoubleType)
            .add("category", DataTypes.StringType)
            .add("label", DataTypes.DoubleType);
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    model =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new StringIndexer()
                      .setInputCol("category")
                      .setOutputCol("category_index")
                      .setHandleInvalid("keep"),
                  new VectorAssembler()
                      .setInputCols(new String[] {"amt", "hour", "noise", "category_index"})
                      .setOutputCol("features"),
                  new GBTClassifier().setMaxIter(20).setMaxDepth(4).setSeed(1)
                })
            .fit(data);
    scored = model.transform(data).select("features", "rawPrediction").limit(300);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void biasPlusContributionsIsTheMarginOfEveryRow() {
    Explainer e = Explainer.of(model, List.of("amt", "hour", "noise", "category"));
    int categoricalUsed = 0;
    for (Row r : scored.collectAsList()) {
      double[] x = ((Vector) r.get(0)).toArray();
      double margin = ((Vector) r.get(1)).apply(1);
      double[] c = e.contributions(x);
      assertThat(e.bias() + Arrays.stream(c).sum()).isCloseTo(margin, within(1e-9));
      categoricalUsed += c[3] != 0 ? 1 : 0;
    }
    // The category's splits are categorical (StringIndexer metadata): they were walked too.
    assertThat(categoricalUsed).isPositive();
  }

  @Test
  void topContributionsAreTheLargestFirstWithTheirNames() {
    Explainer e = Explainer.of(model, List.of("amt", "hour", "noise", "category"));
    // A high amount at night in an ordinary category: amount and hour raise the score most.
    double[] x = {950, 2, 0.1, 0};
    List<Explainer.Contribution> top = e.top(x, 3);
    double[] c = e.contributions(x);
    assertThat(top).hasSize(3);
    assertThat(top.get(0).contribution()).isGreaterThanOrEqualTo(top.get(1).contribution());
    assertThat(top.get(1).contribution()).isGreaterThanOrEqualTo(top.get(2).contribution());
    assertThat(top.stream().map(Explainer.Contribution::feature).toList().subList(0, 2))
        .containsExactlyInAnyOrder("amt", "hour");
    assertThat(top.get(0).contribution()).isEqualTo(Arrays.stream(c).max().orElseThrow());
  }

  /**
   * Against the definition, on Spark's own trees: v(S) follows the row at splits on features in S
   * and averages the children by their training cover (impurityStats().count()) elsewhere; phi_i is
   * the Shapley-weighted sum over all 2^3 coalitions of the other features of v(S + i) - v(S).
   */
  @Test
  void contributionsAreTheShapleyValuesOfTheSparkTrees() {
    Explainer e = Explainer.of(model, List.of("amt", "hour", "noise", "category"));
    GBTClassificationModel gbt = (GBTClassificationModel) model.stages()[2];
    int m = 4;
    for (Row r : scored.limit(40).collectAsList()) {
      double[] x = ((Vector) r.get(0)).toArray();
      double[] c = e.contributions(x);
      for (int i = 0; i < m; i++) {
        double phi = 0;
        for (int mask = 0; mask < 1 << m; mask++) {
          if ((mask & 1 << i) != 0) {
            continue;
          }
          int size = Integer.bitCount(mask);
          double weight = factorial(size) * factorial(m - size - 1) / factorial(m);
          phi += weight * (value(gbt, x, mask | 1 << i) - value(gbt, x, mask));
        }
        assertThat(c[i]).as("feature %d", i).isCloseTo(phi, within(1e-9));
      }
    }
    assertThat(e.bias()).isCloseTo(value(gbt, new double[m], 0), within(1e-9));
  }

  /**
   * The compiled model scores every row exactly as the Spark ML pipeline does, calibrated or not,
   * including categories the indexer never saw and a null one; its broadcast form too.
   */
  @Test
  void theCompiledModelScoresAsTheSparkPipeline() {
    List<String> names = List.of("amt", "hour", "noise", "category");
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("amt", DataTypes.DoubleType)
            .add("hour", DataTypes.DoubleType)
            .add("noise", DataTypes.DoubleType)
            .add("category", DataTypes.StringType);
    Random rnd = new Random(11);
    String[] categories = {"grocery", "risky", "travel", "never-seen", null};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      rows.add(
          RowFactory.create(
              i,
              rnd.nextDouble() * 1200,
              (double) rnd.nextInt(24),
              rnd.nextGaussian(),
              categories[i % categories.length]));
    }
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    double[] raw = scores(FraudScore.add(model, data, "s"));
    int[] labels = new int[raw.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = raw[i] > 0.5 ? 1 : (i % 7 == 0 ? 1 : 0);
    }
    for (Calibrator calibration :
        java.util.Arrays.asList(null, Calibrator.platt(raw, labels, null))) {
      CompiledModel compiled = CompiledModel.of(model, Explainer.of(model, names), calibration);
      assertThat(compiled).isNotNull();
      // As an executor receives it: deserialized, with its category index rebuilt.
      CompiledModel shipped = roundTrip(compiled);
      for (String c : categories) {
        assertThat(shipped.categoryIndex(c)).as(c).isEqualTo(compiled.categoryIndex(c));
      }
      Dataset<Row> viaSpark = FraudScore.add(model, calibration, data, "s");
      Dataset<Row> viaCompiled =
          CompiledModel.score(
              data,
              JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(compiled),
              "s");
      assertThat(viaCompiled.schema().fieldNames()).containsExactly(viaSpark.schema().fieldNames());
      double[] expected = scores(viaSpark);
      double[] actual = scores(viaCompiled);
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i]).as("row %d", i).isCloseTo(expected[i], within(1e-12));
      }
      List<Row> idx = viaSpark.orderBy("id").select("category_index").collectAsList();
      List<Row> cidx = viaCompiled.orderBy("id").select("category_index").collectAsList();
      assertThat(cidx).isEqualTo(idx);
    }
    // A pipeline of another shape is not compiled: it scores through Spark ML.
    PipelineModel gbtOnly = new PipelineModel("gbt-only", new Transformer[] {model.stages()[2]});
    assertThat(CompiledModel.of(gbtOnly, Explainer.of(gbtOnly, names), null)).isNull();
  }

  private static double[] scores(Dataset<Row> scored) {
    return scored.orderBy("id").select("s").collectAsList().stream()
        .mapToDouble(r -> r.getDouble(0))
        .toArray();
  }

  private static double value(GBTClassificationModel gbt, double[] x, int coalition) {
    double v = 0;
    for (int t = 0; t < gbt.getNumTrees(); t++) {
      v += gbt.treeWeights()[t] * value(gbt.trees()[t].rootNode(), x, coalition);
    }
    return v;
  }

  private static double value(Node node, double[] x, int coalition) {
    if (!(node instanceof InternalNode in)) {
      return node.prediction();
    }
    int f = in.split().featureIndex();
    if ((coalition & 1 << f) != 0) {
      return value(
          in.split().shouldGoLeft(Vectors.dense(x)) ? in.leftChild() : in.rightChild(),
          x,
          coalition);
    }
    double cl = in.leftChild().impurityStats().count();
    double cr = in.rightChild().impurityStats().count();
    return (cl * value(in.leftChild(), x, coalition) + cr * value(in.rightChild(), x, coalition))
        / (cl + cr);
  }

  private static double factorial(int n) {
    return n <= 1 ? 1 : n * factorial(n - 1);
  }

  private static CompiledModel roundTrip(CompiledModel m) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
        out.writeObject(m);
      }
      try (java.io.ObjectInputStream in =
          new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
        return (CompiledModel) in.readObject();
      }
    } catch (java.io.IOException | ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}

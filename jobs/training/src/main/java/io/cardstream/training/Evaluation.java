package io.cardstream.training;

import io.cardstream.common.decision.DecisionEngine;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.features.CardFeatures;
import io.cardstream.common.registry.FraudScore;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.common.risk.Calibrator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Step 5: the model, the baseline, every rule of the rules file that judges a transaction and the
 * champion, out of time on the same test rows. Metrics are exact, from every (score, label) pair on
 * the driver.
 *
 * @param scores the model's scores of the test rows, in the order of the rules' metrics
 * @param rules per rule (it scores 1 when it fires), in the rules file's order
 * @param champion the champion before this run, if any
 * @param championPrAuc its PR-AUC on the test rows (null: none, or it could not score them)
 * @param championNote why it has no PR-AUC, when it could not score them
 */
record Evaluation(
    BinaryMetrics model,
    TestScores scores,
    double threshold,
    BinaryMetrics lr,
    double lrThreshold,
    Map<RuleSet.Rule, BinaryMetrics> rules,
    Optional<String> champion,
    Double championPrAuc,
    String championNote) {

  /** The champion's calibrated score beside the model's, on the same test rows. */
  private static final String CHAMPION_SCORE = "champion_score";

  /** What the test rows are described by in the model card's segments, after the features. */
  static final List<String> SEGMENT_COLUMNS = List.of(CardFeatures.CATEGORY, "gender", "state");

  static Evaluation of(
      Fitting.Fitted fitted, Dataset<Row> testRows, RuleSet rules, ModelRegistry registry)
      throws IOException {
    Optional<String> champion = registry.champion();
    String championNote = null;
    List<Row> test = null;
    if (champion.isPresent()) {
      try {
        // Scored in the same pass as the model, so each row's two scores pair up.
        Dataset<Row> both =
            FraudScore.add(
                    PipelineModel.load(registry.modelPath(champion.get()).toString()),
                    registry.calibration(champion.get()).orElse(null),
                    testRows,
                    CHAMPION_SCORE)
                .drop(FraudPipelines.CATEGORY_INDEX);
        test = collect(fitted, both, true);
      } catch (RuntimeException e) {
        championNote =
            "champion " + champion.get() + " could not score the test rows: " + e.getMessage();
      }
    }
    boolean paired = test != null;
    if (!paired) {
      test = collect(fitted, testRows, false);
    }
    double[] raw = new double[test.size()];
    int[] labels = new int[test.size()];
    double[] championScores = paired ? new double[test.size()] : null;
    int last = test.isEmpty() ? 0 : test.get(0).size() - 1;
    for (int i = 0; i < test.size(); i++) {
      raw[i] = test.get(i).getDouble(0);
      labels[i] = (int) test.get(i).getDouble(1);
      if (paired) {
        championScores[i] = test.get(i).getDouble(last);
      }
    }
    // The calibrated probability, as the stream scores: the same map on the same raw score.
    Calibrator calibrator = fitted.calibration().calibrator();
    double[] scores = calibrator == null ? raw : calibrator.predict(raw);
    return new Evaluation(
        new BinaryMetrics(scores, labels),
        new TestScores(raw, scores, labels, amounts(test), championScores, segments(test)),
        fitted.threshold(),
        FraudPipelines.scored(fitted.lr(), testRows),
        fitted.lrThreshold(),
        rules(rules, test, labels, FIRST_FEATURE),
        champion,
        paired ? new BinaryMetrics(championScores, labels).averagePrecision() : null,
        championNote);
  }

  private static final int FIRST_FEATURE = 5;

  /**
   * Score, label, card, amount, card mean, the numeric features in vector order, the segment
   * columns, then the champion's score when asked for.
   */
  private static List<Row> collect(Fitting.Fitted fitted, Dataset<Row> rows, boolean champion) {
    List<String> cols =
        new ArrayList<>(
            List.of(
                FraudPipelines.SCORE,
                FraudPipelines.LABEL,
                "card_id",
                "amt",
                CardFeatures.CARD_MEAN_AMT));
    cols.addAll(CardFeatures.NUMERIC);
    cols.addAll(SEGMENT_COLUMNS);
    if (champion) {
      cols.add(CHAMPION_SCORE);
    }
    return FraudScore.add(fitted.gbt(), rows, FraudPipelines.SCORE)
        .select(cols.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
        .collectAsList();
  }

  /** Per test row, its segment in each of {@link Segments#DIMENSIONS}, in that order. */
  private static String[][] segments(List<Row> test) {
    int first = FIRST_FEATURE + CardFeatures.NUMERIC.size();
    int age = FIRST_FEATURE + CardFeatures.NUMERIC.indexOf("age");
    String[][] out = new String[test.size()][];
    for (int i = 0; i < out.length; i++) {
      Row r = test.get(i);
      out[i] =
          new String[] {
            text(r.get(first + 1)),
            Segments.ageBand(r.getDouble(age)),
            text(r.get(first + 2)),
            text(r.get(first)),
            Segments.amountBand(r.getDouble(3))
          };
    }
    return out;
  }

  private static String text(Object v) {
    return v == null ? "unknown" : v.toString();
  }

  /**
   * The model on the test rows, row by row.
   *
   * @param raw the raw score
   * @param p the calibrated probability (the raw score for a model without calibration)
   * @param champion the champion's score of the same rows (null: no champion scored them)
   * @param segments per row, its segment in each of {@link Segments#DIMENSIONS}
   */
  record TestScores(
      double[] raw,
      double[] p,
      int[] labels,
      double[] amounts,
      double[] champion,
      String[][] segments) {}

  private static double[] amounts(List<Row> test) {
    double[] a = new double[test.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = test.get(i).getDouble(3);
    }
    return a;
  }

  /** Each rule that judges a transaction, fired on every test row as the stream would. */
  private static Map<RuleSet.Rule, BinaryMetrics> rules(
      RuleSet rules, List<Row> test, int[] labels, int firstFeature) {
    List<RuleSet.Rule> baselines =
        rules.rules().stream().filter(RuleSet.Rule::judgesTheTransaction).toList();
    double[][] fired = new double[baselines.size()][test.size()];
    DecisionEngine engine = new DecisionEngine(rules);
    double[] features = new double[CardFeatures.NUMERIC.size()];
    for (int i = 0; i < test.size(); i++) {
      Row r = test.get(i);
      for (int k = 0; k < features.length; k++) {
        features[k] = r.getDouble(firstFeature + k);
      }
      Double mean = r.isNullAt(4) ? null : r.getDouble(4);
      for (int b = 0; b < baselines.size(); b++) {
        boolean fires =
            engine.fires(baselines.get(b), r.getString(2), r.getDouble(3), features, mean);
        fired[b][i] = fires ? 1 : 0;
      }
    }
    Map<RuleSet.Rule, BinaryMetrics> out = new LinkedHashMap<>();
    for (int b = 0; b < baselines.size(); b++) {
      out.put(baselines.get(b), new BinaryMetrics(fired[b], labels));
    }
    return out;
  }
}

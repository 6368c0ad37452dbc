package io.cardstream.training;

import io.cardstream.common.decision.DecisionEngine;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.features.CardFeatures;
import io.cardstream.common.registry.FraudScore;
import io.cardstream.common.registry.ModelRegistry;
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
 * @param rules per rule (it scores 1 when it fires), in the rules file's order
 * @param champion the champion before this run, if any
 * @param championPrAuc its PR-AUC on the test rows (null: none, or it could not score them)
 * @param championNote why it has no PR-AUC, when it could not score them
 */
record Evaluation(
    BinaryMetrics model,
    double threshold,
    BinaryMetrics lr,
    double lrThreshold,
    Map<RuleSet.Rule, BinaryMetrics> rules,
    Optional<String> champion,
    Double championPrAuc,
    String championNote) {

  static Evaluation of(
      Fitting.Fitted fitted, Dataset<Row> testRows, RuleSet rules, ModelRegistry registry)
      throws IOException {
    // score, label, card, amount, card mean, then the numeric features in vector order.
    List<String> cols =
        new ArrayList<>(
            List.of(
                FraudPipelines.SCORE,
                FraudPipelines.LABEL,
                "card_id",
                "amt",
                CardFeatures.CARD_MEAN_AMT));
    int firstFeature = cols.size();
    cols.addAll(CardFeatures.NUMERIC);
    List<Row> test =
        FraudScore.add(fitted.gbt(), testRows, FraudPipelines.SCORE)
            .select(cols.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
            .collectAsList();
    double[] scores = new double[test.size()];
    int[] labels = new int[test.size()];
    for (int i = 0; i < test.size(); i++) {
      scores[i] = test.get(i).getDouble(0);
      labels[i] = (int) test.get(i).getDouble(1);
    }
    Optional<String> champion = registry.champion();
    Double championPrAuc = null;
    String championNote = null;
    if (champion.isPresent()) {
      try {
        championPrAuc =
            FraudPipelines.scored(
                    PipelineModel.load(registry.modelPath(champion.get()).toString()), testRows)
                .averagePrecision();
      } catch (RuntimeException e) {
        championNote =
            "champion " + champion.get() + " could not score the test rows: " + e.getMessage();
      }
    }
    return new Evaluation(
        new BinaryMetrics(scores, labels),
        fitted.threshold(),
        FraudPipelines.scored(fitted.lr(), testRows),
        fitted.lrThreshold(),
        rules(rules, test, labels, firstFeature),
        champion,
        championPrAuc,
        championNote);
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

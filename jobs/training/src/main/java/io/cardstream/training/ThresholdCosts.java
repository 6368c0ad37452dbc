package io.cardstream.training;

import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.registry.CostMetrics;
import io.cardstream.common.risk.CostPolicy;
import java.util.List;

/**
 * The REVIEW and DECLINE thresholds of least expected cost, chosen on the validation slice (a fraud
 * approved loses its amount; a review and a false decline cost what the run was given), and their
 * cost on the test rows beside the thresholds that count frauds instead of money: the rules file's
 * and the model's F1 operating point. Pure: no Spark.
 */
final class ThresholdCosts {

  static final String COST_OPTIMAL = "cost-optimal (chosen on the validation slice)";
  static final String RULES_FILE = "rules file thresholds";
  static final String F1 = "F1 operating point (DECLINE only)";
  static final String PER_ROW = "per row, by amount (reference, not a threshold)";

  private ThresholdCosts() {}

  static CostMetrics of(
      TrainConfig c,
      RuleSet rules,
      ScoreCalibration.Slice validation,
      Evaluation.TestScores test,
      double f1Threshold) {
    CostPolicy policy =
        new CostPolicy(CostPolicy.Costs.of(c.reviewCost(), c.falseDeclineCost(), 0));
    CostPolicy.Outcome chosen =
        policy.optimise(validation.p(), validation.amounts(), validation.labels());
    double[] p = test.p();
    double[] a = test.amounts();
    int[] y = test.labels();
    return new CostMetrics(
        c.reviewCost(),
        c.falseDeclineCost(),
        chosen.reviewThreshold(),
        chosen.declineThreshold(),
        List.of(
            policy.evaluate(
                p, a, y, chosen.reviewThreshold(), chosen.declineThreshold(), COST_OPTIMAL),
            policy.evaluate(p, a, y, rules.reviewThreshold(), rules.declineThreshold(), RULES_FILE),
            policy.evaluate(p, a, y, f1Threshold, f1Threshold, F1),
            rename(policy.bayes(p, a, y), PER_ROW)));
  }

  private static CostPolicy.Outcome rename(CostPolicy.Outcome o, String rule) {
    return new CostPolicy.Outcome(
        rule,
        o.reviewThreshold(),
        o.declineThreshold(),
        o.rows(),
        o.reviewed(),
        o.declined(),
        o.fraudsApproved(),
        o.fraudsReviewed(),
        o.legitDeclined(),
        o.fraudLoss(),
        o.reviewCost(),
        o.falseDeclineCost());
  }
}

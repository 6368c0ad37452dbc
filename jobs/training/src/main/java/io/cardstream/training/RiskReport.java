package io.cardstream.training;

import io.cardstream.common.registry.CalibrationMetrics;
import io.cardstream.common.registry.CostMetrics;
import io.cardstream.common.registry.IntervalMetrics;
import io.cardstream.common.registry.ModelMetrics;
import io.cardstream.common.risk.Calibration;
import io.cardstream.common.risk.CostPolicy;
import java.util.Locale;

/** The report's sections on what a risk team signs off: calibration, costs, uncertainty. */
final class RiskReport {

  private RiskReport() {}

  static void markdown(StringBuilder b, ModelMetrics m) {
    intervals(b, m);
    calibration(b, m.calibration());
    costs(b, m.costs());
    b.append("\nThe model card: [model-card.md](model-card.md) ([HTML](model-card.html)).\n");
  }

  /** The metrics' intervals and the promotion test they feed. */
  private static void intervals(StringBuilder b, ModelMetrics m) {
    IntervalMetrics i = m.intervals();
    if (i == null) {
      return;
    }
    b.append(
        f(
            "%n## Uncertainty (%.0f%% stratified bootstrap intervals, %d resamples)%n%n",
            100 * i.level(), i.resamples()));
    b.append("| metric | estimate [interval] |\n|---|---|\n");
    b.append("| PR-AUC | ").append(i.prAuc().describe()).append(" |\n");
    b.append("| ROC-AUC | ").append(i.rocAuc().describe()).append(" |\n");
    b.append("| recall at the threshold | ").append(i.recall().describe()).append(" |\n");
    if (i.prAucVsChampion() != null) {
      b.append("| PR-AUC minus the champion's (paired) | ")
          .append(i.prAucVsChampion().describe())
          .append(" |\n");
    }
    b.append("\n**Promotion test:** ");
    if (i.prAucVsChampion() == null) {
      b.append("no champion scored the test rows; nothing to beat.\n");
    } else {
      b.append(
          f(
              "a champion is replaced only when the paired bootstrap's lower bound of the PR-AUC"
                  + " gain is above 0: here %.4f, so this version %s (policy %s, promoted: %s).%n",
              i.prAucVsChampion().lower(),
              PromotionPolicy.beats(i.prAucVsChampion())
                  ? "is better beyond noise"
                  : "is not better beyond noise",
              m.promotePolicy(),
              m.promoted()));
    }
  }

  private static void costs(StringBuilder b, CostMetrics c) {
    if (c == null) {
      return;
    }
    b.append("\n## Expected cost by threshold policy (test rows)\n\n");
    b.append(
        f(
            "A fraud approved loses its amount; a review costs %.2f, a false decline %.2f. The"
                + " cost-optimal thresholds (REVIEW %s, DECLINE %s) were chosen on the validation"
                + " slice; a rules file with `\"policy\": \"cost\"` decides with them.%n%n",
            c.reviewCost(),
            c.falseDeclineCost(),
            threshold(c.reviewThreshold()),
            threshold(c.declineThreshold())));
    b.append(
        "| policy | REVIEW at | DECLINE at | reviewed | declined | frauds approved | legitimate"
            + " declined | fraud loss | review cost | false-decline cost | total |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (CostPolicy.Outcome o : c.onTest()) {
      b.append(
          f(
              "| %s | %s | %s | %,d | %,d | %,d | %,d | %,.0f | %,.0f | %,.0f | **%,.0f** |%n",
              o.rule(),
              threshold(o.reviewThreshold()),
              threshold(o.declineThreshold()),
              o.reviewed(),
              o.declined(),
              o.fraudsApproved(),
              o.legitDeclined(),
              o.fraudLoss(),
              o.reviewCost(),
              o.falseDeclineCost(),
              o.total()));
    }
  }

  /** A threshold as a reader wants it: "never" above 1, "-" for the per-row rule. */
  static String threshold(double t) {
    return Double.isNaN(t) ? "-" : t > 1 ? "never" : f("%.4f", t);
  }

  private static void calibration(StringBuilder b, CalibrationMetrics c) {
    if (c == null) {
      return;
    }
    b.append("\n## Calibration (test rows)\n\n");
    if ("none".equals(c.method())) {
      b.append("Not calibrated (the validation slice was too small or had no fraud): the score is")
          .append(" the raw score.\n\n");
    } else {
      b.append(
          f(
              "The score is a calibrated probability: %s, fitted on the validation slice (%,d rows,"
                  + " %,d fraud); chosen by the Brier score on the slice's later half (isotonic"
                  + " %.5f, Platt %.5f).%n%n",
              c.method(),
              c.fitRows(),
              c.fitFrauds(),
              c.validationBrierIsotonic(),
              c.validationBrierPlatt()));
    }
    b.append(
        f(
            "Brier score %.5f (raw score %.5f); expected calibration error %.5f.%n%n",
            c.brier(), c.brierRaw(), c.ece()));
    b.append("| probability | rows | mean predicted | observed fraud rate |\n|---|---|---|---|\n");
    for (Calibration.Bin bin : c.reliability()) {
      b.append(
          f(
              "| %.1f-%.1f | %,d | %.4f | %.4f |%n",
              bin.lower(), bin.upper(), bin.count(), bin.meanPredicted(), bin.observedRate()));
    }
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}

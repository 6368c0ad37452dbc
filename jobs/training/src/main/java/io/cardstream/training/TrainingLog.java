package io.cardstream.training;

import io.cardstream.common.features.FeatureProfile;
import io.cardstream.common.registry.ModelMetrics;
import io.cardstream.common.registry.ScorerMetrics;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a training run prints as it goes: its six steps, and the model against its baselines. */
final class TrainingLog {

  private final PrintStream out;

  TrainingLog(PrintStream out) {
    this.out = out;
  }

  void step(int n, String what) {
    out.printf("[%d/6] %s%n", n, what);
    out.flush();
  }

  /** An indented line under the current step. */
  void detail(String line) {
    out.println("      " + line);
  }

  void rejected(String what, Map<String, Long> rejected) {
    if (!rejected.isEmpty()) {
      out.println("      " + what + ": " + rejected);
    }
  }

  /** The run's outcome: the scorers' table, the drift and why the model was not promoted. */
  void summary(ModelMetrics m) {
    out.printf("Model %s  (promoted: %s)%n", m.version(), m.promoted());
    out.printf(
        "  %-22s %8s %8s %9s %7s %10s %10s%n",
        "", "PR-AUC", "ROC-AUC", "precision", "recall", "rec@1%FPR", "alert rate");
    row("gradient-boosted trees", m.model());
    m.baselines().forEach(this::row);
    List<String> shifted = new ArrayList<>();
    m.drift()
        .report()
        .psi()
        .forEach(
            (feature, psi) -> {
              if (psi > FeatureProfile.PSI_LIMIT) {
                shifted.add(String.format("%s %.2f", feature, psi));
              }
            });
    out.printf(
        "  drift: unseen categories %.2f%% of test rows; PSI > %.2f: %s%n",
        100 * m.drift().report().unseenCategoryShare(),
        FeatureProfile.PSI_LIMIT,
        shifted.isEmpty() ? "none" : String.join(", ", shifted));
    m.promotionRefusedBecause().forEach(r -> out.println("  not promoted: " + r));
    if (m.challenger()) {
      out.println(
          "  in the shadow as CHALLENGER: the stream scores it beside the champion; a later"
              + " run with --shadow-events promotes it only if it wins there");
    }
  }

  private void row(String name, ScorerMetrics n) {
    out.printf(
        "  %-22s %8.4f %8.4f %9.3f %7.3f %10.3f %10.4f%n",
        name, n.prAuc(), n.rocAuc(), n.precision(), n.recall(), n.recallAt1PctFpr(), n.alertRate());
  }
}

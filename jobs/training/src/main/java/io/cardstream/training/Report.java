package io.cardstream.training;

import io.cardstream.common.features.DriftReport;
import io.cardstream.common.registry.ModelMetrics;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.common.registry.RegistryLayout;
import io.cardstream.common.registry.ScorerMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The human-readable report next to metrics.json: PR and ROC charts (PNG) and report.md. */
final class Report {

  private Report() {}

  static void write(ModelRegistry registry, String version, ModelMetrics m, Evaluation ev)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart pr = chart("Precision-recall (test period)", "Recall", "Precision");
    line(pr, "gradient-boosted trees", ev.model().prCurve());
    line(pr, "logistic regression", ev.lr().prCurve());
    ev.rules()
        .forEach(
            (rule, b) ->
                point(pr, "rule: " + rule.describe(), b.at(1.0).recall(), b.at(1.0).precision()));
    registry.write(
        version,
        RegistryLayout.ReportFile.PR_CURVE.path(),
        BitmapEncoder.getBitmapBytes(pr, BitmapEncoder.BitmapFormat.PNG));

    XYChart roc = chart("ROC (test period)", "False-positive rate", "True-positive rate");
    line(roc, "gradient-boosted trees", ev.model().rocCurve());
    line(roc, "logistic regression", ev.lr().rocCurve());
    ev.rules()
        .forEach((rule, b) -> point(roc, "rule: " + rule.describe(), fpr(b), b.at(1.0).recall()));
    registry.write(
        version,
        RegistryLayout.ReportFile.ROC_CURVE.path(),
        BitmapEncoder.getBitmapBytes(roc, BitmapEncoder.BitmapFormat.PNG));

    registry.write(
        version,
        RegistryLayout.ReportFile.MARKDOWN.path(),
        markdown(m).getBytes(StandardCharsets.UTF_8));
  }

  private static double fpr(BinaryMetrics b) {
    BinaryMetrics.AtThreshold at = b.at(1.0);
    return (double) at.fp() / Math.max(1, at.fp() + at.tn());
  }

  private static XYChart chart(String title, String x, String y) {
    XYChart c =
        new XYChartBuilder()
            .width(900)
            .height(650)
            .title(title)
            .xAxisTitle(x)
            .yAxisTitle(y)
            .build();
    c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    return c;
  }

  private static void line(XYChart c, String name, List<double[]> pts) {
    double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
    double[] ys = pts.stream().mapToDouble(p -> p[1]).toArray();
    c.addSeries(name, xs, ys).setMarker(SeriesMarkers.NONE);
  }

  private static void point(XYChart c, String name, double x, double y) {
    XYSeries s = c.addSeries(name, new double[] {x}, new double[] {y});
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
  }

  static String markdown(ModelMetrics m) {
    StringBuilder b = new StringBuilder();
    b.append("# Fraud model ").append(m.version()).append("\n\n");
    b.append("Created ").append(m.createdAt()).append("; promoted: ").append(m.promoted());
    b.append(" (policy ").append(m.promotePolicy()).append(")\n\n");
    ModelMetrics.DataRange r = m.dataRange();
    b.append(
        String.format(
            "Training rows: %,d (%,d fraud), %s to %s; threshold chosen on the validation slice"
                + " from %s.%n",
            m.trainRows(), m.trainFraudRows(), r.trainFrom(), r.trainTo(), r.validationFrom()));
    b.append(
        String.format(
            "Test rows (out of time): %,d (%,d fraud), %s to %s.%n%n",
            m.testRows(), m.testFraudRows(), r.testFrom(), r.testTo()));
    b.append(
        "| scorer | PR-AUC | ROC-AUC | precision | recall | recall @ 1% FPR | alert rate | model"
            + " recall at the same alert rate |\n");
    b.append("|---|---|---|---|---|---|---|---|\n");
    rowMd(b, "gradient-boosted trees (threshold " + fmt(m.threshold()) + ")", m.model());
    m.baselines().forEach((name, s) -> rowMd(b, name, s));
    ModelMetrics.ConfusionMatrix cm = m.confusionMatrix();
    b.append("\n## Confusion matrix at the threshold (test rows)\n\n");
    b.append("| | predicted fraud | predicted legitimate |\n|---|---|---|\n");
    b.append(String.format("| fraud | %,d | %,d |%n", cm.tp(), cm.fn()));
    b.append(String.format("| legitimate | %,d | %,d |%n", cm.fp(), cm.tn()));
    RiskReport.markdown(b, m);
    b.append("\n## Feature importances\n\n| feature | importance |\n|---|---|\n");
    m.featureImportances().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(
            e ->
                b.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(fmt(e.getValue()))
                    .append(" |\n"));
    ModelMetrics.Champion ch = m.champion();
    b.append("\n## Champion\n\n");
    b.append(
        ch.version() == null
            ? "No champion before this run.\n"
            : "Previous champion " + ch.describe() + ".\n");
    driftMd(b, m);
    b.append("\n![precision-recall](pr_curve.png)\n\n![ROC](roc_curve.png)\n");
    return b.toString();
  }

  /** PSI per feature, test rows against training rows, and what blocked promotion. */
  private static void driftMd(StringBuilder b, ModelMetrics m) {
    if (m.drift() == null) {
      return;
    }
    DriftReport d = m.drift().report();
    b.append("\n## Drift (test rows against training rows)\n\n");
    b.append(
        String.format(
            "Unseen category values: %.2f%% of test rows (limit %.0f%%). PSI limit %.2f;"
                + " not gated (they grow with the calendar): %s.%n%n",
            100 * d.unseenCategoryShare(), 100 * d.unseenLimit(), d.psiLimit(), notGated(d)));
    b.append("| feature | PSI |\n|---|---|\n");
    d.psi().forEach((f, v) -> b.append("| ").append(f).append(" | ").append(fmt(v)).append(" |\n"));
    if (!m.promotionRefusedBecause().isEmpty()) {
      b.append("\n**Not promoted:**\n\n");
      m.promotionRefusedBecause().forEach(r -> b.append("- ").append(r).append("\n"));
    }
  }

  /** The not-gated features as the report always listed them: a JSON array. */
  private static String notGated(DriftReport d) {
    return d.notGated().stream()
        .map(f -> "\"" + f + "\"")
        .collect(java.util.stream.Collectors.joining(",", "[", "]"));
  }

  private static void rowMd(StringBuilder b, String name, ScorerMetrics n) {
    b.append("| ").append(name);
    for (double v :
        new double[] {
          n.prAuc(), n.rocAuc(), n.precision(), n.recall(), n.recallAt1PctFpr(), n.alertRate()
        }) {
      b.append(" | ").append(fmt(v));
    }
    b.append(" | ")
        .append(n.modelRecallAtSameAlertRate() != null ? fmt(n.modelRecallAtSameAlertRate()) : "")
        .append(" |\n");
  }

  private static String fmt(double v) {
    return String.format("%.4f", v);
  }
}

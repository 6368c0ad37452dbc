package io.cardstream.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.registry.ModelRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

  static void write(
      ModelRegistry registry,
      String version,
      ObjectNode m,
      BinaryMetrics model,
      BinaryMetrics lr,
      Map<RuleSet.Rule, BinaryMetrics> rules)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart pr = chart("Precision-recall (test period)", "Recall", "Precision");
    line(pr, "gradient-boosted trees", model.prCurve());
    line(pr, "logistic regression", lr.prCurve());
    rules.forEach(
        (rule, b) ->
            point(pr, "rule: " + rule.describe(), b.at(1.0).recall(), b.at(1.0).precision()));
    registry.write(
        version,
        "report/pr_curve.png",
        BitmapEncoder.getBitmapBytes(pr, BitmapEncoder.BitmapFormat.PNG));

    XYChart roc = chart("ROC (test period)", "False-positive rate", "True-positive rate");
    line(roc, "gradient-boosted trees", model.rocCurve());
    line(roc, "logistic regression", lr.rocCurve());
    rules.forEach((rule, b) -> point(roc, "rule: " + rule.describe(), fpr(b), b.at(1.0).recall()));
    registry.write(
        version,
        "report/roc_curve.png",
        BitmapEncoder.getBitmapBytes(roc, BitmapEncoder.BitmapFormat.PNG));

    registry.write(version, "report/report.md", markdown(m).getBytes(StandardCharsets.UTF_8));
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

  static String markdown(ObjectNode m) {
    StringBuilder b = new StringBuilder();
    b.append("# Fraud model ").append(m.get("version").asText()).append("\n\n");
    b.append("Created ")
        .append(m.get("created_at").asText())
        .append("; promoted: ")
        .append(m.get("promoted").asBoolean());
    b.append(" (policy ").append(m.get("promote_policy").asText()).append(")\n\n");
    JsonNode r = m.get("data_range");
    b.append(
        String.format(
            "Training rows: %,d (%,d fraud), %s to %s; threshold chosen on the validation slice from %s.%n",
            m.get("train_rows").asLong(),
            m.get("train_fraud_rows").asLong(),
            r.get("train_from").asText(),
            r.get("train_to").asText(),
            r.get("validation_from").asText()));
    b.append(
        String.format(
            "Test rows (out of time): %,d (%,d fraud), %s to %s.%n%n",
            m.get("test_rows").asLong(),
            m.get("test_fraud_rows").asLong(),
            r.get("test_from").asText(),
            r.get("test_to").asText()));
    b.append(
        "| scorer | PR-AUC | ROC-AUC | precision | recall | recall @ 1% FPR | alert rate | model recall at the same alert rate |\n");
    b.append("|---|---|---|---|---|---|---|---|\n");
    rowMd(
        b,
        "gradient-boosted trees (threshold " + fmt(m.get("threshold").asDouble()) + ")",
        m.get("model"));
    m.get("baselines").fields().forEachRemaining(e -> rowMd(b, e.getKey(), e.getValue()));
    JsonNode cm = m.get("confusion_matrix");
    b.append("\n## Confusion matrix at the threshold (test rows)\n\n");
    b.append("| | predicted fraud | predicted legitimate |\n|---|---|---|\n");
    b.append(
        String.format("| fraud | %,d | %,d |%n", cm.get("tp").asLong(), cm.get("fn").asLong()));
    b.append(
        String.format(
            "| legitimate | %,d | %,d |%n", cm.get("fp").asLong(), cm.get("tn").asLong()));
    b.append("\n## Feature importances\n\n| feature | importance |\n|---|---|\n");
    List<Map.Entry<String, JsonNode>> imp = new ArrayList<>();
    m.get("feature_importances").fields().forEachRemaining(imp::add);
    imp.sort((a, c) -> Double.compare(c.getValue().asDouble(), a.getValue().asDouble()));
    for (Map.Entry<String, JsonNode> e : imp) {
      b.append("| ")
          .append(e.getKey())
          .append(" | ")
          .append(fmt(e.getValue().asDouble()))
          .append(" |\n");
    }
    JsonNode ch = m.get("champion");
    b.append("\n## Champion\n\n");
    b.append(
        ch.get("version").isNull()
            ? "No champion before this run.\n"
            : "Previous champion "
                + ch.get("version").asText()
                + (ch.has("pr_auc")
                    ? ", PR-AUC " + fmt(ch.get("pr_auc").asDouble()) + " on the same test rows"
                    : "")
                + (ch.has("note") ? " (" + ch.get("note").asText() + ")" : "")
                + ".\n");
    driftMd(b, m);
    b.append("\n![precision-recall](pr_curve.png)\n\n![ROC](roc_curve.png)\n");
    return b.toString();
  }

  /** PSI per feature, test rows against training rows, and what blocked promotion. */
  private static void driftMd(StringBuilder b, ObjectNode m) {
    JsonNode d = m.get("drift");
    if (d == null) {
      return;
    }
    b.append("\n## Drift (test rows against training rows)\n\n");
    b.append(
        String.format(
            "Unseen category values: %.2f%% of test rows (limit %.0f%%). PSI limit %.2f;"
                + " not gated (they grow with the calendar): %s.%n%n",
            100 * d.get("unseen_category_share").asDouble(),
            100 * d.get("unseen_limit").asDouble(),
            d.get("psi_limit").asDouble(),
            d.get("not_gated")));
    b.append("| feature | PSI |\n|---|---|\n");
    d.get("psi")
        .fields()
        .forEachRemaining(
            e ->
                b.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(fmt(e.getValue().asDouble()))
                    .append(" |\n"));
    JsonNode refused = m.get("promotion_refused_because");
    if (refused != null && refused.size() > 0) {
      b.append("\n**Not promoted:**\n\n");
      refused.forEach(r -> b.append("- ").append(r.asText()).append("\n"));
    }
  }

  private static void rowMd(StringBuilder b, String name, JsonNode n) {
    b.append("| ").append(name);
    for (String k :
        List.of("pr_auc", "roc_auc", "precision", "recall", "recall_at_1pct_fpr", "alert_rate")) {
      b.append(" | ").append(fmt(n.get(k).asDouble()));
    }
    b.append(" | ")
        .append(
            n.has("model_recall_at_same_alert_rate")
                ? fmt(n.get("model_recall_at_same_alert_rate").asDouble())
                : "")
        .append(" |\n");
  }

  private static String fmt(double v) {
    return String.format("%.4f", v);
  }
}

package io.cardstream.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.features.DriftReport;
import io.cardstream.common.registry.ModelMetrics;
import io.cardstream.common.registry.RegistryLayout;
import io.cardstream.common.registry.ScorerMetrics;
import io.cardstream.console.html.Chart;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.html.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A model version's {@link ModelMetrics} (its {@code metrics.json}, docs/model.md) as tables and
 * charts: the Nightly page's champion and the training report share it.
 */
public final class ModelReport {

  /** A scorer's metric as the tables show it. */
  record Column(String label, ToDoubleFunction<ScorerMetrics> value) {}

  static final List<Column> COLUMNS =
      List.of(
          new Column("PR-AUC", ScorerMetrics::prAuc),
          new Column("ROC-AUC", ScorerMetrics::rocAuc),
          new Column("precision", ScorerMetrics::precision),
          new Column("recall", ScorerMetrics::recall),
          new Column("recall @ 1% FPR", ScorerMetrics::recallAt1PctFpr),
          new Column("alert rate", ScorerMetrics::alertRate));

  private ModelReport() {}

  /** The summary, the scorers' table and chart; {@code id} prefixes the element ids. */
  public static void metrics(Page page, ModelMetrics m, String id) {
    ModelMetrics.DataRange r = m.dataRange();
    page.tiles(
        List.of(
            new String[] {"version", Html.id(m.version()), id + "-version"},
            new String[] {"PR-AUC", Html.decimal(m.model().prAuc(), 4), id + "-pr-auc"},
            new String[] {"ROC-AUC", Html.decimal(m.model().rocAuc(), 4), id + "-roc-auc"},
            new String[] {
              "recall @ 1% FPR", Html.decimal(m.model().recallAt1PctFpr(), 4), id + "-recall-1pct"
            },
            new String[] {"threshold", Html.decimal(m.threshold(), 4), id + "-threshold"},
            new String[] {"promoted", Html.esc(m.promoted()), id + "-promoted"}));
    page.p(
        "Created "
            + orUnknown(m.createdAt())
            + ". Trained on "
            + Html.count(m.trainRows())
            + " rows ("
            + Html.count(m.trainFraudRows())
            + " fraud), "
            + orUnknown(r.trainFrom())
            + " to "
            + orUnknown(r.trainTo())
            + "; tested out of time on "
            + Html.count(m.testRows())
            + " rows ("
            + Html.count(m.testFraudRows())
            + " fraud), "
            + orUnknown(r.testFrom())
            + " to "
            + orUnknown(r.testTo())
            + ".");
    scorers(page, m.model(), m.baselines(), id);
  }

  private static String orUnknown(Instant t) {
    return t == null ? "?" : t.toString();
  }

  /** The scorers of another document that embeds metrics.json's blocks (the demo summary). */
  public static void scorers(Page page, JsonNode model, JsonNode baselines, String id) {
    Map<String, ScorerMetrics> b = new LinkedHashMap<>();
    baselines
        .fields()
        .forEachRemaining(e -> b.put(e.getKey(), ScorerMetrics.fromJson(e.getValue())));
    scorers(page, ScorerMetrics.fromJson(model), b, id);
  }

  /** The model and its baselines (rules, logistic regression): a table and a chart. */
  public static void scorers(
      Page page, ScorerMetrics model, Map<String, ScorerMetrics> baselines, String id) {
    List<String> headers = new ArrayList<>(List.of("scorer"));
    COLUMNS.forEach(c -> headers.add(c.label()));
    headers.add("model recall at the same alert rate");
    Table t = new Table(id + "-scorers", headers.toArray(String[]::new));
    List<String> names = new ArrayList<>();
    List<Double> pr = new ArrayList<>();
    List<Double> roc = new ArrayList<>();
    List<Double> recall1 = new ArrayList<>();
    addScorer(t, "model", "gradient-boosted trees (the model)", model, names, pr, roc, recall1);
    baselines.forEach((k, s) -> addScorer(t, k, k, s, names, pr, roc, recall1));
    page.table(t);
    page.chart(
        id + "-chart-scorers",
        "The model against its baselines (test period)",
        Chart.bar(names)
            .series("PR-AUC", pr)
            .series("ROC-AUC", roc)
            .series("recall @ 1% FPR", recall1)
            .axes("scorer", "value"));
  }

  private static void addScorer(
      Table t,
      String key,
      String name,
      ScorerMetrics s,
      List<String> names,
      List<Double> pr,
      List<Double> roc,
      List<Double> recall1) {
    List<String> cells = new ArrayList<>(List.of(Html.text(name)));
    COLUMNS.forEach(c -> cells.add(Html.decimal(c.value().applyAsDouble(s), 4)));
    cells.add(
        s.modelRecallAtSameAlertRate() != null
            ? Html.decimal(s.modelRecallAtSameAlertRate(), 4)
            : "");
    t.row(key, cells.toArray(String[]::new));
    names.add(name);
    pr.add(s.prAuc());
    roc.add(s.rocAuc());
    recall1.add(s.recallAt1PctFpr());
  }

  /** Feature importances (chart and table) and the confusion matrix. */
  public static void details(Page page, ModelMetrics m, String id) {
    List<Map.Entry<String, Double>> imp = new ArrayList<>(m.featureImportances().entrySet());
    imp.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
    if (!imp.isEmpty()) {
      page.h2("Feature importances");
      page.chart(
          id + "-chart-importances",
          "Feature importances (gradient-boosted trees)",
          Chart.horizontalBar(imp.stream().map(Map.Entry::getKey).toList())
              .series("importance", imp.stream().map(Map.Entry::getValue).toList()));
    }
    ModelMetrics.ConfusionMatrix cm = m.confusionMatrix();
    page.h2("Confusion matrix at the threshold (test rows)");
    Table t = new Table(id + "-confusion", "", "predicted fraud", "predicted legitimate");
    t.row("fraud", "fraud", Html.count(cm.tp()), Html.count(cm.fn()));
    t.row("legitimate", "legitimate", Html.count(cm.fp()), Html.count(cm.tn()));
    page.table(t);
    drift(page, m, id);
    ModelMetrics.Feedback fb = m.feedback();
    if (fb != null) {
      page.p(
          "Feedback labels: "
              + fb.answers()
              + " answers, "
              + fb.matchedRows()
              + " rows matched, "
              + fb.labelsChanged()
              + " labels changed, "
              + fb.labelsAdded()
              + " added.");
    }
  }

  /** The drift guard: PSI per feature (test rows against training rows), what blocked promotion. */
  static void drift(Page page, ModelMetrics m, String id) {
    if (m.drift() == null) {
      return;
    }
    DriftReport d = m.drift().report();
    page.h2("Drift (test rows against training rows)");
    page.p(
        "Unseen category values: "
            + Html.decimal(100 * d.unseenCategoryShare(), 2)
            + "% of test rows (limit "
            + Html.decimal(100 * d.unseenLimit(), 0)
            + "%). PSI limit "
            + Html.decimal(d.psiLimit(), 2)
            + "; reported, not gated: "
            + Html.text(String.join(", ", d.notGated()))
            + ".");
    if (!m.promotionRefusedBecause().isEmpty()) {
      StringBuilder b = new StringBuilder("Not promoted: ");
      m.promotionRefusedBecause().forEach(r -> b.append(Html.text(r)).append("; "));
      page.p(b.substring(0, b.length() - 2) + ".");
    }
    Table t = new Table(id + "-drift", "feature", "PSI", "gated");
    d.psi()
        .forEach(
            (feature, psi) ->
                t.row(
                    feature,
                    Html.text(feature),
                    Html.decimal(psi, 4),
                    d.notGated().contains(feature) ? "no" : "yes"));
    page.table(t);
    page.chart(
        id + "-chart-drift",
        "Population stability index per feature",
        Chart.horizontalBar(new ArrayList<>(d.psi().keySet()))
            .series("PSI", new ArrayList<>(d.psi().values())));
  }

  /** The report's PR and ROC images, from {@code src(name)}. */
  public static void curves(Page page, java.util.function.Function<String, String> src) {
    page.raw(
        "<div class=\"curves\"><img class=\"curve\" id=\"pr-curve\" alt=\"precision-recall curve\" src=\""
            + Html.esc(src.apply(RegistryLayout.ReportFile.PR_CURVE.fileName()))
            + "\"><img class=\"curve\" id=\"roc-curve\" alt=\"ROC curve\" src=\""
            + Html.esc(src.apply(RegistryLayout.ReportFile.ROC_CURVE.fileName()))
            + "\"></div>");
  }
}

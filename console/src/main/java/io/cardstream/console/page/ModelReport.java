package io.cardstream.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.console.html.Chart;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.html.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model version's metrics (its {@code metrics.json}, docs/model.md) as tables and charts: the
 * Nightly page's champion and the training report share it.
 */
public final class ModelReport {

  static final List<String[]> COLUMNS =
      List.of(
          new String[] {"pr_auc", "PR-AUC"},
          new String[] {"roc_auc", "ROC-AUC"},
          new String[] {"precision", "precision"},
          new String[] {"recall", "recall"},
          new String[] {"recall_at_1pct_fpr", "recall @ 1% FPR"},
          new String[] {"alert_rate", "alert rate"});

  private ModelReport() {}

  /** The summary, the scorers' table and chart; {@code id} prefixes the element ids. */
  public static void metrics(Page page, JsonNode m, String id) {
    JsonNode r = m.path("data_range");
    page.tiles(
        List.of(
            new String[] {"version", Html.id(m.path("version").asText()), id + "-version"},
            new String[] {
              "PR-AUC",
              Html.decimal(m.path("model").path("pr_auc").asDouble(Double.NaN), 4),
              id + "-pr-auc"
            },
            new String[] {
              "ROC-AUC",
              Html.decimal(m.path("model").path("roc_auc").asDouble(Double.NaN), 4),
              id + "-roc-auc"
            },
            new String[] {
              "recall @ 1% FPR",
              Html.decimal(m.path("model").path("recall_at_1pct_fpr").asDouble(Double.NaN), 4),
              id + "-recall-1pct"
            },
            new String[] {
              "threshold",
              Html.decimal(m.path("threshold").asDouble(Double.NaN), 4),
              id + "-threshold"
            },
            new String[] {"promoted", Html.esc(m.path("promoted").asText("?")), id + "-promoted"}));
    page.p(
        "Created "
            + m.path("created_at").asText("?")
            + ". Trained on "
            + Html.count(m.path("train_rows").asLong())
            + " rows ("
            + Html.count(m.path("train_fraud_rows").asLong())
            + " fraud), "
            + r.path("train_from").asText("?")
            + " to "
            + r.path("train_to").asText("?")
            + "; tested out of time on "
            + Html.count(m.path("test_rows").asLong())
            + " rows ("
            + Html.count(m.path("test_fraud_rows").asLong())
            + " fraud), "
            + r.path("test_from").asText("?")
            + " to "
            + r.path("test_to").asText("?")
            + ".");
    scorers(page, m.path("model"), m.path("baselines"), id);
  }

  /** The model and its baselines (rules, logistic regression): a table and a chart. */
  public static void scorers(Page page, JsonNode model, JsonNode baselines, String id) {
    List<String> headers = new ArrayList<>(List.of("scorer"));
    COLUMNS.forEach(c -> headers.add(c[1]));
    headers.add("model recall at the same alert rate");
    Table t = new Table(id + "-scorers", headers.toArray(String[]::new));
    List<String> names = new ArrayList<>();
    List<Double> pr = new ArrayList<>();
    List<Double> roc = new ArrayList<>();
    List<Double> recall1 = new ArrayList<>();
    addScorer(t, "model", "gradient-boosted trees (the model)", model, names, pr, roc, recall1);
    baselines
        .fields()
        .forEachRemaining(
            e -> addScorer(t, e.getKey(), e.getKey(), e.getValue(), names, pr, roc, recall1));
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
      JsonNode n,
      List<String> names,
      List<Double> pr,
      List<Double> roc,
      List<Double> recall1) {
    List<String> cells = new ArrayList<>(List.of(Html.text(name)));
    for (String[] c : COLUMNS) {
      cells.add(n.has(c[0]) ? Html.decimal(n.get(c[0]).asDouble(), 4) : "");
    }
    cells.add(
        n.has("model_recall_at_same_alert_rate")
            ? Html.decimal(n.get("model_recall_at_same_alert_rate").asDouble(), 4)
            : "");
    t.row(key, cells.toArray(String[]::new));
    names.add(name);
    pr.add(n.path("pr_auc").asDouble(Double.NaN));
    roc.add(n.path("roc_auc").asDouble(Double.NaN));
    recall1.add(n.path("recall_at_1pct_fpr").asDouble(Double.NaN));
  }

  /** Feature importances (chart and table) and the confusion matrix. */
  public static void details(Page page, JsonNode m, String id) {
    List<Map.Entry<String, JsonNode>> imp = new ArrayList<>();
    m.path("feature_importances").fields().forEachRemaining(imp::add);
    imp.sort((a, b) -> Double.compare(b.getValue().asDouble(), a.getValue().asDouble()));
    if (!imp.isEmpty()) {
      page.h2("Feature importances");
      List<String> names = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      imp.forEach(
          e -> {
            names.add(e.getKey());
            values.add(e.getValue().asDouble());
          });
      page.chart(
          id + "-chart-importances",
          "Feature importances (gradient-boosted trees)",
          Chart.horizontalBar(names).series("importance", values));
    }
    JsonNode cm = m.path("confusion_matrix");
    if (cm.isObject()) {
      page.h2("Confusion matrix at the threshold (test rows)");
      Table t = new Table(id + "-confusion", "", "predicted fraud", "predicted legitimate");
      t.row(
          "fraud", "fraud", Html.count(cm.path("tp").asLong()), Html.count(cm.path("fn").asLong()));
      t.row(
          "legitimate",
          "legitimate",
          Html.count(cm.path("fp").asLong()),
          Html.count(cm.path("tn").asLong()));
      page.table(t);
    }
    drift(page, m, id);
    JsonNode fb = m.path("feedback");
    if (fb.isObject()) {
      page.p(
          "Feedback labels: "
              + fb.path("answers").asLong()
              + " answers, "
              + fb.path("matched_rows").asLong()
              + " rows matched, "
              + fb.path("labels_changed").asLong()
              + " labels changed, "
              + fb.path("labels_added").asLong()
              + " added.");
    }
  }

  /** The drift guard: PSI per feature (test rows against training rows), what blocked promotion. */
  static void drift(Page page, JsonNode m, String id) {
    JsonNode d = m.path("drift");
    if (!d.isObject()) {
      return;
    }
    page.h2("Drift (test rows against training rows)");
    List<String> notGated = new ArrayList<>();
    d.path("not_gated").forEach(n -> notGated.add(n.asText()));
    page.p(
        "Unseen category values: "
            + Html.decimal(100 * d.path("unseen_category_share").asDouble(), 2)
            + "% of test rows (limit "
            + Html.decimal(100 * d.path("unseen_limit").asDouble(), 0)
            + "%). PSI limit "
            + Html.decimal(d.path("psi_limit").asDouble(), 2)
            + "; reported, not gated: "
            + Html.text(String.join(", ", notGated))
            + ".");
    JsonNode refused = m.path("promotion_refused_because");
    if (refused.isArray() && refused.size() > 0) {
      StringBuilder b = new StringBuilder("Not promoted: ");
      refused.forEach(r -> b.append(Html.text(r.asText())).append("; "));
      page.p(b.substring(0, b.length() - 2) + ".");
    }
    Table t = new Table(id + "-drift", "feature", "PSI", "gated");
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    d.path("psi")
        .fields()
        .forEachRemaining(
            e -> {
              boolean gated = !notGated.contains(e.getKey());
              t.row(
                  e.getKey(),
                  Html.text(e.getKey()),
                  Html.decimal(e.getValue().asDouble(), 4),
                  gated ? "yes" : "no");
              names.add(e.getKey());
              values.add(e.getValue().asDouble());
            });
    page.table(t);
    page.chart(
        id + "-chart-drift",
        "Population stability index per feature",
        Chart.horizontalBar(names).series("PSI", values));
  }

  /** The report's PR and ROC images, from {@code src(name)}. */
  public static void curves(Page page, java.util.function.Function<String, String> src) {
    page.raw(
        "<div class=\"curves\"><img class=\"curve\" id=\"pr-curve\" alt=\"precision-recall curve\" src=\""
            + Html.esc(src.apply("pr_curve.png"))
            + "\"><img class=\"curve\" id=\"roc-curve\" alt=\"ROC curve\" src=\""
            + Html.esc(src.apply("roc_curve.png"))
            + "\"></div>");
  }
}

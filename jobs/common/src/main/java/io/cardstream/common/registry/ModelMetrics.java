package io.cardstream.common.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.features.DriftReport;
import io.cardstream.common.json.JsonFields;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model version's {@code metrics.json} (docs/model.md): what training measured and decided. The
 * training job writes it; the console, the training report and the nightly DAG's drift alert read
 * it. A reader takes what an older release wrote too: a block it lacks is null (feedback, drift,
 * shadow), a metric NaN.
 *
 * @param fitRows the rows the final fit saw (all training rows, or those before the validation
 *     slice when the refit was skipped)
 * @param threshold the model's decision threshold, chosen on the validation slice
 * @param baselines the stream's rules by id (as the rules file has them), then {@code
 *     logistic_regression}
 * @param features the model's inputs in vector order
 * @param feedback what the customers' and analysts' answers changed (null: trained without them)
 * @param drift the test rows against the training rows (null in documents from before the guard)
 * @param challenger the version went into the shadow as CHALLENGER instead of being promoted
 * @param shadow the shadow comparison that ran before training (null: none was asked for)
 * @param seconds the run's duration
 * @param calibration the score's calibration and its quality (null: documents from before it)
 * @param costs the cost-optimal thresholds and each policy's cost (null: documents from before)
 * @param intervals bootstrap intervals of the test metrics (null: documents from before them)
 */
public record ModelMetrics(
    String version,
    Instant createdAt,
    long trainRows,
    long trainFraudRows,
    long fitRows,
    long testRows,
    long testFraudRows,
    double threshold,
    DataRange dataRange,
    ScorerMetrics model,
    Map<String, ScorerMetrics> baselines,
    String rulesVersion,
    Feedback feedback,
    List<String> features,
    Map<String, Double> featureImportances,
    ConfusionMatrix confusionMatrix,
    TrainingParams params,
    Champion champion,
    String promotePolicy,
    boolean promoted,
    Drift drift,
    List<String> promotionRefusedBecause,
    boolean challenger,
    ShadowVerdict shadow,
    double seconds,
    CalibrationMetrics calibration,
    CostMetrics costs,
    IntervalMetrics intervals) {

  public ModelMetrics {
    baselines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(baselines));
    features = List.copyOf(features);
    featureImportances =
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(featureImportances));
    promotionRefusedBecause = List.copyOf(promotionRefusedBecause);
  }

  /** The first and last event of the training and test rows, and where validation began. */
  public record DataRange(
      Instant trainFrom,
      Instant trainTo,
      Instant validationFrom,
      Instant testFrom,
      Instant testTo) {}

  /** The model's counts on the test rows at its threshold. */
  public record ConfusionMatrix(long tp, long fp, long fn, long tn) {}

  /**
   * The answers taken as labels.
   *
   * @param table the feedback/labels table
   * @param matchedRows rows an answer labelled (matched on trans_num and card)
   * @param fromAnalysts of those, the rows an analyst's answer labelled (null: not recorded, a
   *     labels table without the answer's source or a run before it was counted)
   * @param fromCustomers of those, the rows a customer's answer labelled (null: not recorded)
   */
  public record Feedback(
      String table,
      long answers,
      long matchedRows,
      long labelsChanged,
      long labelsAdded,
      Long fromAnalysts,
      Long fromCustomers) {}

  /**
   * The champion before this run.
   *
   * @param version null: there was none
   * @param prAuc its PR-AUC on this run's test rows (null: none, or it could not score them)
   * @param note why it has no PR-AUC, when it could not score them
   */
  public record Champion(String version, Double prAuc, String note) {
    /** "v3, PR-AUC 0.7209 on the same test rows (note)", for the reports. */
    public String describe() {
      return version
          + (prAuc == null
              ? ""
              : String.format(Locale.ROOT, ", PR-AUC %.4f on the same test rows", prAuc))
          + (note == null ? "" : " (" + note + ")");
    }
  }

  /**
   * The drift guard's findings.
   *
   * @param gated whether drift could block promotion (the test period was long enough)
   * @param notGatedBecause why not, when it was not
   */
  public record Drift(DriftReport report, boolean gated, String notGatedBecause) {}

  /** Indented, as the registry holds it. */
  public byte[] toBytes() {
    return JsonFields.pretty(toJson());
  }

  public ObjectNode toJson() {
    ObjectNode m = JsonFields.object();
    m.put("version", version);
    m.put("created_at", text(createdAt));
    m.put("train_rows", trainRows);
    m.put("train_fraud_rows", trainFraudRows);
    m.put("fit_rows", fitRows);
    m.put("test_rows", testRows);
    m.put("test_fraud_rows", testFraudRows);
    m.put("threshold", threshold);
    m.set("data_range", dataRange(dataRange));
    m.set("model", model.toJson());
    ObjectNode b = m.putObject("baselines");
    baselines.forEach((id, s) -> b.set(id, s.toJson()));
    m.put("rules_version", rulesVersion);
    if (feedback != null) {
      ObjectNode fb = m.putObject("feedback");
      fb.put("table", feedback.table());
      fb.put("answers", feedback.answers());
      fb.put("matched_rows", feedback.matchedRows());
      fb.put("labels_changed", feedback.labelsChanged());
      fb.put("labels_added", feedback.labelsAdded());
      if (feedback.fromAnalysts() != null) {
        fb.put("from_analysts", feedback.fromAnalysts());
        fb.put("from_customers", feedback.fromCustomers());
      }
    }
    JsonFields.putStrings(m, "features", features);
    JsonFields.putDoubles(m, "feature_importances", featureImportances);
    ObjectNode cm = m.putObject("confusion_matrix");
    cm.put("tp", confusionMatrix.tp());
    cm.put("fp", confusionMatrix.fp());
    cm.put("fn", confusionMatrix.fn());
    cm.put("tn", confusionMatrix.tn());
    m.set("params", params.toJson());
    ObjectNode ch = m.putObject("champion");
    ch.put("version", champion.version());
    JsonFields.putIfPresent(ch, "pr_auc", champion.prAuc());
    JsonFields.putIfPresent(ch, "note", champion.note());
    m.put("promote_policy", promotePolicy);
    m.put("promoted", promoted);
    if (drift != null) {
      ObjectNode d = drift.report().toJson();
      d.put("gated", drift.gated());
      JsonFields.putIfPresent(d, "not_gated_because", drift.notGatedBecause());
      m.set("drift", d);
    }
    JsonFields.putStrings(m, "promotion_refused_because", promotionRefusedBecause);
    m.put("challenger", challenger);
    if (shadow != null) {
      m.set("shadow", shadow.toJson());
    }
    m.put("seconds", seconds);
    if (calibration != null) {
      m.set("calibration", calibration.toJson());
    }
    if (costs != null) {
      m.set("costs", costs.toJson());
    }
    if (intervals != null) {
      m.set("intervals", intervals.toJson());
    }
    return m;
  }

  private static ObjectNode dataRange(DataRange r) {
    ObjectNode n = JsonFields.object();
    n.put("train_from", text(r.trainFrom()));
    n.put("train_to", text(r.trainTo()));
    n.put("validation_from", text(r.validationFrom()));
    n.put("test_from", text(r.testFrom()));
    n.put("test_to", text(r.testTo()));
    return n;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  public static ModelMetrics fromJson(JsonNode m) {
    JsonNode r = m.path("data_range");
    Map<String, ScorerMetrics> baselines = new LinkedHashMap<>();
    m.path("baselines")
        .fields()
        .forEachRemaining(e -> baselines.put(e.getKey(), ScorerMetrics.fromJson(e.getValue())));
    JsonNode fb = m.path("feedback");
    JsonNode cm = m.path("confusion_matrix");
    JsonNode ch = m.path("champion");
    JsonNode d = m.path("drift");
    return new ModelMetrics(
        JsonFields.text(m, "version"),
        JsonFields.instant(m, "created_at"),
        m.path("train_rows").asLong(),
        m.path("train_fraud_rows").asLong(),
        m.path("fit_rows").asLong(),
        m.path("test_rows").asLong(),
        m.path("test_fraud_rows").asLong(),
        JsonFields.number(m, "threshold"),
        new DataRange(
            JsonFields.instant(r, "train_from"),
            JsonFields.instant(r, "train_to"),
            JsonFields.instant(r, "validation_from"),
            JsonFields.instant(r, "test_from"),
            JsonFields.instant(r, "test_to")),
        ScorerMetrics.fromJson(m.path("model")),
        baselines,
        JsonFields.text(m, "rules_version"),
        fb.isObject()
            ? new Feedback(
                JsonFields.text(fb, "table"),
                fb.path("answers").asLong(),
                fb.path("matched_rows").asLong(),
                fb.path("labels_changed").asLong(),
                fb.path("labels_added").asLong(),
                fb.hasNonNull("from_analysts") ? fb.get("from_analysts").asLong() : null,
                fb.hasNonNull("from_customers") ? fb.get("from_customers").asLong() : null)
            : null,
        JsonFields.strings(m.path("features")),
        JsonFields.doubles(m.path("feature_importances")),
        new ConfusionMatrix(
            cm.path("tp").asLong(),
            cm.path("fp").asLong(),
            cm.path("fn").asLong(),
            cm.path("tn").asLong()),
        TrainingParams.fromJson(m.path("params")),
        new Champion(
            JsonFields.text(ch, "version"),
            JsonFields.optionalNumber(ch, "pr_auc"),
            JsonFields.text(ch, "note")),
        JsonFields.text(m, "promote_policy"),
        m.path("promoted").asBoolean(),
        d.isObject()
            ? new Drift(
                DriftReport.fromJson(d),
                d.path("gated").asBoolean(),
                JsonFields.text(d, "not_gated_because"))
            : null,
        JsonFields.strings(m.path("promotion_refused_because")),
        m.path("challenger").asBoolean(),
        m.path("shadow").isObject() ? ShadowVerdict.fromJson(m.path("shadow")) : null,
        JsonFields.number(m, "seconds"),
        m.path("calibration").isObject()
            ? CalibrationMetrics.fromJson(m.path("calibration"))
            : null,
        m.path("costs").isObject() ? CostMetrics.fromJson(m.path("costs")) : null,
        m.path("intervals").isObject() ? IntervalMetrics.fromJson(m.path("intervals")) : null);
  }
}

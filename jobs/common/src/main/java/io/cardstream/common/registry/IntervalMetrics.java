package io.cardstream.common.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.json.JsonFields;

/**
 * The {@code intervals} block of metrics.json: stratified percentile bootstrap intervals of the
 * model's test metrics and, when the champion scored the same test rows, of the PR-AUC difference
 * (this model minus the champion) on the same resamples: the promotion test.
 *
 * @param recall recall at the model's threshold (its operating point)
 * @param prAucVsChampion null: no champion scored the test rows
 */
public record IntervalMetrics(
    double level,
    int resamples,
    long seed,
    Interval prAuc,
    Interval rocAuc,
    Interval recall,
    Interval prAucVsChampion) {

  /** A metric on all rows and its interval's bounds. */
  public record Interval(double estimate, double lower, double upper) {

    public ObjectNode toJson() {
      ObjectNode n = JsonFields.object();
      n.put("estimate", estimate);
      n.put("lower", lower);
      n.put("upper", upper);
      return n;
    }

    public static Interval fromJson(JsonNode n) {
      return n.isObject()
          ? new Interval(
              JsonFields.number(n, "estimate"),
              JsonFields.number(n, "lower"),
              JsonFields.number(n, "upper"))
          : null;
    }

    /** "0.9663 [0.9571, 0.9748]". */
    public String describe() {
      return String.format(java.util.Locale.ROOT, "%.4f [%.4f, %.4f]", estimate, lower, upper);
    }
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonFields.object();
    n.put("method", "stratified percentile bootstrap");
    n.put("level", level);
    n.put("resamples", resamples);
    n.put("seed", seed);
    n.set("pr_auc", prAuc.toJson());
    n.set("roc_auc", rocAuc.toJson());
    n.set("recall_at_threshold", recall.toJson());
    if (prAucVsChampion != null) {
      n.set("pr_auc_minus_champion", prAucVsChampion.toJson());
    }
    return n;
  }

  public static IntervalMetrics fromJson(JsonNode n) {
    return new IntervalMetrics(
        JsonFields.number(n, "level"),
        n.path("resamples").asInt(),
        n.path("seed").asLong(),
        Interval.fromJson(n.path("pr_auc")),
        Interval.fromJson(n.path("roc_auc")),
        Interval.fromJson(n.path("recall_at_threshold")),
        Interval.fromJson(n.path("pr_auc_minus_champion")));
  }
}

package io.cardstream.common.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.json.JsonFields;
import java.util.List;

/**
 * One scorer's out-of-time metrics at its threshold, a block of metrics.json: the model's ({@code
 * model}) and each baseline's ({@code baselines}: the stream's rules by id, the logistic
 * regression). A rule scores 1 when it fires, so its threshold is 1.
 *
 * @param precisionAtRecall80 the best precision at a recall of at least 0.8
 * @param modelRecallAtSameAlertRate for a rule: the model's recall when it alerts as often (null
 *     for the model and the logistic regression)
 */
public record ScorerMetrics(
    double prAuc,
    double rocAuc,
    double precision,
    double recall,
    double recallAt1PctFpr,
    double precisionAtRecall80,
    double alertRate,
    double threshold,
    Double modelRecallAtSameAlertRate) {

  /** The same metrics with the model's recall at this scorer's alert rate. */
  public ScorerMetrics withModelRecall(double modelRecall) {
    return new ScorerMetrics(
        prAuc,
        rocAuc,
        precision,
        recall,
        recallAt1PctFpr,
        precisionAtRecall80,
        alertRate,
        threshold,
        modelRecall);
  }

  /** The metrics' names in metrics.json, in the order of {@link #values}. */
  private static final List<String> NAMES =
      List.of(
          "pr_auc",
          "roc_auc",
          "precision",
          "recall",
          "recall_at_1pct_fpr",
          "precision_at_recall_80",
          "alert_rate",
          "threshold");

  private double[] values() {
    return new double[] {
      prAuc, rocAuc, precision, recall, recallAt1PctFpr, precisionAtRecall80, alertRate, threshold
    };
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonFields.object();
    double[] v = values();
    for (int i = 0; i < v.length; i++) {
      n.put(NAMES.get(i), v[i]);
    }
    JsonFields.putIfPresent(n, "model_recall_at_same_alert_rate", modelRecallAtSameAlertRate);
    return n;
  }

  public static ScorerMetrics fromJson(JsonNode n) {
    double[] v = NAMES.stream().mapToDouble(name -> JsonFields.number(n, name)).toArray();
    return new ScorerMetrics(
        v[0],
        v[1],
        v[2],
        v[3],
        v[4],
        v[5],
        v[6],
        v[7],
        JsonFields.optionalNumber(n, "model_recall_at_same_alert_rate"));
  }
}

package io.cardstream.common.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.json.JsonFields;
import io.cardstream.common.risk.CostPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code costs} block of metrics.json: the REVIEW and DECLINE thresholds of least expected cost
 * (a fraud approved loses its amount, a review and a false decline cost what the run was given),
 * chosen on the validation slice, and what each threshold policy costs on the test rows. The stream
 * decides with {@link #reviewThreshold} and {@link #declineThreshold} when the rules file's {@code
 * model.policy} is {@code cost}.
 *
 * @param reviewThreshold the cost-optimal REVIEW threshold on the calibrated probability
 * @param declineThreshold the cost-optimal DECLINE threshold ({@link CostPolicy#NEVER}: none)
 * @param onTest each policy on the test rows: the cost-optimal thresholds first, then the rules
 *     file's, the model's F1 operating point (DECLINE only), and the per-row rule for reference
 */
public record CostMetrics(
    double reviewCost,
    double falseDeclineCost,
    double reviewThreshold,
    double declineThreshold,
    List<CostPolicy.Outcome> onTest) {

  public CostMetrics {
    onTest = List.copyOf(onTest);
  }

  /** The costs a run is given unless told otherwise (docs/model.md). */
  public static final double DEFAULT_REVIEW_COST = 5.0;

  public static final double DEFAULT_FALSE_DECLINE_COST = 20.0;

  public ObjectNode toJson() {
    ObjectNode n = JsonFields.object();
    n.put("review_cost", reviewCost);
    n.put("false_decline_cost", falseDeclineCost);
    n.put("fraud_loss", "the amount of a fraud approved");
    n.put("review_threshold", reviewThreshold);
    n.put("decline_threshold", declineThreshold);
    ArrayNode a = n.putArray("on_test");
    for (CostPolicy.Outcome o : onTest) {
      ObjectNode r = a.addObject();
      r.put("policy", o.rule());
      r.put("review_threshold", o.reviewThreshold());
      r.put("decline_threshold", o.declineThreshold());
      r.put("rows", o.rows());
      r.put("reviewed", o.reviewed());
      r.put("declined", o.declined());
      r.put("frauds_approved", o.fraudsApproved());
      r.put("frauds_reviewed", o.fraudsReviewed());
      r.put("legit_declined", o.legitDeclined());
      r.put("fraud_loss", o.fraudLoss());
      r.put("review_cost", o.reviewCost());
      r.put("false_decline_cost", o.falseDeclineCost());
      r.put("total", o.total());
    }
    return n;
  }

  public static CostMetrics fromJson(JsonNode n) {
    List<CostPolicy.Outcome> outcomes = new ArrayList<>();
    for (JsonNode r : n.path("on_test")) {
      outcomes.add(
          new CostPolicy.Outcome(
              JsonFields.text(r, "policy"),
              JsonFields.number(r, "review_threshold"),
              JsonFields.number(r, "decline_threshold"),
              r.path("rows").asLong(),
              r.path("reviewed").asLong(),
              r.path("declined").asLong(),
              r.path("frauds_approved").asLong(),
              r.path("frauds_reviewed").asLong(),
              r.path("legit_declined").asLong(),
              JsonFields.number(r, "fraud_loss"),
              JsonFields.number(r, "review_cost"),
              JsonFields.number(r, "false_decline_cost")));
    }
    return new CostMetrics(
        JsonFields.number(n, "review_cost"),
        JsonFields.number(n, "false_decline_cost"),
        JsonFields.number(n, "review_threshold"),
        JsonFields.number(n, "decline_threshold"),
        outcomes);
  }
}

package io.cardstream.common.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.json.JsonFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision as the decision topics carry it ({@code decisions.approved}, {@code
 * decisions.declined} and its copy {@code alerts}): the transaction's ids, card token and last
 * four, amount and merchant, and the outcome with its reasons, versions and the model's top
 * contributions. No card number. The stream's topics sink writes it; the notifier and the console's
 * Decisions page read it.
 *
 * @param score the champion's fraud probability (null: decided by the rules alone)
 * @param explanation for REVIEW and DECLINE, the features that raised the model's margin most
 * @param produceTime when the producer sent the event (null: the source did not say)
 */
public record DecisionMessage(
    String transNum,
    String cardId,
    String cardLast4,
    Instant eventTime,
    double amt,
    String merchant,
    String category,
    Double score,
    String decision,
    List<String> reasons,
    List<String> ruleIds,
    List<Contribution> explanation,
    String modelVersion,
    String rulesVersion,
    Instant produceTime) {

  public DecisionMessage {
    reasons = List.copyOf(reasons);
    ruleIds = List.copyOf(ruleIds);
    explanation = List.copyOf(explanation);
  }

  /** A feature's share of the model's margin. */
  public record Contribution(String feature, double contribution) {}

  /** An APPROVE: the notifier sends it as a notice, only to customers who asked for those. */
  public boolean approved() {
    return Decision.APPROVE.equals(decision);
  }

  /**
   * The key of the alert (or notice) this decision raises, in the notifier's ledger and on its
   * dead-letter topic: one per alert and one per notice of one card (two cards may share a
   * trans_num).
   */
  public String alertId() {
    return (approved() ? "notice:" : "") + cardId + ":" + transNum;
  }

  public String toJson() {
    ObjectNode n = JsonFields.object();
    n.put("trans_num", transNum);
    n.put("card_id", cardId);
    n.put("card_last4", cardLast4);
    n.put("event_time", eventTime == null ? null : eventTime.toString());
    n.put("amt", amt);
    n.put("merchant", merchant);
    n.put("category", category);
    JsonFields.putIfPresent(n, "score", score);
    n.put("decision", decision);
    JsonFields.putStrings(n, "reasons", reasons);
    JsonFields.putStrings(n, "rule_ids", ruleIds);
    ArrayNode e = n.putArray("explanation");
    explanation.forEach(
        c -> e.addObject().put("feature", c.feature()).put("contribution", c.contribution()));
    n.put("model_version", modelVersion);
    n.put("rules_version", rulesVersion);
    JsonFields.putIfPresent(n, "produce_time", produceTime == null ? null : produceTime.toString());
    return n.toString();
  }

  /**
   * A topic's message value.
   *
   * @throws IllegalArgumentException when it is not a decision (not JSON, no decision, a time that
   *     does not parse)
   */
  public static DecisionMessage fromJson(String value) {
    if (value == null) {
      throw new IllegalArgumentException("not a decision: no value");
    }
    JsonNode n = JsonFields.parse(value);
    if (!n.hasNonNull("decision")) {
      throw new IllegalArgumentException("not a decision: no decision field");
    }
    JsonNode score = n.get("score");
    List<Contribution> explanation = new ArrayList<>();
    n.path("explanation")
        .forEach(
            c ->
                explanation.add(
                    new Contribution(
                        JsonFields.text(c, "feature"), c.path("contribution").asDouble())));
    try {
      return new DecisionMessage(
          JsonFields.text(n, "trans_num"),
          JsonFields.text(n, "card_id"),
          JsonFields.text(n, "card_last4"),
          JsonFields.instant(n, "event_time"),
          n.path("amt").asDouble(),
          JsonFields.text(n, "merchant"),
          JsonFields.text(n, "category"),
          score != null && score.isNumber() ? score.asDouble() : null,
          n.get("decision").asText(),
          JsonFields.strings(n.path("reasons")),
          JsonFields.strings(n.path("rule_ids")),
          explanation,
          JsonFields.text(n, "model_version"),
          JsonFields.text(n, "rules_version"),
          JsonFields.instant(n, "produce_time"));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a decision: " + e.getMessage(), e);
    }
  }
}

package io.cardstream.common.decision;

import io.cardstream.common.features.CardFeatures;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rules plus the model score → APPROVE / REVIEW / DECLINE. The most severe action wins; TAG rules
 * only add their id to the reasons. Without a model the decision rests on the rules alone and the
 * reasons say {@code model:none}. A card flagged on the control plane ({@code flagged_accounts}) is
 * declined with reason {@value #FLAGGED_CARD} whatever the rules say.
 */
public final class DecisionEngine implements Serializable {

  public static final String NO_MODEL = "none";

  /** The reason and rule id of a decline because the card is flagged. */
  public static final String FLAGGED_CARD = "flagged_card";

  private static final int COUNT_1H = CardFeatures.NUMERIC.indexOf("count_1h");
  private static final int CARD_TXN_COUNT = CardFeatures.NUMERIC.indexOf("card_txn_count");

  private final RuleSet rules;
  private final Set<String> flagged;

  public DecisionEngine(RuleSet rules) {
    this(rules, Set.of());
  }

  /**
   * @param flagged tokens of the cards flagged on the control plane (besides the rules file's own
   *     {@code flagged_cards})
   */
  public DecisionEngine(RuleSet rules, Set<String> flagged) {
    this.rules = rules;
    this.flagged = Set.copyOf(flagged);
  }

  public RuleSet rules() {
    return rules;
  }

  /**
   * @param features the transaction's features in {@link CardFeatures#NUMERIC} order
   * @param cardMeanAmt the card's running mean before this transaction, null without history
   * @param score the model's fraud probability, null when no model is loaded
   * @param modelVersion the model's version, or {@link #NO_MODEL}
   */
  public Decision decide(
      String cardId,
      double amt,
      double[] features,
      Double cardMeanAmt,
      Double score,
      String modelVersion) {
    int severity = 0;
    List<String> reasons = new ArrayList<>(4);
    List<String> fired = new ArrayList<>(2);
    for (RuleSet.Rule r : rules.rules()) {
      if (fires(r, cardId, amt, features, cardMeanAmt)) {
        fired.add(r.id());
        reasons.add(r.id());
        severity = Math.max(severity, severity(r.action()));
      }
    }
    if (flagged.contains(cardId)) {
      if (!fired.contains(FLAGGED_CARD)) {
        fired.add(FLAGGED_CARD);
        reasons.add(FLAGGED_CARD);
      }
      severity = 2;
    }
    if (score == null) {
      reasons.add("model:" + NO_MODEL);
    } else if (score >= rules.declineThreshold()) {
      reasons.add("score:high");
      severity = Math.max(severity, 2);
    } else if (score >= rules.reviewThreshold()) {
      reasons.add("score:review");
      severity = Math.max(severity, 1);
    } else {
      reasons.add("score:low");
    }
    String decision =
        severity == 2 ? Decision.DECLINE : severity == 1 ? Decision.REVIEW : Decision.APPROVE;
    return new Decision(
        decision, reasons, fired, score == null ? NO_MODEL : modelVersion, rules.version());
  }

  /** Whether {@code r} fires for a transaction (the arguments are those of {@link #decide}). */
  public boolean fires(RuleSet.Rule r, String cardId, double amt, double[] f, Double mean) {
    return switch (r.type()) {
      case "flagged_card" -> rules.flaggedCards().contains(cardId);
      case "amount_over" -> amt > r.amount();
      case "above_card_average" ->
          mean != null && f[CARD_TXN_COUNT] >= r.minHistory() && amt > r.ratio() * mean;
      case "count_1h_over" -> f[COUNT_1H] > r.count();
      default -> false;
    };
  }

  private static int severity(String action) {
    return switch (action) {
      case Decision.DECLINE -> 2;
      case Decision.REVIEW -> 1;
      default -> 0;
    };
  }
}

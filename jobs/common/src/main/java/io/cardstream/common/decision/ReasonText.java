package io.cardstream.common.decision;

import io.cardstream.common.features.CardFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The words people read for the machine's reasons: one catalogue for the alert e-mails, the console
 * and the review queue, so a customer and an analyst read the same thing. Stable wording: an
 * analyst learns it, a customer may quote it back.
 */
public final class ReasonText {

  /** What each feature means to a person, for "the model looked most at ..." lines. */
  private static final Map<String, String> FEATURES =
      Map.ofEntries(
          Map.entry("log_amt", "the amount"),
          Map.entry("amt_to_card_mean", "the amount compared with the card's usual amount"),
          Map.entry("card_txn_count", "how much history the card has"),
          Map.entry("secs_since_prev", "the time since the card's previous payment"),
          Map.entry("count_1h", "the number of payments in the last hour"),
          Map.entry("sum_1h", "the amount spent in the last hour"),
          Map.entry("count_24h", "the number of payments in the last day"),
          Map.entry("sum_24h", "the amount spent in the last day"),
          Map.entry("dist_home_km", "the distance from the cardholder's home"),
          Map.entry("dist_prev_merchant_km", "the distance from the previous payment"),
          Map.entry("hour_of_day", "the time of day"),
          Map.entry("day_of_week", "the day of the week"),
          Map.entry("age", "the cardholder's age group"),
          Map.entry("log_city_pop", "the size of the cardholder's town"),
          Map.entry("card_cat_txn_count", "how often the card pays at this kind of merchant"),
          Map.entry(
              "amt_to_card_cat_mean",
              "the amount compared with the card's usual amount at this kind of merchant"),
          Map.entry("hour_share", "how often the card is used at this time of day"),
          Map.entry("night_share", "how often the card is used at night"),
          Map.entry("count_7d", "the number of payments in the last week"),
          Map.entry("sum_7d", "the amount spent in the last week"),
          Map.entry("max_amt_24h", "the largest payment of the last day"),
          Map.entry("night_count_24h", "the number of night payments in the last day"),
          Map.entry(CardFeatures.CATEGORY, "the kind of merchant"),
          Map.entry("category_index", "the kind of merchant"));

  /** The reasons the decision engine writes that are not rule ids. */
  private static final Map<String, String> FIXED =
      Map.of(
          "score:high",
          "our fraud model rates the payment as very likely fraud",
          "score:review",
          "our fraud model rates the payment as possibly fraud",
          "score:low",
          "our fraud model rates the payment as unlikely fraud",
          "model:none",
          "decided by the rules alone (no model was in use)",
          DecisionEngine.FLAGGED_CARD,
          "the card is blocked (reported lost, stolen or not yours)");

  /** A reason code derived from the model's explanation: {@code feature:<feature name>}. */
  public static final String FEATURE = "feature:";

  /** How many of a decision's top contributions become reason codes. */
  public static final int MODEL_REASONS = 3;

  private ReasonText() {}

  /**
   * The reason codes of a decision's explanation: {@code feature:<name>} for each of the top
   * {@value #MODEL_REASONS} contributions that raised the score (exact Shapley values of the
   * margin, largest first; a feature that lowered it is no reason to hold the payment). The
   * category's index and name give the same code.
   */
  public static List<String> modelReasons(List<DecisionMessage.Contribution> explanation) {
    List<String> codes = new ArrayList<>();
    for (DecisionMessage.Contribution c : explanation) {
      String code =
          FEATURE + ("category_index".equals(c.feature()) ? CardFeatures.CATEGORY : c.feature());
      if (c.contribution() > 0 && !codes.contains(code) && codes.size() < MODEL_REASONS) {
        codes.add(code);
      }
    }
    return codes;
  }

  /**
   * One reason of a decision in words: a rule of {@code rules} by its description, a fixed reason,
   * else the code itself (a rule of an older rules document).
   */
  public static String reason(String code, RuleSet rules) {
    String fixed = FIXED.get(code);
    if (fixed != null) {
      return fixed;
    }
    if (code.startsWith(FEATURE)) {
      return "the payment stood out by " + feature(code.substring(FEATURE.length()));
    }
    if (rules != null) {
      for (RuleSet.Rule r : rules.rules()) {
        if (r.id().equals(code)) {
          return rule(r);
        }
      }
    }
    return code;
  }

  /** A rule's condition in words, from its type and parameters. */
  public static String rule(RuleSet.Rule r) {
    return switch (r.type()) {
      case "flagged_card" -> FIXED.get(DecisionEngine.FLAGGED_CARD);
      case "amount_over" -> "the amount is over " + RuleSet.Rule.number(r.amount());
      case "above_card_average" ->
          "the amount is over "
              + RuleSet.Rule.number(100 * r.ratio())
              + "% of the card's average payment";
      case "count_1h_over" -> "more than " + r.count() + " payments in one hour";
      default -> r.describe();
    };
  }

  /** A model feature in words (the name itself for one this catalogue does not know). */
  public static String feature(String name) {
    return FEATURES.getOrDefault(name, name);
  }
}

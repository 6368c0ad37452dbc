package io.cardstream.common.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.features.CardFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonTextTest {

  @Test
  void rulesReadAsTheirConditionWithTheirParameters() {
    RuleSet seed = RuleSet.defaults();
    assertThat(ReasonText.reason("amount_over_1000", seed)).isEqualTo("the amount is over 1000");
    assertThat(ReasonText.reason("above_card_average", seed))
        .isEqualTo("the amount is over 125% of the card's average payment");
    assertThat(ReasonText.reason("velocity_1h", seed))
        .isEqualTo("more than 6 payments in one hour");
    assertThat(ReasonText.reason("flagged_card", seed))
        .isEqualTo("the card is blocked (reported lost, stolen or not yours)");
  }

  @Test
  void scoreBandsAndUnknownCodes() {
    assertThat(ReasonText.reason("score:high", null))
        .isEqualTo("our fraud model rates the payment as very likely fraud");
    assertThat(ReasonText.reason("a_rule_of_an_older_document", RuleSet.defaults()))
        .isEqualTo("a_rule_of_an_older_document");
  }

  @Test
  void everyModelInputHasWords() {
    for (String f : CardFeatures.NUMERIC) {
      assertThat(ReasonText.feature(f)).as(f).isNotEqualTo(f).doesNotContain("_");
    }
    assertThat(ReasonText.feature(CardFeatures.CATEGORY)).isEqualTo("the kind of merchant");
  }

  @Test
  void theTopContributionsThatRaisedTheScoreBecomeReasonCodesInStableWords() {
    List<DecisionMessage.Contribution> explanation =
        List.of(
            new DecisionMessage.Contribution("amt_to_card_cat_mean", 1.5),
            new DecisionMessage.Contribution("category_index", 0.4),
            new DecisionMessage.Contribution("night_share", -0.2));
    assertThat(ReasonText.modelReasons(explanation))
        .containsExactly("feature:amt_to_card_cat_mean", "feature:category");
    assertThat(ReasonText.reason("feature:amt_to_card_cat_mean", null))
        .isEqualTo(
            "the payment stood out by the amount compared with the card's usual amount at this"
                + " kind of merchant");
    assertThat(ReasonText.reason("feature:category", RuleSet.defaults()))
        .isEqualTo("the payment stood out by the kind of merchant");
    assertThat(ReasonText.modelReasons(List.of())).isEmpty();
  }
}

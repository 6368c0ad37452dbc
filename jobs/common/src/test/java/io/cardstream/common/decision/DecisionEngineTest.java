package io.cardstream.common.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.features.CardFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionEngineTest {

  private static final String RULES =
      """
      {"version": "t-1",
       "model": {"review_threshold": 0.3, "decline_threshold": 0.8},
       "rules": [
         {"id": "flagged_card", "type": "flagged_card", "action": "DECLINE"},
         {"id": "amount_over_1000", "type": "amount_over", "amount": 1000, "action": "REVIEW"},
         {"id": "above_card_average", "type": "above_card_average", "ratio": 1.25, "min_history": 2, "action": "TAG"},
         {"id": "velocity_1h", "type": "count_1h_over", "count": 5, "action": "review"}],
       "flagged_cards": ["bad-card"]}
      """;

  private static DecisionEngine engine() throws Exception {
    return new DecisionEngine(RuleSet.parse(new ObjectMapper().readTree(RULES), "test"));
  }

  private static double[] features(double history, double count1h) {
    double[] f = new double[CardFeatures.NUMERIC.size()];
    f[CardFeatures.NUMERIC.indexOf("card_txn_count")] = history;
    f[CardFeatures.NUMERIC.indexOf("count_1h")] = count1h;
    return f;
  }

  @Test
  void mostSevereActionWinsAndReasonsListRulesAndScoreBand() throws Exception {
    DecisionEngine e = engine();
    Decision a = e.decide("c", 50, features(10, 0), 45.0, 0.1, "v1");
    assertThat(a.decision()).isEqualTo(Decision.APPROVE);
    assertThat(a.reasons()).containsExactly("score:low");
    assertThat(a.modelVersion()).isEqualTo("v1");
    assertThat(a.rulesVersion()).isEqualTo("t-1");

    Decision tagged = e.decide("c", 100, features(10, 0), 50.0, 0.1, "v1");
    assertThat(tagged.decision()).isEqualTo(Decision.APPROVE);
    assertThat(tagged.ruleIds()).containsExactly("above_card_average");

    Decision review = e.decide("c", 1500, features(10, 0), 50.0, 0.5, "v1");
    assertThat(review.decision()).isEqualTo(Decision.REVIEW);
    assertThat(review.reasons())
        .containsExactly("amount_over_1000", "above_card_average", "score:review");

    Decision decline = e.decide("bad-card", 20, features(0, 0), null, 0.0, "v1");
    assertThat(decline.decision()).isEqualTo(Decision.DECLINE);
    assertThat(decline.ruleIds()).containsExactly("flagged_card");

    assertThat(e.decide("c", 20, features(3, 0), 20.0, 0.9, "v1").decision())
        .isEqualTo(Decision.DECLINE);
    assertThat(e.decide("c", 20, features(3, 6), 20.0, 0.0, "v1").reasons())
        .contains("velocity_1h");
  }

  @Test
  void withoutAModelRulesDecideAlone() throws Exception {
    Decision d = engine().decide("c", 2000, features(0, 0), null, null, "v1");
    assertThat(d.decision()).isEqualTo(Decision.REVIEW);
    assertThat(d.modelVersion()).isEqualTo(DecisionEngine.NO_MODEL);
    assertThat(d.reasons()).containsExactly("amount_over_1000", "model:none");
  }

  @Test
  void aboveAverageNeedsHistory() throws Exception {
    assertThat(engine().decide("c", 100, features(1, 0), 10.0, 0.0, "v").ruleIds()).isEmpty();
  }

  @Test
  void defaultRulesLoadAndBadFilesAreExplained(@TempDir Path dir) throws Exception {
    RuleSet d = RuleSet.defaults();
    assertThat(d.rules())
        .extracting(RuleSet.Rule::id)
        .contains("amount_over_1000", "above_card_average", "flagged_card");

    Path bad = dir.resolve("rules.json");
    Files.writeString(bad, RULES.replace("\"amount_over\"", "\"amount_under\""));
    assertThatThrownBy(() -> RuleSet.load(bad))
        .hasMessageContaining("rule amount_over_1000 has unknown type 'amount_under'");
    Files.writeString(bad, RULES.replace("0.8}", "0.2}"));
    assertThatThrownBy(() -> RuleSet.load(bad))
        .hasMessageContaining("0 <= review_threshold <= decline_threshold <= 1");
    Files.writeString(bad, "{not json");
    assertThatThrownBy(() -> RuleSet.load(bad)).hasMessageContaining("is not valid JSON");
    assertThatThrownBy(() -> RuleSet.load(dir.resolve("nope.json")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void aFlaggedCardIsDeclinedWhateverTheRulesSay() {
    RuleSet noFlagRule =
        RuleSet.parse(
            "{\"version\": \"v\", \"model\": {\"review_threshold\": 0.3,"
                + " \"decline_threshold\": 0.9}, \"rules\": []}",
            "test");
    DecisionEngine engine = new DecisionEngine(noFlagRule, java.util.Set.of("card-a"));
    double[] f = new double[io.cardstream.common.features.CardFeatures.NUMERIC.size()];
    Decision flagged = engine.decide("card-a", 5, f, null, 0.01, "m1");
    assertThat(flagged.decision()).isEqualTo(Decision.DECLINE);
    assertThat(flagged.reasons()).containsExactly("flagged_card", "score:low");
    assertThat(flagged.ruleIds()).containsExactly("flagged_card");
    assertThat(engine.decide("card-b", 5, f, null, 0.01, "m1").decision())
        .isEqualTo(Decision.APPROVE);
    // With the seed rules' own flagged_card rule the reason is not given twice.
    Decision seed =
        new DecisionEngine(RuleSet.defaults(), java.util.Set.of("card-a"))
            .decide("card-a", 5, f, null, 0.01, "m1");
    assertThat(seed.ruleIds()).containsExactly("flagged_card");
  }

  @Test
  void aRulesDocumentGivenAsTextIsValidatedWithItsSourceNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RuleSet.parse("{not json", "topic rules"))
        .hasMessageStartingWith("topic rules is not valid JSON");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleSet.parse("[1]", "topic rules"))
        .hasMessage("topic rules must be a JSON object (a rules document)");
  }
}

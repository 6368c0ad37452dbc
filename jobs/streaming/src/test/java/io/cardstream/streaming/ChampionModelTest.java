package io.cardstream.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.registry.CostMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which thresholds a loaded model decides with, by the rules file's model policy. */
class ChampionModelTest {

  private static final CostMetrics COSTS = new CostMetrics(5, 20, 0.04, 0.62, List.of());

  private static RuleSet rules(String policy) {
    return RuleSet.parse(
        "{\"version\": \"p1\", \"model\": {\"policy\": \""
            + policy
            + "\", \"review_threshold\": 0.3, \"decline_threshold\": 0.85}}",
        "rules.json");
  }

  @Test
  void theCostPolicyDecidesWithTheModelsCostOptimalThresholdsAndFallsBackToTheFiles() {
    ChampionModel.Loaded costed =
        new ChampionModel.Loaded("v2", null, null, COSTS, null, null, null);
    RuleSet cost = costed.rulesFor(rules("cost"));
    assertThat(cost.reviewThreshold()).isEqualTo(0.04);
    assertThat(cost.declineThreshold()).isEqualTo(0.62);
    assertThat(cost.version()).isEqualTo("p1");
    RuleSet file = costed.rulesFor(rules("thresholds"));
    assertThat(file.reviewThreshold()).isEqualTo(0.3);
    assertThat(file.declineThreshold()).isEqualTo(0.85);
    // A model trained before cost thresholds: the file's, whatever the policy.
    ChampionModel.Loaded old = new ChampionModel.Loaded("v1", null, null, null, null, null, null);
    assertThat(old.rulesFor(rules("cost")).declineThreshold()).isEqualTo(0.85);
  }
}

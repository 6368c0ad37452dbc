package io.cardstream.common.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuleSetTest {

  /** A rules document with {@code extra} spliced in after the version. */
  private static String doc(String version, String extra, String flagged) {
    return "{\"version\": \""
        + version
        + "\","
        + extra
        + " \"model\": {\"review_threshold\": 0.3, \"decline_threshold\": 0.8},"
        + " \"rules\": [{\"id\": \"big\", \"type\": \"amount_over\", \"amount\": 1000,"
        + " \"action\": \"REVIEW\"}],"
        + " \"flagged_cards\": ["
        + flagged
        + "]}";
  }

  @Test
  void aDocumentWithACardNumberAnywhereIsRefusedNamingWhereButNotTheNumber() {
    String[][] cases = {
      {doc("2026-12-01.4111111111111111", "", ""), "version"},
      {
        doc("v1", " \"description\": \"as asked for card 4111 1111 1111 1111\",", ""), "description"
      },
      {
        doc("v1", "", "").replace("\"id\": \"big\"", "\"id\": \"big-5555-5555-5555-4444\""),
        "rules[0].id"
      },
      {
        doc("v1", "", "")
            .replace("\"action\": \"REVIEW\"", "\"action\": \"REVIEW\", \"n\": 4111111111111111"),
        "rules[0].n"
      },
      {doc("v1", " \"notes\": {\"4111111111111111\": \"x\"},", ""), "a field name in notes"},
      {doc("v1", "", "\"4111111111111111\""), "flagged_cards[0]"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> RuleSet.parse(c[0], "my-rules.json"))
          .as(c[1])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "my-rules.json: "
                  + c[1]
                  + " holds what looks like a card number; a rules document never carries one"
                  + " (name a card by its token in flagged_cards)")
          .hasMessageNotContaining("4111")
          .hasMessageNotContaining("5555");
    }
  }

  @Test
  void tokensAndOrdinaryNumbersAreNotCardNumbers() {
    // A hex token may hold a Luhn-valid digit run between letters: an id, not a card number.
    String token = "c4111111111111111d" + "e".repeat(46);

    RuleSet r =
        RuleSet.parse(
            doc(
                "2026-12-01.1",
                " \"description\": \"ticket 4111111111111112\",",
                "\"" + token + "\""),
            "ok.json");

    assertThat(r.version()).isEqualTo("2026-12-01.1");
    assertThat(r.flaggedCards()).containsExactly(token);
    assertThat(RuleSet.defaults().rules()).isNotEmpty();
  }

  @Test
  void theModelPolicyIsThresholdsUnlessTheFileSaysCostAndAnythingElseIsRefused() {
    assertThat(RuleSet.defaults().policy()).isEqualTo(RuleSet.ThresholdPolicy.THRESHOLDS);
    String cost =
        "{\"version\": \"c1\", \"model\": {\"policy\": \"cost\", \"review_threshold\": 0.3,"
            + " \"decline_threshold\": 0.9}}";
    RuleSet r = RuleSet.parse(cost, "cost.json");
    assertThat(r.policy()).isEqualTo(RuleSet.ThresholdPolicy.COST);
    RuleSet moved = r.withThresholds(0.05, 0.6);
    assertThat(moved.reviewThreshold()).isEqualTo(0.05);
    assertThat(moved.declineThreshold()).isEqualTo(0.6);
    assertThat(moved.version()).isEqualTo("c1");
    assertThat(moved.policy()).isEqualTo(RuleSet.ThresholdPolicy.COST);
    assertThatThrownBy(() -> RuleSet.parse(cost.replace("\"cost\"", "\"money\""), "bad.json"))
        .hasMessageContaining("bad.json: model.policy must be 'thresholds' or 'cost'");
  }
}

package io.cardstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmitClusterCheckTest {

  /** What every sink holds after an exactly-once run of 4,000 valid and 20 malformed records. */
  private static Map<String, Object> exact() {
    Map<String, Object> c = new LinkedHashMap<>();
    for (String k :
        new String[] {
          "decisions",
          "decisions_distinct",
          "silver",
          "silver_distinct",
          "bronze",
          "dynamodb_transactions"
        }) {
      c.put(k, 4000L);
    }
    c.put("decision_ids_not_produced", 0L);
    c.put("silver_ids_not_produced", 0L);
    c.put("quarantine", 20L);
    c.put("dlq", 20L);
    return c;
  }

  @Test
  void exactlyOnceHasNoMismatch() {
    assertThat(SubmitClusterCheck.Check.mismatches(exact(), 4000, 20)).isEmpty();
  }

  @Test
  void aDecisionSentTwiceIsOneMismatch() {
    Map<String, Object> c = exact();
    c.put("decisions", 4001L);

    assertThat(SubmitClusterCheck.Check.mismatches(c, 4000, 20))
        .containsExactly("decisions: 4001, want 4000");
  }

  @Test
  void aLostRowAnIdNeverProducedAndAMissingRejectAreEachNamed() {
    Map<String, Object> c = exact();
    c.put("silver", 3999L);
    c.put("decision_ids_not_produced", 1L);
    c.remove("quarantine");

    assertThat(SubmitClusterCheck.Check.mismatches(c, 4000, 20))
        .containsExactlyInAnyOrder(
            "silver: 3999, want 4000",
            "decision_ids_not_produced: 1, want 0",
            "quarantine: null, want 20");
  }
}

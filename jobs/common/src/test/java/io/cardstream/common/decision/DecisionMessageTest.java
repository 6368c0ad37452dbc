package io.cardstream.common.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision topics' message through its record. */
class DecisionMessageTest {

  private static List<String> messages() throws IOException {
    try (InputStream in = DecisionMessageTest.class.getResourceAsStream("decisions.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void messagesTheStreamWroteRoundTripToTheByte() throws IOException {
    // Scored with a produce time; rules only (no score) of a flagged card; explained, no produce
    // time.
    List<String> lines = messages();
    assertThat(lines).hasSize(3);
    for (String line : lines) {
      assertThat(DecisionMessage.fromJson(line).toJson()).isEqualTo(line);
    }
    DecisionMessage explained = DecisionMessage.fromJson(lines.get(2));
    assertThat(explained.explanation())
        .containsExactly(
            new DecisionMessage.Contribution("amt_to_card_cat_mean", 1.5),
            new DecisionMessage.Contribution("night_share", 0.25));
    assertThat(explained.produceTime()).isNull();
    assertThat(DecisionMessage.fromJson(lines.get(1)).score()).isNull();
  }

  @Test
  void theAlertIdIsOnePerCardAndKind() throws IOException {
    DecisionMessage approved = DecisionMessage.fromJson(messages().get(0));
    DecisionMessage declined = DecisionMessage.fromJson(messages().get(1));
    assertThat(approved.approved()).isTrue();
    assertThat(approved.alertId()).isEqualTo("notice:" + approved.cardId() + ":ok4");
    assertThat(declined.approved()).isFalse();
    assertThat(declined.alertId()).isEqualTo(declined.cardId() + ":t4");
  }

  @Test
  void whatIsNoDecisionIsRefused() {
    assertThatThrownBy(() -> DecisionMessage.fromJson("not json"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DecisionMessage.fromJson("{\"trans_num\": \"t1\"}"))
        .hasMessageContaining("no decision field");
    assertThatThrownBy(() -> DecisionMessage.fromJson(null))
        .isInstanceOf(IllegalArgumentException.class);
    // what older writers left out reads as absent
    DecisionMessage bare = DecisionMessage.fromJson("{\"decision\": \"REVIEW\", \"amt\": 3}");
    assertThat(bare.reasons()).isEmpty();
    assertThat(bare.eventTime()).isNull();
    assertThat(bare.amt()).isEqualTo(3.0);
  }
}

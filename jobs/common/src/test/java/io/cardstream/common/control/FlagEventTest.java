package io.cardstream.common.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagEventTest {

  private static final String TOKEN = "a".repeat(64);

  @Test
  void roundTripsThroughItsJsonAndFoldsIntoTheFlagsInForce() {
    FlagEvent flag =
        new FlagEvent(TOKEN, true, "lost card", Instant.parse("2026-12-02T00:00:00Z"), "cli");
    assertThat(FlagEvent.fromJson(flag.toJson())).isEqualTo(flag);

    Map<String, FlagEvent> flags = new HashMap<>();
    Flags.apply(flags, TOKEN, flag.toJson());
    assertThat(flags).containsEntry(TOKEN, flag);
    Flags.apply(flags, TOKEN, "not json");
    assertThat(flags).containsKey(TOKEN);
    Flags.apply(flags, TOKEN, new FlagEvent(TOKEN, false, "found", Instant.now(), "cli").toJson());
    assertThat(flags).isEmpty();
    Flags.apply(flags, TOKEN, flag.toJson());
    Flags.apply(flags, TOKEN, null);
    assertThat(flags).isEmpty();
  }

  @Test
  void aFlagNeedsATokenAndAReason() {
    assertThatThrownBy(() -> new FlagEvent("4111111111111111", true, "x", Instant.now(), "cli"))
        .hasMessageContaining("token");
    assertThatThrownBy(() -> new FlagEvent(TOKEN, true, " ", Instant.now(), "cli"))
        .hasMessageContaining("reason");
  }

  @Test
  void aReasonHoldingACardNumberIsRefusedWithoutQuotingIt() {
    for (String reason :
        new String[] {
          "stolen, card 4111111111111111",
          "card 4111 1111 1111 1111 reported",
          "ref x5555-5555-5555-4444y",
        }) {
      assertThatThrownBy(() -> new FlagEvent(TOKEN, true, reason, Instant.now(), "cli"))
          .as(reason)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(FlagEvent.CARD_NUMBER_IN_REASON)
          .hasMessageNotContaining("4111")
          .hasMessageNotContaining("5555");
    }
    // Unflags too; and digits that are not a card number (a case id, a phone call) are fine.
    assertThatThrownBy(
            () -> new FlagEvent(TOKEN, false, "4111111111111111 found", Instant.now(), "cli"))
        .hasMessage(FlagEvent.CARD_NUMBER_IN_REASON);
    assertThat(new FlagEvent(TOKEN, true, "ticket 4111111111111112", Instant.now(), "cli").reason())
        .isEqualTo("ticket 4111111111111112");
  }

  @Test
  void aReasonIsOneLineOfAtMost500PlainCharacters() {
    assertThat(new FlagEvent(TOKEN, true, "x".repeat(500), Instant.now(), "cli").reason())
        .hasSize(500);
    assertThatThrownBy(() -> new FlagEvent(TOKEN, true, "x".repeat(501), Instant.now(), "cli"))
        .hasMessageContaining("longer than 500 characters");
    for (String reason : new String[] {"lost\ncard", "lost\u0000", "abc\u202Edef", "tab\there"}) {
      assertThatThrownBy(() -> new FlagEvent(TOKEN, true, reason, Instant.now(), "cli"))
          .as(reason)
          .hasMessageContaining("control or invisible character");
    }
  }

  @Test
  void aFlagOnTheTopicWithACardNumberInItsReasonStillFlagsButShowsItMasked() {
    String legacy =
        "{\"card_id\":\""
            + TOKEN
            + "\",\"action\":\"flag\",\"reason\":\"stolen 4111 1111 1111 1111\\nsee ticket\","
            + "\"at\":\"2026-12-02T00:00:00Z\",\"by\":\"old-cli\"}";

    Map<String, FlagEvent> flags = new HashMap<>();
    Flags.apply(flags, TOKEN, legacy);

    assertThat(flags).containsKey(TOKEN);
    assertThat(flags.get(TOKEN).reason()).isEqualTo("stolen **** **** **** 1111 see ticket");
  }
}

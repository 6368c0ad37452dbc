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
}

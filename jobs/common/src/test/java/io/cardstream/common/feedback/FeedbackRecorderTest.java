package io.cardstream.common.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.privacy.CardNumbers;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedbackRecorderTest {

  private static final String TOKEN = "b".repeat(64);

  @Test
  void theNotMeFlagNamesTheAlertUnlessItsIdReadsAsACardNumber() {
    String plain = "2da90c7d74bd46a0caf3777415b3ebd3";
    // A Sparkov-like hex id with a Luhn-valid 16-digit run between hex letters: a valid trans_num
    // (the id rule), but free text would read a card number in it.
    String luhnRun = "c4111111111111111d" + "e".repeat(14);
    assertThat(CardNumbers.inId(luhnRun)).isFalse();

    FlagEvent named =
        new FlagEvent(TOKEN, true, FeedbackRecorder.notMeReason(plain), Instant.now(), "customer");
    FlagEvent unnamed =
        new FlagEvent(
            TOKEN, true, FeedbackRecorder.notMeReason(luhnRun), Instant.now(), "customer");

    assertThat(named.reason()).isEqualTo("customer said not me (alert " + plain + ")");
    assertThat(unnamed.reason()).isEqualTo("customer said not me (alert in the feedback event)");
  }
}

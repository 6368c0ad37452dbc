package io.cardstream.common.contract;

import io.cardstream.common.privacy.PayloadMasker;

/** The outcome of parsing one input record: either a valid transaction or a rejection. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Rejected {

  record Valid(Transaction transaction) implements ParseResult {}

  /**
   * A record that failed validation.
   *
   * @param reason the first problem found
   * @param detail a human-readable explanation (never contains the clear card number)
   * @param maskedPayload the raw input with card numbers and personal fields masked
   */
  record Rejected(ReasonCode reason, String detail, String maskedPayload) implements ParseResult {
    public Rejected {
      // Details quote offending values; a card number typed into the wrong field must not survive.
      detail = PayloadMasker.maskDigitRuns(detail);
    }
  }

  default boolean isValid() {
    return this instanceof Valid;
  }
}

package io.cardstream.common.input;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import java.util.function.UnaryOperator;

/** Rejections every reader raises before field validation. */
final class Rejections {

  private Rejections() {}

  /** The stored payload of an oversized record is only its (masked) head. */
  static ParseResult.Rejected oversized(String record, int maxChars, UnaryOperator<String> masker) {
    return new ParseResult.Rejected(
        ReasonCode.OVERSIZED_RECORD,
        "record has " + record.length() + " characters; the maximum is " + maxChars,
        head(masker.apply(record)));
  }

  // Masked first, then cut, so a card number cannot be split into an unmasked head.
  private static String head(String masked) {
    return masked.length() <= 1024 ? masked : masked.substring(0, 1024) + "...";
  }

  static ParseResult.Rejected malformed(
      String record, String detail, UnaryOperator<String> masker) {
    return new ParseResult.Rejected(ReasonCode.MALFORMED_RECORD, detail, masker.apply(record));
  }
}

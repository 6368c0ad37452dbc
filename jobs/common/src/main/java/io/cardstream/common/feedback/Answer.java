package io.cardstream.common.feedback;

import java.util.Locale;

/**
 * What a customer or an analyst says about a flagged transaction. The customer's "not me" is a
 * confirmed fraud; "it was me" is not fraud. Either closes the case and becomes a label for the
 * nightly training.
 */
public enum Answer {
  CONFIRMED_FRAUD(1),
  NOT_FRAUD(0);

  private final int label;

  Answer(int label) {
    this.label = label;
  }

  /** {@code is_fraud} as training reads it. */
  public int label() {
    return label;
  }

  /** The case status it leaves behind, e.g. {@code confirmed_fraud}. */
  public String status() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Answer fromStatus(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "an answer is confirmed_fraud or not_fraud, got '" + s + "'");
    }
  }
}

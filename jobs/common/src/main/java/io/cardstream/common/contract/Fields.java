package io.cardstream.common.contract;

import io.cardstream.common.privacy.CardNumbers;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * One record's raw text fields, read one by one against {@link FieldBounds}: each reader method
 * returns the typed value or throws {@link Invalid} with the reason code and a detail that never
 * quotes a value that could be personal or a card number.
 */
final class Fields {

  /** A rejection; cheap (no stack trace). */
  static final class Invalid extends Exception {
    final ReasonCode reason;

    Invalid(ReasonCode reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  private final Map<String, String> raw;

  Fields(Map<String, String> raw) {
    this.raw = raw;
  }

  /** The trimmed value, or null when missing or blank. */
  String text(String name) {
    String s = raw.get(name);
    return s == null || s.isBlank() ? null : s.trim();
  }

  static Invalid cardNumberIn(String name) {
    return new Invalid(
        ReasonCode.CARD_NUMBER_IN_FIELD,
        name + " holds what looks like a card number; send the card only as cc_num");
  }

  /** A free-text field: within its byte limit, clean characters, no card number. */
  void boundedText(String name) throws Invalid {
    String s = text(name);
    if (s == null) {
      return;
    }
    int max = FieldBounds.TEXT_MAX_BYTES.get(name);
    int bytes = FieldBounds.utf8Bytes(s);
    if (bytes > max) {
      throw new Invalid(
          ReasonCode.FIELD_TOO_LONG,
          name + " has " + bytes + " bytes (UTF-8); the limit is " + max);
    }
    int bad = FieldBounds.badCharacter(s);
    if (bad >= 0) {
      throw new Invalid(
          ReasonCode.INVALID_TEXT,
          String.format(
              "%s holds the character U+%04X at position %d (control, format, separator or"
                  + " invalid Unicode characters are not accepted)",
              name, s.codePointAt(bad), bad));
    }
    if (s.equals(FieldBounds.NULL_MARKER)) {
      throw new Invalid(
          ReasonCode.INVALID_TEXT,
          name + " is the warehouse's NULL marker " + FieldBounds.NULL_MARKER);
    }
    if (FieldBounds.STORED_TEXT.contains(name) && CardNumbers.inText(s)) {
      throw cardNumberIn(name);
    }
  }

  /** amt: a finite number above zero and below the maximum, in whole cents. */
  double amount() throws Invalid {
    String s = text("amt");
    if (s == null) {
      throw new Invalid(ReasonCode.MISSING_AMOUNT, "amt is missing");
    }
    double amt;
    try {
      amt = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new Invalid(
          ReasonCode.NON_NUMERIC_AMOUNT, "amt '" + abbreviate(s) + "' is not a number");
    }
    if (!(amt > 0) || Double.isInfinite(amt)) {
      throw new Invalid(
          ReasonCode.NON_POSITIVE_AMOUNT,
          "amt " + abbreviate(s) + " must be a finite number greater than 0");
    }
    if (amt >= FieldBounds.AMOUNT_MAX) {
      throw new Invalid(
          ReasonCode.AMOUNT_OUT_OF_RANGE,
          "amt " + abbreviate(s) + " is not below " + (long) FieldBounds.AMOUNT_MAX);
    }
    // The text, not the double: 0.1 + 0.2 has no binary form with two decimals, "0.30" has.
    if (decimals(s) > FieldBounds.AMOUNT_DECIMALS) {
      throw new Invalid(
          ReasonCode.AMOUNT_OUT_OF_RANGE,
          "amt " + abbreviate(s) + " has a fraction of a cent (at most 2 decimals)");
    }
    return amt;
  }

  private static int decimals(String s) {
    int dot = s.indexOf('.');
    if (s.indexOf('e') < 0 && s.indexOf('E') < 0) {
      // Plain notation, the common case: the digits after the point, trailing zeros not counted.
      int end = s.length();
      while (dot >= 0 && end > dot + 1 && s.charAt(end - 1) == '0') {
        end--;
      }
      return dot < 0 ? 0 : end - dot - 1;
    }
    try {
      return Math.max(0, new BigDecimal(s).stripTrailingZeros().scale());
    } catch (NumberFormatException | ArithmeticException e) {
      return Integer.MAX_VALUE;
    }
  }

  String cardNumber(String name) throws Invalid {
    String s = text(name);
    if (s == null) {
      throw new Invalid(ReasonCode.BAD_CARD_NUMBER, name + " is missing");
    }
    // Separators are common in hand-typed numbers; anything else is not a card number.
    StringBuilder digits = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c != ' ' && c != '-') {
        // The value itself is never echoed: it may be a real card number.
        throw new Invalid(
            ReasonCode.BAD_CARD_NUMBER, name + " contains a character other than digits");
      }
    }
    if (digits.length() < 8 || digits.length() > 19) {
      throw new Invalid(
          ReasonCode.BAD_CARD_NUMBER,
          name + " has " + digits.length() + " digits; a card number has 8 to 19");
    }
    return digits.toString();
  }

  /** An edge-tokenized card: a card_id as the tokenizer writes it, and its last four. */
  String tokenLast4(String token) throws Invalid {
    if (!token.matches("[0-9a-f]{64}")) {
      throw new Invalid(
          ReasonCode.BAD_CARD_NUMBER,
          "card_id must be 64 lowercase hex characters (the HMAC-SHA256 token of the card)");
    }
    String l = text("card_last4");
    if (l == null || !l.matches("[0-9A-Za-z]{1,4}")) {
      throw new Invalid(
          ReasonCode.BAD_CARD_NUMBER, "card_last4 (1 to 4 letters or digits) must go with card_id");
    }
    return l;
  }

  Double coordinate(String name, double limit) throws Invalid {
    String s = text(name);
    if (s == null) {
      return null;
    }
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new Invalid(
          ReasonCode.BAD_COORDINATES, name + " '" + abbreviate(s) + "' is not a number");
    }
    if (!(v >= -limit && v <= limit)) {
      throw new Invalid(
          ReasonCode.BAD_COORDINATES,
          name + " " + abbreviate(s) + " is outside [-" + (int) limit + ", " + (int) limit + "]");
    }
    return v;
  }

  /** An optional integer in [min, max]; pandas' {@code 123.0} is taken as 123. */
  Long boundedLong(String name, long min, long max) throws Invalid {
    String s = text(name);
    if (s == null) {
      return null;
    }
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      double d;
      try {
        d = Double.parseDouble(s);
      } catch (NumberFormatException notNumber) {
        d = Double.NaN;
      }
      if (!(d == Math.rint(d) && Math.abs(d) < 9.0e15)) {
        throw new Invalid(
            ReasonCode.INVALID_FIELD, name + " '" + abbreviate(s) + "' is not an integer");
      }
      v = (long) d;
    }
    if (v < min || v > max) {
      throw new Invalid(
          ReasonCode.INVALID_FIELD, name + " " + v + " is outside [" + min + ", " + max + "]");
    }
    return v;
  }

  /** A birth date, on or before the event's day and at most {@link FieldBounds#AGE_MAX} before. */
  LocalDate birthDate(String name, LocalDate eventDay) throws Invalid {
    String s = text(name);
    if (s == null) {
      return null;
    }
    LocalDate d;
    try {
      d = LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
    } catch (DateTimeParseException e) {
      // The value is a birth date: personal data, so it is not echoed.
      throw new Invalid(ReasonCode.INVALID_FIELD, name + " is not a yyyy-MM-dd date");
    }
    if (d.isAfter(eventDay) || d.isBefore(eventDay.minusYears(FieldBounds.AGE_MAX))) {
      throw new Invalid(
          ReasonCode.INVALID_FIELD,
          name + " is after the event or more than " + FieldBounds.AGE_MAX + " years before it");
    }
    return d;
  }

  Integer label(String name) throws Invalid {
    String s = text(name);
    if (s == null) {
      return null;
    }
    return switch (s) {
      case "0", "0.0", "false" -> 0;
      case "1", "1.0", "true" -> 1;
      default ->
          throw new Invalid(
              ReasonCode.INVALID_FIELD, name + " '" + abbreviate(s) + "' is not 0/1 or true/false");
    };
  }

  static String abbreviate(String s) {
    String cut = s.length() <= 40 ? s : s.substring(0, 40) + "...";
    // Details are stored and shown: no control characters in them either.
    StringBuilder b = new StringBuilder(cut.length());
    cut.codePoints()
        .forEach(
            cp ->
                b.appendCodePoint(FieldBounds.badCharacter(Character.toString(cp)) < 0 ? cp : '?'));
    return b.toString();
  }
}

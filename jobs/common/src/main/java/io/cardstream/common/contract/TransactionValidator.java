package io.cardstream.common.contract;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Turns the raw text fields of one record (named as in the Sparkov contract) into a {@link
 * Transaction}, or a {@link ParseResult.Rejected} with the first reason found. Never throws on bad
 * data.
 */
public final class TransactionValidator {

  private final PayloadMaskerFn masker;

  /** Masks the raw payload of a rejected record; supplied by the reader, which knows its format. */
  @FunctionalInterface
  public interface PayloadMaskerFn {
    String mask(String rawPayload);
  }

  public TransactionValidator(PayloadMaskerFn masker) {
    this.masker = masker;
  }

  public ParseResult validate(Map<String, String> f, String rawPayload) {
    try {
      return new ParseResult.Valid(build(f));
    } catch (Invalid e) {
      return new ParseResult.Rejected(e.reason, e.getMessage(), masker.mask(rawPayload));
    }
  }

  /** A rejection raised by {@link #build}; cheap (no stack trace). */
  private static final class Invalid extends Exception {
    final ReasonCode reason;

    Invalid(ReasonCode reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  private static Transaction build(Map<String, String> f) throws Invalid {
    String id = blankToNull(f.get("trans_num"));
    if (id == null) {
      throw new Invalid(ReasonCode.MISSING_ID, "trans_num is missing or blank");
    }
    String timeText = blankToNull(f.get("event_time"));
    if (timeText == null) {
      timeText = blankToNull(f.get("trans_date_trans_time"));
    }
    if (timeText == null) {
      throw new Invalid(
          ReasonCode.MISSING_TIME, "neither event_time nor trans_date_trans_time is present");
    }
    java.time.Instant eventTime;
    try {
      eventTime = EventTimes.parse(timeText);
    } catch (DateTimeParseException e) {
      throw new Invalid(
          ReasonCode.UNPARSEABLE_TIME,
          "event time '"
              + abbreviate(timeText)
              + "' is not ISO-8601 or yyyy-MM-dd HH:mm:ss (UTC is assumed when no zone is given)");
    }
    double amt = amount(f.get("amt"));
    String token = blankToNull(f.get("card_id"));
    String cc =
        token != null && blankToNull(f.get("cc_num")) == null ? null : cardNumber(f.get("cc_num"));
    String tokenLast4 = cc == null ? tokenLast4(token, f.get("card_last4")) : null;
    Double lat = coordinate(f, "lat", 90);
    Double lon = coordinate(f, "long", 180);
    Double merchLat = coordinate(f, "merch_lat", 90);
    Double merchLong = coordinate(f, "merch_long", 180);
    Long cityPop = nonNegativeLong(f, "city_pop");
    Long unixTime = optionalLong(f, "unix_time");
    LocalDate dob = date(f, "dob");
    Integer isFraud = label(f.get("is_fraud"));
    return new Transaction(
        id,
        eventTime,
        cc,
        blankToNull(f.get("merchant")),
        blankToNull(f.get("category")),
        amt,
        blankToNull(f.get("first")),
        blankToNull(f.get("last")),
        blankToNull(f.get("gender")),
        blankToNull(f.get("street")),
        blankToNull(f.get("city")),
        blankToNull(f.get("state")),
        blankToNull(f.get("zip")),
        lat,
        lon,
        cityPop,
        blankToNull(f.get("job")),
        dob,
        unixTime,
        merchLat,
        merchLong,
        isFraud,
        cc == null ? token : null,
        tokenLast4);
  }

  /** An edge-tokenized card: a card_id as the tokenizer writes it, and its last four. */
  private static String tokenLast4(String token, String last4) throws Invalid {
    if (!token.matches("[0-9a-f]{64}")) {
      throw new Invalid(
          ReasonCode.BAD_CARD_NUMBER,
          "card_id must be 64 lowercase hex characters (the HMAC-SHA256 token of the card)");
    }
    String l = blankToNull(last4);
    if (l == null || !l.matches("[0-9A-Za-z]{1,4}")) {
      throw new Invalid(
          ReasonCode.BAD_CARD_NUMBER, "card_last4 (1 to 4 letters or digits) must go with card_id");
    }
    return l;
  }

  private static double amount(String text) throws Invalid {
    String s = blankToNull(text);
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
          ReasonCode.NON_POSITIVE_AMOUNT, "amt " + s + " must be a finite number greater than 0");
    }
    return amt;
  }

  private static String cardNumber(String text) throws Invalid {
    String s = blankToNull(text);
    if (s == null) {
      throw new Invalid(ReasonCode.BAD_CARD_NUMBER, "cc_num is missing");
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
            ReasonCode.BAD_CARD_NUMBER, "cc_num contains a character other than digits");
      }
    }
    if (digits.length() < 8 || digits.length() > 19) {
      throw new Invalid(
          ReasonCode.BAD_CARD_NUMBER,
          "cc_num has " + digits.length() + " digits; a card number has 8 to 19");
    }
    return digits.toString();
  }

  private static Double coordinate(Map<String, String> f, String name, double limit)
      throws Invalid {
    String s = blankToNull(f.get(name));
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
          name + " " + s + " is outside [-" + (int) limit + ", " + (int) limit + "]");
    }
    return v;
  }

  private static Long optionalLong(Map<String, String> f, String name) throws Invalid {
    String s = blankToNull(f.get(name));
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      // Pandas sometimes writes integral columns as 123.0.
      try {
        double d = Double.parseDouble(s);
        if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
          return (long) d;
        }
      } catch (NumberFormatException ignored) {
        // fall through to the rejection below
      }
      throw new Invalid(
          ReasonCode.INVALID_FIELD, name + " '" + abbreviate(s) + "' is not an integer");
    }
  }

  private static Long nonNegativeLong(Map<String, String> f, String name) throws Invalid {
    Long v = optionalLong(f, name);
    if (v != null && v < 0) {
      throw new Invalid(ReasonCode.INVALID_FIELD, name + " " + v + " is negative");
    }
    return v;
  }

  private static LocalDate date(Map<String, String> f, String name) throws Invalid {
    String s = blankToNull(f.get(name));
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
    } catch (DateTimeParseException e) {
      // The value is a birth date: personal data, so it is not echoed.
      throw new Invalid(ReasonCode.INVALID_FIELD, name + " is not a yyyy-MM-dd date");
    }
  }

  private static Integer label(String text) throws Invalid {
    String s = blankToNull(text);
    if (s == null) {
      return null;
    }
    switch (s) {
      case "0", "0.0", "false" -> {
        return 0;
      }
      case "1", "1.0", "true" -> {
        return 1;
      }
      default ->
          throw new Invalid(
              ReasonCode.INVALID_FIELD,
              "is_fraud '" + abbreviate(s) + "' is not 0/1 or true/false");
    }
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}

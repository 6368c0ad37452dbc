package io.cardstream.common.contract;

import io.cardstream.common.input.ReaderOptions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Turns the raw text fields of one record (named as in the Sparkov contract) into a {@link
 * Transaction}, or a {@link ParseResult.Rejected} with the first reason found. Every field is held
 * to {@link FieldBounds}, so whatever passes can be stored by every sink. Never throws on bad data.
 */
public final class TransactionValidator {

  private final PayloadMaskerFn masker;
  private final ReaderOptions options;

  /** Masks the raw payload of a rejected record; supplied by the reader, which knows its format. */
  @FunctionalInterface
  public interface PayloadMaskerFn {
    String mask(String rawPayload);
  }

  public TransactionValidator(PayloadMaskerFn masker) {
    this(masker, ReaderOptions.defaults());
  }

  public TransactionValidator(PayloadMaskerFn masker, ReaderOptions options) {
    this.masker = masker;
    this.options = options;
  }

  /** Validates against the event-time window around now. */
  public ParseResult validate(Map<String, String> f, String rawPayload) {
    return validate(f, rawPayload, null);
  }

  /**
   * @param reference the time the record arrived (a message's produce time), which the event-time
   *     window is centred on; null, or one outside the stored range, means now
   */
  public ParseResult validate(Map<String, String> f, String rawPayload, Instant reference) {
    try {
      return new ParseResult.Valid(build(new Fields(f), reference));
    } catch (Fields.Invalid e) {
      return new ParseResult.Rejected(e.reason, e.getMessage(), masker.mask(rawPayload));
    }
  }

  private Transaction build(Fields f, Instant reference) throws Fields.Invalid {
    String id = f.text("trans_num");
    if (id == null) {
      throw new Fields.Invalid(ReasonCode.MISSING_ID, "trans_num is missing or blank");
    }
    if (!FieldBounds.ID.matcher(id).matches()) {
      throw new Fields.Invalid(
          ReasonCode.BAD_ID,
          "trans_num has "
              + id.length()
              + " characters; it must be 1 to "
              + FieldBounds.ID_MAX
              + " of A-Z a-z 0-9 _ . : -");
    }
    if (io.cardstream.common.privacy.CardNumbers.inId(id)) {
      throw Fields.cardNumberIn("trans_num");
    }
    Instant eventTime = eventTime(f, reference);
    double amt = f.amount();
    String token = f.text("card_id");
    String cc = token != null && f.text("cc_num") == null ? null : f.cardNumber("cc_num");
    String tokenLast4 = cc == null ? f.tokenLast4(token) : null;
    Double lat = f.coordinate("lat", 90);
    Double lon = f.coordinate("long", 180);
    Double merchLat = f.coordinate("merch_lat", 90);
    Double merchLong = f.coordinate("merch_long", 180);
    Long cityPop = f.boundedLong("city_pop", 0, FieldBounds.CITY_POP_MAX);
    Long unixTime =
        f.boundedLong("unix_time", -FieldBounds.UNIX_TIME_MAX, FieldBounds.UNIX_TIME_MAX);
    for (String name : FieldBounds.TEXT_MAX_BYTES.keySet()) {
      f.boundedText(name);
    }
    LocalDate day = LocalDate.ofInstant(eventTime, ZoneOffset.UTC);
    LocalDate dob = f.birthDate("dob", day);
    Long age = f.boundedLong("age", 0, FieldBounds.AGE_MAX);
    Integer isFraud = f.label("is_fraud");
    return new Transaction(
        id,
        eventTime,
        cc,
        f.text("merchant"),
        f.text("category"),
        amt,
        f.text("first"),
        f.text("last"),
        f.text("gender"),
        f.text("street"),
        f.text("city"),
        f.text("state"),
        f.text("zip"),
        lat,
        lon,
        cityPop,
        f.text("job"),
        dob,
        unixTime,
        merchLat,
        merchLong,
        isFraud,
        cc == null ? token : null,
        tokenLast4,
        dob == null && age != null ? age.intValue() : null);
  }

  /** The event time, inside the stored range and the window around {@code reference}. */
  private Instant eventTime(Fields f, Instant reference) throws Fields.Invalid {
    String text = f.text("event_time");
    if (text == null) {
      text = f.text("trans_date_trans_time");
    }
    if (text == null) {
      throw new Fields.Invalid(
          ReasonCode.MISSING_TIME, "neither event_time nor trans_date_trans_time is present");
    }
    Instant t;
    try {
      t = EventTimes.parse(text);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new Fields.Invalid(
          ReasonCode.UNPARSEABLE_TIME,
          "event time '"
              + Fields.abbreviate(text)
              + "' is not ISO-8601 or yyyy-MM-dd HH:mm:ss (UTC is assumed when no zone is given)");
    }
    Instant ref = inStoredRange(reference) ? reference : Instant.now();
    Instant from = later(ref.minus(options.maxEventAge()), FieldBounds.EARLIEST_EVENT);
    Instant to = earlier(ref.plus(options.maxEventLead()), FieldBounds.LATEST_EVENT);
    if (t.isBefore(from) || t.isAfter(to)) {
      throw new Fields.Invalid(
          ReasonCode.TIME_OUT_OF_RANGE,
          "event time "
              + t
              + " is outside ["
              + from
              + ", "
              + to
              + "] (the window around "
              + ref
              + ": at most "
              + options.maxEventAge().toDays()
              + " days back and "
              + options.maxEventLead().toHours()
              + " hours ahead)");
    }
    return t;
  }

  private static boolean inStoredRange(Instant t) {
    return t != null
        && !t.isBefore(FieldBounds.EARLIEST_EVENT)
        && t.isBefore(FieldBounds.LATEST_EVENT);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}

package io.cardstream.common.contract;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * Event-time parsing and formatting. Times without a zone (Sparkov's {@code yyyy-MM-dd HH:mm:ss})
 * are taken as UTC, which is how every job in the project interprets them.
 */
public final class EventTimes {

  /** The Kaggle / Sparkov layout. */
  public static final DateTimeFormatter SPARKOV =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  // ISO-8601 date-time with 'T' or ' ' as separator, optional fraction and optional offset.
  private static final DateTimeFormatter FLEXIBLE =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart()
          .appendOffsetId()
          .optionalEnd()
          .optionalStart()
          // +0000, as the seed bank-transfer API writes it.
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT);

  private EventTimes() {}

  /**
   * Parses an event time.
   *
   * @throws DateTimeParseException when the text is neither ISO-8601 nor the Sparkov layout
   */
  public static Instant parse(String text) {
    String s = text.trim();
    var parsed = FLEXIBLE.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
    if (parsed instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
  }

  /** Formats as the Sparkov layout, in UTC. */
  public static String formatSparkov(Instant instant) {
    return SPARKOV.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }
}

package io.cardstream.common.contract;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The bounds of every field of the event contract: what the narrowest sink can hold (warehouse
 * column widths in bytes, DynamoDB keys and numbers, Spark's timestamps, the staging files' null
 * marker). docs/data-dictionary.md lists them; the validator enforces them at the collector and in
 * the stream alike.
 */
public final class FieldBounds {

  /** trans_num: letters, digits and {@code _ . : -}, as a DynamoDB key, URL path and file hold. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");

  public static final int ID_MAX = 64;

  /**
   * Free-text fields and their maximum UTF-8 bytes (the warehouse's varchar widths: Redshift counts
   * bytes). {@code first}, {@code last} and {@code street} are never stored but still bounded.
   */
  public static final Map<String, Integer> TEXT_MAX_BYTES =
      Map.ofEntries(
          Map.entry("merchant", 256),
          Map.entry("category", 64),
          Map.entry("gender", 16),
          Map.entry("city", 128),
          Map.entry("state", 16),
          Map.entry("zip", 16),
          Map.entry("job", 256),
          Map.entry("first", 256),
          Map.entry("last", 256),
          Map.entry("street", 256));

  /** The text fields that are stored, so must not hold a card number. */
  public static final java.util.Set<String> STORED_TEXT =
      java.util.Set.of("merchant", "category", "gender", "city", "state", "zip", "job");

  /**
   * The warehouse staging files' NULL marker ({@code COPY ... NULL AS}): a value equal to it would
   * load as NULL.
   */
  public static final String NULL_MARKER = "__NULL__";

  /** Amounts: above zero, below a billion (PaySim's largest is ~92 million), whole cents. */
  public static final double AMOUNT_MAX = 1e9;

  public static final int AMOUNT_DECIMALS = 2;

  public static final long CITY_POP_MAX = 1_000_000_000L;

  /** unix_time: seconds up to 9999-12-31, either way. */
  public static final long UNIX_TIME_MAX = 253_402_300_799L;

  public static final int AGE_MAX = 130;

  /** Event times outside these are rejected whatever the window (Spark stores years 1–9999). */
  public static final Instant EARLIEST_EVENT = Instant.parse("1900-01-01T00:00:00Z");

  public static final Instant LATEST_EVENT = Instant.parse("2200-01-01T00:00:00Z");

  private FieldBounds() {}

  /** UTF-8 length of a string (a lone surrogate counts as the 3-byte replacement). */
  public static int utf8Bytes(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * The first character no sink should receive, or -1: control and format characters (including
   * bidirectional overrides and zero-width ones), line and paragraph separators, unpaired
   * surrogates and the noncharacters U+FFFE/U+FFFF.
   */
  public static int badCharacter(String s) {
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7F) {
        i++; // printable ASCII, most of what arrives
        continue;
      }
      int cp = s.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.SURROGATE
          || (cp & 0xFFFE) == 0xFFFE) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return -1;
  }
}

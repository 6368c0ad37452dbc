package io.cardstream.common.privacy;

import io.cardstream.common.input.Csv;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks raw payloads before they are stored (quarantine table, DLQ topic, logs): card numbers keep
 * only their last four digits, and card, CVV and personal fields (names, street, birth date) are
 * blanked. Works on text that failed to parse too, so it relies on patterns, not on a parser.
 */
public final class PayloadMasker {

  /** JSON keys whose values are never stored. */
  private static final Pattern SENSITIVE_JSON =
      Pattern.compile(
          "\"(cc_num|card_number|pan|cvv|cvc|cvv2|first|last|street|dob|iban|senderIban|receiverIban)\""
              + "(\\s*:\\s*)"
              + "(\"(?:[^\"\\\\]|\\\\.)*\"?|[^,}\\]\\s]*)",
          Pattern.CASE_INSENSITIVE);

  /**
   * Runs of at least 8 digits, allowing the single spaces or dashes people put between groups of 3+
   * digits ({@code 4111 1111 1111 1111}) but not date parts such as {@code 2019-01-01}.
   */
  private static final Pattern DIGIT_RUN =
      Pattern.compile("(?<!\\d)\\d{3,}(?:[ -]\\d{3,})*(?!\\d)");

  /**
   * IBAN-like runs: two letters, two check digits, then 11 to 30 letters or digits, possibly in
   * groups of four separated by single spaces.
   */
  private static final Pattern IBAN =
      Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");

  private PayloadMasker() {}

  /**
   * Masks every digit run that could be a card number, and every IBAN, keeping the last four digits
   * of a card number and nothing of an IBAN but its country.
   */
  public static String maskDigitRuns(String text) {
    if (text == null) {
      return null;
    }
    Matcher iban = IBAN.matcher(text);
    if (iban.find()) {
      StringBuilder b = new StringBuilder(text.length());
      do {
        iban.appendReplacement(b, Matcher.quoteReplacement(iban.group().substring(0, 2) + "**"));
      } while (iban.find());
      iban.appendTail(b);
      text = b.toString();
    }
    Matcher m = DIGIT_RUN.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String run = m.group();
      int digits = countDigits(run);
      if (digits < 8) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, m.start());
      int keep = 4;
      int seen = 0;
      for (int i = 0; i < run.length(); i++) {
        char c = run.charAt(i);
        if (Character.isDigit(c)) {
          seen++;
          out.append(seen > digits - keep ? c : '*');
        } else {
          out.append(c);
        }
      }
      last = m.end();
    }
    if (out == null) {
      return text;
    }
    return out.append(text, last, text.length()).toString();
  }

  /** Masks a JSON (or JSON-like, possibly malformed) payload. */
  public static String maskJson(String payload) {
    if (payload == null) {
      return null;
    }
    Matcher m = SENSITIVE_JSON.matcher(payload);
    StringBuilder out = new StringBuilder(payload.length());
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement("\"" + m.group(1) + "\"" + m.group(2) + "\"***\""));
    }
    m.appendTail(out);
    return maskDigitRuns(out.toString());
  }

  /**
   * Masks a delimited line: blanks the given column positions when the line has the expected number
   * of fields, and otherwise (positions cannot be trusted) every field containing a letter; then
   * masks any remaining digit runs.
   */
  public static String maskCsv(String line, int expectedFields, int... sensitiveColumns) {
    if (line == null) {
      return null;
    }
    String[] fields;
    boolean trusted;
    try {
      fields = Csv.split(line);
      trusted = fields.length == expectedFields;
    } catch (IllegalArgumentException e) {
      fields = line.split(",", -1);
      trusted = false;
    }
    if (trusted) {
      for (int col : sensitiveColumns) {
        if (col >= 0 && col < fields.length && !fields[col].isEmpty()) {
          fields[col] = "***";
        }
      }
    } else {
      for (int i = 0; i < fields.length; i++) {
        if (fields[i].chars().anyMatch(Character::isLetter)) {
          fields[i] = "***";
        }
      }
    }
    return maskDigitRuns(Csv.join(fields));
  }

  private static int countDigits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }
}

package io.cardstream.common.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds card numbers where they do not belong: a Luhn-valid run of 13 to 19 digits, with or without
 * single spaces, dashes or dots between them, in any text (ids, merchant names, flag reasons,
 * notes, rule documents, e-mail addresses).
 *
 * <p>Two boundaries. In free text a run ends at any non-digit, so {@code x4111111111111111} is
 * caught. In ids ({@link #inId}) a run must not touch a hex digit on either side: Sparkov's
 * trans_num is 32 hex characters, and on the developers' Sparkov data (257,531 rows) the free-text
 * rule finds a Luhn-valid 13–19 digit run inside 498 of those ids, the id rule in none. And in ids
 * a run must start as a payment card does ({@link #isPaymentCardStart}): ids hold timestamps.
 */
public final class CardNumbers {

  private static final int MIN_DIGITS = 13;
  private static final int MAX_DIGITS = 19;

  /** Digit groups joined by single separators, not touching another digit. */
  private static final Pattern IN_TEXT = Pattern.compile("(?<![0-9])[0-9]+(?:[ .\\-][0-9]+)*");

  /** The same, not touching a hex digit either (an id's hex string is not a card number). */
  private static final Pattern IN_ID =
      Pattern.compile("(?<![0-9A-Fa-f])[0-9]+(?:[ .\\-][0-9]+)*(?![0-9A-Fa-f])");

  private CardNumbers() {}

  /** True when free text holds something that is a card number. */
  public static boolean inText(String text) {
    return text != null && enoughDigits(text) && !matches(IN_TEXT, text, null, false);
  }

  /** True when an identifier holds a card number that is not part of a longer hex string. */
  public static boolean inId(String id) {
    return id != null && enoughDigits(id) && !matches(IN_ID, id, null, true);
  }

  /** Most text has fewer than 13 digits in all: no pattern to run (the validator's hot path). */
  private static boolean enoughDigits(String text) {
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      if (isDigit(text.charAt(i)) && ++digits >= MIN_DIGITS) {
        return true;
      }
    }
    return false;
  }

  /** The text with every card number reduced to its last four digits (separators kept). */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    if (!enoughDigits(text)) {
      return text;
    }
    char[] out = text.toCharArray();
    return matches(IN_TEXT, text, out, false) ? text : new String(out);
  }

  /**
   * Looks for card numbers in every run the pattern finds: any stretch of whole digit groups with
   * 13 to 19 digits that passes the Luhn check ({@code 4111 1111 1111 1111}, or the number in
   * {@code 4111111111111111 123}). Masks them in {@code masked} when given.
   *
   * @return true when there was none
   */
  private static boolean matches(Pattern p, String text, char[] masked, boolean paymentCardsOnly) {
    boolean none = true;
    Matcher m = p.matcher(text);
    while (m.find()) {
      int[][] groups = groups(text, m.start(), m.end());
      for (int i = 0; i < groups.length; i++) {
        int digits = 0;
        for (int j = i; j < groups.length; j++) {
          digits += groups[j][1] - groups[j][0];
          if (digits > MAX_DIGITS) {
            break;
          }
          if (digits >= MIN_DIGITS
              && (!paymentCardsOnly || isPaymentCardStart(text.charAt(groups[i][0])))
              && luhn(text, groups, i, j)) {
            if (masked == null) {
              return false;
            }
            none = false;
            maskGroups(masked, groups, i, j, digits);
            i = j;
            break;
          }
        }
      }
    }
    return none;
  }

  /** [start, end) of each digit group of the run text[from, to). */
  private static int[][] groups(String text, int from, int to) {
    java.util.List<int[]> g = new java.util.ArrayList<>();
    int start = from;
    for (int k = from; k <= to; k++) {
      if (k == to || !isDigit(text.charAt(k))) {
        g.add(new int[] {start, k});
        start = k + 1;
      }
    }
    return g.toArray(int[][]::new);
  }

  private static boolean luhn(String text, int[][] groups, int first, int last) {
    int sum = 0;
    int position = 0;
    for (int j = last; j >= first; j--) {
      for (int k = groups[j][1] - 1; k >= groups[j][0]; k--, position++) {
        int d = text.charAt(k) - '0';
        sum += position % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
      }
    }
    return sum % 10 == 0;
  }

  private static void maskGroups(char[] out, int[][] groups, int first, int last, int digits) {
    int seen = 0;
    for (int j = first; j <= last; j++) {
      for (int k = groups[j][0]; k < groups[j][1]; k++) {
        if (++seen <= digits - 4) {
          out[k] = '*';
        }
      }
    }
  }

  /**
   * Ids hold timestamps: epoch milliseconds (13 digits) and microseconds (16), which pass the Luhn
   * check one time in ten. Both start with 1; the cards of banks and card schemes start with 2 to 6
   * (the ISO/IEC 7812 major industry identifiers of Mastercard's 2-series, Amex, Diners and JCB,
   * Visa, Mastercard, Discover). In ids only those count.
   */
  private static boolean isPaymentCardStart(char first) {
    return first >= '2' && first <= '6';
  }

  /** 13 to 19 digits passing the Luhn check. */
  public static boolean isCardNumber(String digits) {
    int n = digits.length();
    if (n < MIN_DIGITS || n > MAX_DIGITS || !digits.chars().allMatch(CardNumbers::isDigit)) {
      return false;
    }
    return luhn(digits, new int[][] {{0, n}}, 0, 0);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}

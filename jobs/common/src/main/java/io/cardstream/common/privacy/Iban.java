package io.cardstream.common.privacy;

import java.math.BigInteger;
import java.util.Locale;

/**
 * International bank account numbers (ISO 13616): as sensitive as a card number, so they are only
 * ever tokenized ({@link PanTokenizer#cardId}) and masked, never stored or logged.
 */
public final class Iban {

  private Iban() {}

  /**
   * The IBAN without spaces, upper case; null when it is not a valid IBAN (shape, check digits).
   */
  public static String normalize(String text) {
    if (text == null) {
      return null;
    }
    String s = text.replace(" ", "").toUpperCase(Locale.ROOT);
    if (!s.matches("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}")) {
      return null;
    }
    // The check: move the first four characters to the end, letters to 10..35, mod 97 = 1.
    StringBuilder digits = new StringBuilder(s.length() * 2);
    for (char c : (s.substring(4) + s.substring(0, 4)).toCharArray()) {
      digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1 ? s : null;
  }
}

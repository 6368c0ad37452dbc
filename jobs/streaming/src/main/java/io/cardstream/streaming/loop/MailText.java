package io.cardstream.streaming.loop;

import io.cardstream.common.contract.FieldBounds;
import io.cardstream.common.privacy.CardNumbers;
import java.util.regex.Pattern;

/**
 * Text that goes into an e-mail from transaction fields and contacts: one line (no header or line
 * injection), printable, card numbers masked, cut to a length; and which addresses are worth
 * sending to at all.
 */
final class MailText {

  /** What a mail server takes as a plain address; anything else is skipped, not retried. */
  private static final Pattern ADDRESS =
      Pattern.compile(
          "[A-Za-z0-9._%+\\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?)+");

  private MailText() {}

  /** One clean line of at most {@code max} characters ("…" when cut); null stays null. */
  static String line(String text, int max) {
    if (text == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(Math.min(text.length(), max + 1));
    text.codePoints()
        .forEach(
            cp -> {
              String c = Character.toString(cp);
              b.append(FieldBounds.badCharacter(c) >= 0 || Character.isWhitespace(cp) ? " " : c);
            });
    String one = CardNumbers.mask(b.toString().replaceAll(" {2,}", " ").trim());
    return one.length() <= max ? one : one.substring(0, max - 1).trim() + "…";
  }

  /** Why the address cannot be mailed, or null when it can. */
  static String undeliverable(String address) {
    if (address == null || address.isBlank()) {
      return "the contact has no e-mail address";
    }
    if (address.length() > 254 || !ADDRESS.matcher(address).matches()) {
      return "the contact's e-mail address is malformed";
    }
    if (CardNumbers.inText(address)) {
      return "the contact's e-mail address holds what looks like a card number";
    }
    return null;
  }
}

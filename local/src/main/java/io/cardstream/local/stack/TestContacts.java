package io.cardstream.local.stack;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.streaming.loop.Contacts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test addresses for the local contact directory: one per card of a file, at the reserved domain
 * {@value MailServer#DOMAIN}, keyed by card token. Nothing of the cardholder (name, address) is
 * used; the address is made from the token.
 */
public final class TestContacts {

  private TestContacts() {}

  /**
   * One contact for {@code share} of the file's cards (chosen by token, so the same cards every
   * run), {@code notices} of them wanting approved notices too.
   */
  public static List<Contacts.Contact> of(
      Path file, InputFormat format, PanTokenizer tokenizer, double share, double notices)
      throws IOException {
    List<Contacts.Contact> out = new ArrayList<>();
    for (String card : cards(file, format, tokenizer).keySet()) {
      // The token's own bits pick the cards: stable, and no card number involved.
      double u = Integer.parseInt(card.substring(0, 4), 16) / 65536.0;
      if (u < share) {
        out.add(
            new Contacts.Contact(
                card,
                "card-" + card.substring(0, 12) + "@" + MailServer.DOMAIN,
                u < share * notices));
      }
    }
    return out;
  }

  /** The tokens of the cards of a file's valid records, in first-seen order, with their counts. */
  public static Map<String, Integer> cards(Path file, InputFormat format, PanTokenizer tokenizer)
      throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    TransactionFiles.read(
        file,
        format,
        ReaderOptions.defaults(),
        0,
        r -> {
          if (r instanceof ParseResult.Valid v) {
            counts.merge(tokenizer.cardId(v.transaction().ccNum()), 1, Integer::sum);
          }
        });
    return counts;
  }
}

package io.cardstream.common.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.contract.FieldBounds;
import io.cardstream.common.privacy.CardNumbers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A flag or an unflag of one card, as the {@code flagged_accounts} topic carries it (key: the card
 * token). The latest event of a card is its state; the stream declines a flagged card's
 * transactions from the next micro-batch on.
 *
 * @param cardId the card's token (never the card number)
 * @param flagged true for a flag, false for an unflag
 * @param reason why, in words, shown to analysts: at most {@value #REASON_MAX} characters, no
 *     control characters and nothing that looks like a card number
 * @param at when it was decided
 * @param by who or what decided it: {@code cli}, an API key id, {@code customer}
 */
public record FlagEvent(String cardId, boolean flagged, String reason, Instant at, String by) {

  public static final int REASON_MAX = 500;

  /** What a reason holding a card number is refused with (the number is never quoted). */
  public static final String CARD_NUMBER_IN_REASON =
      "the reason holds what looks like a card number; name the card by its number or token,"
          + " never in the reason";

  private static final ObjectMapper JSON = new ObjectMapper();

  // Every flag is built here (admin API, CLI, the customers' "not me", the demo, the topic reader),
  // so these checks keep card numbers and control characters off the topic and analysts' screens.
  public FlagEvent {
    if (cardId == null || !cardId.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a flag needs the card's token (64 hex characters)");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a flag needs a reason (--reason)");
    }
    if (reason.length() > REASON_MAX) {
      throw new IllegalArgumentException("the reason is longer than " + REASON_MAX + " characters");
    }
    int bad = FieldBounds.badCharacter(reason);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "the reason holds a control or invisible character at position "
              + bad
              + "; use plain text on one line");
    }
    if (CardNumbers.inText(reason)) {
      throw new IllegalArgumentException(CARD_NUMBER_IN_REASON);
    }
    if (at == null) {
      throw new IllegalArgumentException("a flag needs its time");
    }
    by = by == null || by.isBlank() ? "unknown" : by;
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("card_id", cardId);
    n.put("action", flagged ? "flag" : "unflag");
    n.put("reason", reason);
    n.put("at", at.toString());
    n.put("by", by);
    return n.toString();
  }

  /**
   * Parses a topic value. A reason written before these checks existed (or by another writer) is
   * cleaned rather than refused: its card numbers are masked to their last four digits and its
   * control characters blanked, so the flag still blocks its card and the number reaches nobody.
   *
   * @throws IllegalArgumentException when it is not a flag event
   */
  public static FlagEvent fromJson(String value) {
    try {
      JsonNode n = JSON.readTree(value);
      String action = n.path("action").asText();
      if (!action.equals("flag") && !action.equals("unflag")) {
        throw new IllegalArgumentException("action must be flag or unflag, got '" + action + "'");
      }
      return new FlagEvent(
          n.path("card_id").asText(null),
          action.equals("flag"),
          clean(n.path("reason").asText(null)),
          Instant.parse(n.path("at").asText()),
          n.path("by").asText(null));
    } catch (IOException e) {
      throw new UncheckedIOException("not a flag event: " + e.getMessage(), e);
    } catch (java.time.format.DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("not a flag event: " + e.getMessage(), e);
    }
  }

  private static String clean(String reason) {
    if (reason == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(reason.length());
    reason
        .codePoints()
        .forEach(
            cp -> {
              String c = Character.toString(cp);
              b.append(FieldBounds.badCharacter(c) >= 0 ? " " : c);
            });
    String masked = CardNumbers.mask(b.toString());
    // Masking keeps last fours, which next to other digit groups could still add up to a number.
    return CardNumbers.inText(masked) ? masked.replaceAll("[0-9]", "*") : masked;
  }
}

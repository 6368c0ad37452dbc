package io.cardstream.common.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * @param reason why, in words (shown to analysts; no card number)
 * @param at when it was decided
 * @param by who or what decided it: {@code cli}, an API key id, {@code customer}
 */
public record FlagEvent(String cardId, boolean flagged, String reason, Instant at, String by) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public FlagEvent {
    if (cardId == null || !cardId.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a flag needs the card's token (64 hex characters)");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a flag needs a reason (--reason)");
    }
    if (reason.length() > 500) {
      throw new IllegalArgumentException("the reason is longer than 500 characters");
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
   * Parses a topic value.
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
          n.path("reason").asText(null),
          Instant.parse(n.path("at").asText()),
          n.path("by").asText(null));
    } catch (IOException e) {
      throw new UncheckedIOException("not a flag event: " + e.getMessage(), e);
    } catch (java.time.format.DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("not a flag event: " + e.getMessage(), e);
    }
  }
}

package io.cardstream.common.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One answer about one flagged transaction, as the {@code feedback} topic carries it (key:
 * trans_num): the label the nightly training takes over the dataset's own.
 *
 * @param source {@code customer} (a "was this you?" link) or {@code analyst} (the review queue)
 * @param channel how it came: {@code email}, {@code api}, {@code cli}
 * @param by who: an API key id, {@code customer}, a user name
 */
public record FeedbackEvent(
    String transNum,
    String cardId,
    Answer answer,
    String source,
    String channel,
    Instant at,
    String by) {

  public static final String CUSTOMER = "customer";
  public static final String ANALYST = "analyst";

  private static final ObjectMapper JSON = new ObjectMapper();

  public FeedbackEvent {
    if (transNum == null || transNum.isBlank()) {
      throw new IllegalArgumentException("feedback needs the alert's trans_num");
    }
    if (!CUSTOMER.equals(source) && !ANALYST.equals(source)) {
      throw new IllegalArgumentException("feedback comes from a customer or an analyst");
    }
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("trans_num", transNum);
    n.put("card_id", cardId);
    n.put("answer", answer.status());
    n.put("source", source);
    n.put("channel", channel);
    n.put("at", at.toString());
    n.put("by", by);
    return n.toString();
  }

  public static FeedbackEvent fromJson(String value) {
    try {
      JsonNode n = JSON.readTree(value);
      return new FeedbackEvent(
          n.path("trans_num").asText(null),
          n.path("card_id").asText(null),
          Answer.fromStatus(n.path("answer").asText()),
          n.path("source").asText(null),
          n.path("channel").asText(null),
          Instant.parse(n.path("at").asText()),
          n.path("by").asText(null));
    } catch (IOException e) {
      throw new UncheckedIOException("not a feedback event: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a feedback event: " + e.getMessage(), e);
    }
  }
}

package io.cardstream.common.feedback;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A REVIEW or DECLINE the stream raised (an item of {@code fraud_audit}): open until a customer or
 * an analyst answers it. No card number: the card is its token and last four.
 *
 * @param status {@code open}, or the answer's status ({@code confirmed_fraud}, {@code not_fraud})
 * @param features the model's input features when the stream scored it, by name
 * @param resolutionNote the analyst's note with the resolution (masked, capped), or null
 * @param openedAt when the stream wrote the case (its age counts from here), or null for a case
 *     written before the stream recorded it
 * @param explanation the model's top contributions (feature to its share of the margin), largest
 *     first; empty when the stream wrote none
 */
public record Case(
    String transNum,
    String cardId,
    String cardLast4,
    Instant eventTime,
    double amt,
    String merchant,
    String category,
    String decision,
    List<String> reasons,
    List<String> ruleIds,
    Double score,
    String modelVersion,
    String rulesVersion,
    String flagReason,
    Map<String, Double> features,
    String status,
    Instant resolvedAt,
    String resolvedBy,
    String resolutionSource,
    String resolutionNote,
    Instant openedAt,
    Map<String, Double> explanation) {

  public static final String OPEN = "open";

  /**
   * Where the case's age counts from: when the stream opened it, else (an item written before the
   * stream recorded that) the event time.
   */
  public Instant ageFrom() {
    return openedAt != null ? openedAt : eventTime;
  }

  public boolean isOpen() {
    return OPEN.equals(status);
  }
}

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
    String resolutionSource) {

  public static final String OPEN = "open";

  public boolean isOpen() {
    return OPEN.equals(status);
  }
}

package io.cardstream.ingest;

import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.Cases;
import io.cardstream.common.feedback.FeedbackRecorder;

/**
 * Records one answer about one case: {@link FeedbackRecorder#record} on the real services ({@code
 * recorder::record}). An interface of its own so unit tests can keep what would be published: the
 * recorder's flag of a card goes to the real control topics, which a unit test has not.
 */
@FunctionalInterface
public interface AnswerRecorder {

  /**
   * @param source {@link io.cardstream.common.feedback.FeedbackEvent#CUSTOMER} or {@code ANALYST}
   * @param channel {@code email} (a link) or {@code api}
   * @param by who answered: {@code customer} or the analyst's API key id
   * @return what happened to the case; only {@code RESOLVED} published anything
   */
  Cases.Outcome record(
      String transNum, String cardId, Answer answer, String source, String channel, String by);
}

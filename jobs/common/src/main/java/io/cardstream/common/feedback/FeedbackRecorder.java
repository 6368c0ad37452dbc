package io.cardstream.common.feedback;

import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.CardNumbers;
import java.time.Clock;
import java.time.Instant;

/**
 * Records one answer about one case, the same way whoever gives it (a customer's link, an analyst's
 * API call or CLI command): the case is closed once (a second answer changes nothing), the answer
 * goes to the {@code feedback} topic as a label for training, and a customer's "not me" flags the
 * card on the control plane, so its next transactions are declined.
 */
public final class FeedbackRecorder {

  private final Cases cases;
  private final FeedbackPublisher publisher;
  private final ControlTopics control;
  private final Clock clock;

  /** Where feedback events go (the topic; a test may keep them). */
  @FunctionalInterface
  public interface FeedbackPublisher {
    void publish(FeedbackEvent event);
  }

  public FeedbackRecorder(
      Cases cases, FeedbackPublisher publisher, ControlTopics control, Clock clock) {
    this.cases = cases;
    this.publisher = publisher;
    this.control = control;
    this.clock = clock;
  }

  /** The publisher onto {@link Topics#FEEDBACK} (waits for the broker's acknowledgement). */
  public static FeedbackPublisher topic(ControlTopics topics) {
    return e -> topics.send(Topics.FEEDBACK, e.transNum(), e.toJson());
  }

  /**
   * @param source {@link FeedbackEvent#CUSTOMER} or {@link FeedbackEvent#ANALYST}
   * @return what happened to the case; only {@code RESOLVED} published anything
   */
  public Cases.Outcome record(
      String transNum, String cardId, Answer answer, String source, String channel, String by) {
    return record(transNum, cardId, answer, source, channel, by, null);
  }

  /**
   * {@link #record} with an analyst's note, kept on the case (the caller masks and caps it); the
   * feedback event is the same as without one.
   */
  public Cases.Outcome record(
      String transNum,
      String cardId,
      Answer answer,
      String source,
      String channel,
      String by,
      String note) {
    Instant now = clock.instant();
    Cases.Outcome outcome = cases.resolve(transNum, cardId, answer, source, by, now, note);
    boolean notMe = answer == Answer.CONFIRMED_FRAUD && FeedbackEvent.CUSTOMER.equals(source);
    if (outcome == Cases.Outcome.ALREADY_RESOLVED && notMe) {
      // The case was answered before, but the customer says the payment was not theirs: the card
      // is blocked whatever the earlier answer was (a flag is idempotent).
      flag(cardId, transNum, now, by);
    }
    if (outcome != Cases.Outcome.RESOLVED) {
      return outcome;
    }
    try {
      // The flag first: blocking the card matters more than the training label.
      if (notMe) {
        flag(cardId, transNum, now, by);
      }
      publisher.publish(new FeedbackEvent(transNum, cardId, answer, source, channel, now, by));
    } catch (RuntimeException e) {
      // Not closed without its events: reopened, the same answer can be given again (a repeated
      // flag or label is harmless: flags are idempotent, labels keep one answer per case).
      if (!cases.reopen(transNum, cardId, now)) {
        e.addSuppressed(new IllegalStateException("case " + transNum + " could not be reopened"));
      }
      throw e;
    }
    return outcome;
  }

  private void flag(String cardId, String transNum, Instant now, String by) {
    control.publish(new FlagEvent(cardId, true, notMeReason(transNum), now, by));
  }

  /**
   * The reason of a customer's "not me" flag. A hex trans_num (Sparkov's) can hold a Luhn-valid run
   * of 13+ digits, which the validator lets through as part of an id but a flag's reason refuses as
   * free text: such an alert is not named, so the card is still flagged (the feedback event carries
   * the trans_num).
   */
  static String notMeReason(String transNum) {
    String named = "customer said not me (alert " + transNum + ")";
    return CardNumbers.inText(named) ? "customer said not me (alert in the feedback event)" : named;
  }
}

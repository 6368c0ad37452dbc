package io.cardstream.ingest;

import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.Case;
import io.cardstream.common.feedback.Cases;
import io.cardstream.common.feedback.FeedbackEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link io.cardstream.common.feedback.FeedbackRecorder} does, with the feedback events and
 * the flags kept in memory instead of published: every call, each published event and flag.
 */
final class MemoryRecorder implements AnswerRecorder {

  record Call(
      String transNum, String cardId, Answer answer, String source, String channel, String by) {}

  final MemoryCases cases;
  final Clock clock;
  final List<Call> calls = new ArrayList<>();
  final List<FeedbackEvent> events = new ArrayList<>();
  final List<FlagEvent> flags = new ArrayList<>();
  volatile boolean failing;

  MemoryRecorder(MemoryCases cases, Clock clock) {
    this.cases = cases;
    this.clock = clock;
  }

  @Override
  public synchronized Cases.Outcome record(
      String transNum, String cardId, Answer answer, String source, String channel, String by) {
    calls.add(new Call(transNum, cardId, answer, source, channel, by));
    if (failing) {
      throw new IllegalStateException("broker down (test)");
    }
    Instant now = clock.instant();
    Cases.Outcome outcome = cases.resolve(transNum, cardId, answer, source, by, now);
    if (outcome != Cases.Outcome.RESOLVED) {
      return outcome;
    }
    Case c = cases.get(transNum, cardId).orElseThrow();
    events.add(new FeedbackEvent(transNum, c.cardId(), answer, source, channel, now, by));
    if (answer == Answer.CONFIRMED_FRAUD && FeedbackEvent.CUSTOMER.equals(source)) {
      flags.add(
          new FlagEvent(c.cardId(), true, "customer said not me (" + transNum + ")", now, by));
    }
    return outcome;
  }
}

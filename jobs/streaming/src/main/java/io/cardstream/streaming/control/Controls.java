package io.cardstream.streaming.control;

import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.decision.RuleSet;
import java.util.Map;

/**
 * The control plane as the stream sees it: the rules and the flagged cards in force, read between
 * micro-batches, so a change applies from the next batch on without a restart.
 */
public interface Controls extends AutoCloseable {

  /**
   * What is in force now.
   *
   * @param rules the rules document
   * @param flags the flagged cards, by token
   * @param refused the last rules document refused as invalid, with why (null when none was)
   */
  record Snapshot(RuleSet rules, Map<String, FlagEvent> flags, String refused) {
    public Snapshot {
      flags = Map.copyOf(flags);
    }
  }

  /** Reads what changed since the last call; never throws (the stream keeps the last state). */
  Snapshot current();

  @Override
  default void close() {}

  /** Fixed rules, no flags: a stream without a control plane (tests, rules-file only runs). */
  static Controls fixed(RuleSet rules) {
    Snapshot s = new Snapshot(rules, Map.of(), null);
    return () -> s;
  }
}

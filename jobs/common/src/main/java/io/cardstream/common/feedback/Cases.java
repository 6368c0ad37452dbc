package io.cardstream.common.feedback;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The review queue: the stream's cases, and their one-time resolution. */
public interface Cases {

  /** How to order the open cases. */
  enum Order {
    /** Oldest first: the longest waiting. */
    AGE,
    /** Largest amount first. */
    AMOUNT,
    /** Highest model score first. */
    SCORE
  }

  /** What a resolution did. */
  enum Outcome {
    RESOLVED,
    /** It was answered before: nothing changed (a used link, a second analyst). */
    ALREADY_RESOLVED,
    NOT_FOUND
  }

  /**
   * Every case with this id: one, as a rule; two cards may have used the same trans_num, so a case
   * is the pair (trans_num, card_id).
   */
  List<Case> find(String transNum);

  Optional<Case> get(String transNum, String cardId);

  /** Up to {@code limit} open cases in {@code order}. */
  List<Case> open(Order order, int limit);

  /** Closes an open case with {@code answer}, once: a resolved case is never changed. */
  default Outcome resolve(
      String transNum, String cardId, Answer answer, String source, String by, Instant at) {
    return resolve(transNum, cardId, answer, source, by, at, null);
  }

  /**
   * Closes an open case with {@code answer} and the analyst's {@code note} (null for none), once.
   */
  Outcome resolve(
      String transNum,
      String cardId,
      Answer answer,
      String source,
      String by,
      Instant at,
      String note);

  /** The cases resolved at or after {@code since}, by anyone (the queue's daily counts). */
  List<Case> resolvedSince(Instant since);

  /**
   * Undoes the resolution made at {@code resolvedAt} when what had to follow it failed (the broker
   * was down), so the same answer can be given again; false when the case changed since.
   */
  boolean reopen(String transNum, String cardId, Instant resolvedAt);

  /** The card's latest transactions (newest first), for the case view. */
  List<Case> recentTransactions(String cardId, int limit);
}

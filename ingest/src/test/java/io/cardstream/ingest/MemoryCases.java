package io.cardstream.ingest;

import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.Case;
import io.cardstream.common.feedback.Cases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The review queue in memory, resolving a case once as the DynamoDB one does. */
final class MemoryCases implements Cases {

  final Map<String, Case> cases = new LinkedHashMap<>();
  final Map<String, List<Case>> transactions = new HashMap<>();
  final List<String> resolutions = new ArrayList<>();
  volatile boolean failing;

  synchronized void put(Case c) {
    cases.put(key(c.transNum(), c.cardId()), c);
  }

  private static String key(String transNum, String cardId) {
    return transNum + "|" + cardId;
  }

  synchronized void transaction(String cardId, Case t) {
    transactions.computeIfAbsent(cardId, k -> new ArrayList<>()).add(t);
  }

  private void check() {
    if (failing) {
      throw new IllegalStateException("case store down (test)");
    }
  }

  @Override
  public synchronized List<Case> find(String transNum) {
    check();
    return cases.values().stream().filter(c -> c.transNum().equals(transNum)).toList();
  }

  @Override
  public synchronized Optional<Case> get(String transNum, String cardId) {
    check();
    return Optional.ofNullable(cases.get(key(transNum, cardId)));
  }

  @Override
  public synchronized List<Case> open(Order order, int limit) {
    check();
    Comparator<Case> by =
        switch (order) {
          case AGE -> Comparator.comparing(Case::ageFrom);
          case AMOUNT -> Comparator.comparingDouble(Case::amt).reversed();
          case SCORE ->
              Comparator.comparing(
                  (Case c) -> c.score() == null ? -1.0 : c.score(), Comparator.reverseOrder());
        };
    return cases.values().stream()
        .filter(Case::isOpen)
        .sorted(by.thenComparing(Case::transNum))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<Case> resolvedSince(Instant since) {
    check();
    return cases.values().stream()
        .filter(c -> c.resolvedAt() != null && !c.resolvedAt().isBefore(since))
        .toList();
  }

  @Override
  public synchronized Outcome resolve(
      String transNum,
      String cardId,
      Answer answer,
      String source,
      String by,
      Instant at,
      String note) {
    check();
    Case c = cases.get(key(transNum, cardId));
    if (c == null) {
      return Outcome.NOT_FOUND;
    }
    if (!c.isOpen()) {
      return Outcome.ALREADY_RESOLVED;
    }
    cases.put(key(transNum, cardId), resolved(c, answer.status(), at, by, source, note));
    resolutions.add(transNum);
    return Outcome.RESOLVED;
  }

  @Override
  public synchronized boolean reopen(String transNum, String cardId, Instant resolvedAt) {
    check();
    Case c = cases.get(key(transNum, cardId));
    if (c == null || !resolvedAt.equals(c.resolvedAt())) {
      return false;
    }
    cases.put(key(transNum, cardId), resolved(c, Case.OPEN, null, null, null, null));
    return true;
  }

  @Override
  public synchronized List<Case> recentTransactions(String cardId, int limit) {
    check();
    return transactions.getOrDefault(cardId, List.of()).stream()
        .sorted(Comparator.comparing(Case::eventTime).reversed())
        .limit(limit)
        .toList();
  }

  static Case resolved(Case c, String status, Instant at, String by, String source, String note) {
    return new Case(
        c.transNum(),
        c.cardId(),
        c.cardLast4(),
        c.eventTime(),
        c.amt(),
        c.merchant(),
        c.category(),
        c.decision(),
        c.reasons(),
        c.ruleIds(),
        c.score(),
        c.modelVersion(),
        c.rulesVersion(),
        c.flagReason(),
        c.features(),
        status,
        at,
        by,
        source,
        note,
        c.openedAt(),
        c.explanation());
  }
}

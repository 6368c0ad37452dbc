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
    cases.put(c.transNum(), c);
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
  public synchronized Optional<Case> get(String transNum) {
    check();
    return Optional.ofNullable(cases.get(transNum));
  }

  @Override
  public synchronized List<Case> open(Order order, int limit) {
    check();
    Comparator<Case> by =
        switch (order) {
          case AGE -> Comparator.comparing(Case::eventTime);
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
  public synchronized Outcome resolve(
      String transNum, Answer answer, String source, String by, Instant at) {
    check();
    Case c = cases.get(transNum);
    if (c == null) {
      return Outcome.NOT_FOUND;
    }
    if (!c.isOpen()) {
      return Outcome.ALREADY_RESOLVED;
    }
    cases.put(transNum, resolved(c, answer.status(), at, by, source));
    resolutions.add(transNum);
    return Outcome.RESOLVED;
  }

  @Override
  public synchronized boolean reopen(String transNum, Instant resolvedAt) {
    check();
    Case c = cases.get(transNum);
    if (c == null || !resolvedAt.equals(c.resolvedAt())) {
      return false;
    }
    cases.put(transNum, resolved(c, Case.OPEN, null, null, null));
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

  static Case resolved(Case c, String status, Instant at, String by, String source) {
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
        source);
  }
}

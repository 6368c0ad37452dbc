package io.cardstream.console.source;

import io.cardstream.common.decision.DecisionMessage;
import io.cardstream.common.decision.ReasonText;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Decisions page's numbers, from the decision topics' messages ({@link DecisionMessage}, as the
 * stream's topics sink writes them), bucketed by the messages' timestamps (when the stream decided;
 * the transactions' own event times may be years old in replayed data).
 */
public final class DecisionStats {

  public static final List<String> DECISIONS = List.of("APPROVE", "REVIEW", "DECLINE");
  public static final int BINS = 20;

  /** Decisions per minute, by decision. */
  public final TreeMap<Instant, Map<String, Long>> perMinute = new TreeMap<>();

  public final Map<String, Long> totals = new LinkedHashMap<>();

  /** Scores in {@link #BINS} bins over [0, 1]. */
  public final long[] histogram = new long[BINS];

  public long unscored;

  /** Reasons of REVIEW and DECLINE decisions, most frequent first. */
  public final Map<String, Long> reasons = new LinkedHashMap<>();

  /**
   * REVIEW and DECLINE per model reason code ({@code feature:<name>}, from the explanations' top
   * contributions), most frequent first.
   */
  public final Map<String, Long> modelReasons = new LinkedHashMap<>();

  /** Messages that are not decisions (not JSON, no decision field). */
  public long unreadable;

  public DecisionStats(List<TopicReader.Message> messages) {
    DECISIONS.forEach(d -> totals.put(d, 0L));
    Map<String, Long> reasonCounts = new TreeMap<>();
    Map<String, Long> modelCounts = new TreeMap<>();
    for (TopicReader.Message m : messages) {
      DecisionMessage n;
      try {
        n = DecisionMessage.fromJson(m.value());
      } catch (RuntimeException e) {
        unreadable++;
        continue;
      }
      String d = n.decision();
      totals.merge(d, 1L, Long::sum);
      perMinute
          .computeIfAbsent(
              m.timestamp().truncatedTo(ChronoUnit.MINUTES), k -> new LinkedHashMap<>())
          .merge(d, 1L, Long::sum);
      if (n.score() != null) {
        int bin = (int) Math.floor(n.score() * BINS);
        histogram[Math.max(0, Math.min(BINS - 1, bin))]++;
      } else {
        unscored++;
      }
      if (!n.approved()) {
        n.reasons().forEach(r -> reasonCounts.merge(r, 1L, Long::sum));
        ReasonText.modelReasons(n.explanation()).forEach(r -> modelCounts.merge(r, 1L, Long::sum));
      }
    }
    modelCounts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> modelReasons.put(e.getKey(), e.getValue()));
    reasonCounts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> reasons.put(e.getKey(), e.getValue()));
  }

  public long total() {
    return totals.values().stream().mapToLong(Long::longValue).sum();
  }

  /** REVIEW and DECLINE: what goes to the alerts topic. */
  public long alerts() {
    return total() - totals.getOrDefault("APPROVE", 0L);
  }

  public double alertRate() {
    return total() == 0 ? Double.NaN : (double) alerts() / total();
  }

  /** Every minute from the first to the last (empty minutes too), for the chart's x axis. */
  public List<Instant> minutes() {
    List<Instant> out = new ArrayList<>();
    if (perMinute.isEmpty()) {
      return out;
    }
    for (Instant t = perMinute.firstKey(); !t.isAfter(perMinute.lastKey()); t = t.plusSeconds(60)) {
      out.add(t);
    }
    return out;
  }
}

package io.cardstream.console.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Decisions page's numbers, from the decision topics' messages (the JSON the stream's topics
 * sink writes: decision, score, reasons, ...), bucketed by the messages' timestamps (when the
 * stream decided; the transactions' own event times may be years old in replayed data).
 */
public final class DecisionStats {

  public static final List<String> DECISIONS = List.of("APPROVE", "REVIEW", "DECLINE");
  public static final int BINS = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Decisions per minute, by decision. */
  public final TreeMap<Instant, Map<String, Long>> perMinute = new TreeMap<>();

  public final Map<String, Long> totals = new LinkedHashMap<>();

  /** Scores in {@link #BINS} bins over [0, 1]. */
  public final long[] histogram = new long[BINS];

  public long unscored;

  /** Reasons of REVIEW and DECLINE decisions, most frequent first. */
  public final Map<String, Long> reasons = new LinkedHashMap<>();

  /** Messages that are not decisions (not JSON, no decision field). */
  public long unreadable;

  public DecisionStats(List<TopicReader.Message> messages) {
    DECISIONS.forEach(d -> totals.put(d, 0L));
    Map<String, Long> reasonCounts = new TreeMap<>();
    for (TopicReader.Message m : messages) {
      JsonNode n;
      try {
        n = m.value() == null ? null : JSON.readTree(m.value());
      } catch (Exception e) {
        n = null;
      }
      if (n == null || !n.hasNonNull("decision")) {
        unreadable++;
        continue;
      }
      String d = n.get("decision").asText();
      totals.merge(d, 1L, Long::sum);
      perMinute
          .computeIfAbsent(
              m.timestamp().truncatedTo(ChronoUnit.MINUTES), k -> new LinkedHashMap<>())
          .merge(d, 1L, Long::sum);
      JsonNode score = n.get("score");
      if (score != null && score.isNumber()) {
        int bin = (int) Math.floor(score.asDouble() * BINS);
        histogram[Math.max(0, Math.min(BINS - 1, bin))]++;
      } else {
        unscored++;
      }
      if (!"APPROVE".equals(d)) {
        for (JsonNode r : n.path("reasons")) {
          reasonCounts.merge(r.asText(), 1L, Long::sum);
        }
      }
    }
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

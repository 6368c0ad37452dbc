package io.cardstream.common.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The distribution of the model's inputs over the rows a model was trained on: decile bin edges and
 * the share of rows in each bin per numeric feature, and the share of each category. The stream and
 * the next training compare new rows against it with the population stability index (PSI).
 *
 * <p>Bins: value {@code v} falls in the first bin {@code i} with {@code v <= edges[i]}, else in the
 * last bin; edges are the training deciles with repeats removed, so a feature with a point mass
 * (zero counts, the {@link CardFeatures#NONE} sentinel) gets fewer, wider bins.
 *
 * @param edges per feature, the ascending upper edges of all bins but the last
 * @param shares per feature, the share of training rows per bin (edges.length + 1 values)
 * @param categories the share of training rows per category value
 * @param rows how many rows the profile was built from
 */
public record FeatureProfile(
    Map<String, double[]> edges,
    Map<String, double[]> shares,
    Map<String, Double> categories,
    long rows) {

  /** A PSI above this is a significant shift (the usual rule of thumb: 0.1 slight, 0.25 major). */
  public static final double PSI_LIMIT = 0.25;

  /**
   * Drift blocks promotion only over a test period of at least this many days: shorter periods have
   * calendar-bound distributions of their own (a two-day test period has two days of the week), so
   * their PSI is reported but not gated.
   */
  public static final int MIN_GATED_DAYS = 7;

  /** Refuse a model when more than this share of the new rows have a category never trained on. */
  public static final double UNSEEN_LIMIT = 0.01;

  /**
   * Features whose distribution follows the length of the card's history rather than the
   * population: counts of it grow with the calendar, and shares of it concentrate as it grows (a
   * card with two transactions has a night share of 0, 0.5 or 1). A later period always differs on
   * them (dev split, 2021 H1 against 2020: PSI 3.6, 1.9, 0.12 and 0.25), so their PSI is reported
   * but does not block promotion.
   */
  public static final Set<String> HISTORY_LENGTH =
      Set.of("card_txn_count", "card_cat_txn_count", "hour_share", "night_share");

  /** Floor for an empty bin's share, so PSI stays finite (one row in ten thousand). */
  private static final double EMPTY = 1e-4;

  public FeatureProfile {
    edges = Map.copyOf(edges);
    shares = Map.copyOf(shares);
    categories = Map.copyOf(categories);
    for (Map.Entry<String, double[]> e : edges.entrySet()) {
      double[] s = shares.get(e.getKey());
      if (s == null || s.length != e.getValue().length + 1) {
        throw new IllegalArgumentException(
            "feature " + e.getKey() + ": needs " + (e.getValue().length + 1) + " bin shares");
      }
    }
  }

  /** Upper edges from quantiles (ascending, may repeat): repeats and non-finite values dropped. */
  public static double[] edgesFrom(double[] quantiles) {
    return Arrays.stream(quantiles).filter(Double::isFinite).sorted().distinct().toArray();
  }

  /** The bin of a value for the given edges. */
  public static int bin(double[] edges, double v) {
    int lo = 0;
    int hi = edges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (v <= edges[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Shares from counts (all zeros when there are no rows). */
  public static double[] sharesOf(long[] counts) {
    long total = Arrays.stream(counts).sum();
    double[] s = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      s[i] = total == 0 ? 0 : (double) counts[i] / total;
    }
    return s;
  }

  /** Population stability index: sum of (actual - expected) * ln(actual / expected) over bins. */
  public static double psi(double[] expected, double[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException(
          "PSI needs as many bins on both sides: " + expected.length + " vs " + actual.length);
    }
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], EMPTY);
      double a = Math.max(actual[i], EMPTY);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /**
   * The drift of new rows against this profile.
   *
   * @param binCounts per feature, the new rows' counts per bin of this profile's edges
   * @param categoryCounts the new rows' count per category value
   */
  public Drift drift(Map<String, long[]> binCounts, Map<String, Long> categoryCounts) {
    Map<String, Double> psi = new LinkedHashMap<>();
    for (String f : edges.keySet().stream().sorted().toList()) {
      long[] counts = binCounts.get(f);
      if (counts != null && Arrays.stream(counts).sum() > 0) {
        psi.put(f, psi(shares.get(f), sharesOf(counts)));
      }
    }
    long total = categoryCounts.values().stream().mapToLong(Long::longValue).sum();
    long unseen = 0;
    // Category bins: every trained value, plus one for all unseen values.
    List<String> known = categories.keySet().stream().sorted().toList();
    double[] expected = new double[known.size() + 1];
    double[] actual = new double[known.size() + 1];
    for (int i = 0; i < known.size(); i++) {
      expected[i] = categories.get(known.get(i));
      actual[i] = total == 0 ? 0 : categoryCounts.getOrDefault(known.get(i), 0L) / (double) total;
    }
    for (Map.Entry<String, Long> e : categoryCounts.entrySet()) {
      if (!categories.containsKey(e.getKey())) {
        unseen += e.getValue();
      }
    }
    double unseenShare = total == 0 ? 0 : (double) unseen / total;
    actual[known.size()] = unseenShare;
    if (total > 0) {
      psi.put(CardFeatures.CATEGORY, psi(expected, actual));
    }
    return new Drift(psi, unseenShare, total);
  }

  /**
   * Drift of new rows against a profile.
   *
   * @param psi per feature (and {@value CardFeatures#CATEGORY}), the PSI against the profile
   * @param unseenShare share of the new rows whose category the profile never saw
   * @param rows how many new rows were compared
   */
  public record Drift(Map<String, Double> psi, double unseenShare, long rows) {

    public Drift {
      psi = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(psi));
    }

    /** Why a model should not be promoted on these rows; empty when nothing blocks it. */
    public List<String> blocking() {
      List<String> reasons = new ArrayList<>();
      psi.forEach(
          (f, v) -> {
            if (v > PSI_LIMIT && !HISTORY_LENGTH.contains(f)) {
              reasons.add(String.format("%s: PSI %.3f > %.2f", f, v, PSI_LIMIT));
            }
          });
      if (unseenShare > UNSEEN_LIMIT) {
        reasons.add(
            String.format(
                "%s: %.1f%% of rows have a value never seen in training (limit %.0f%%)",
                CardFeatures.CATEGORY, 100 * unseenShare, 100 * UNSEEN_LIMIT));
      }
      return reasons;
    }

    /** The {@code drift} block of metrics.json and of the stream's status file. */
    public DriftReport report() {
      return DriftReport.of(this);
    }
  }

  /** profile.json, beside the model in the registry. */
  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode n = json.createObjectNode();
    n.put("rows", rows);
    ObjectNode f = n.putObject("features");
    edges.keySet().stream()
        .sorted()
        .forEach(
            k -> {
              ObjectNode one = f.putObject(k);
              one.set("edges", json.valueToTree(edges.get(k)));
              one.set("shares", json.valueToTree(shares.get(k)));
            });
    ObjectNode c = n.putObject("categories");
    categories.keySet().stream().sorted().forEach(k -> c.put(k, categories.get(k)));
    return n;
  }

  public static FeatureProfile fromJson(JsonNode n) {
    Map<String, double[]> edges = new LinkedHashMap<>();
    Map<String, double[]> shares = new LinkedHashMap<>();
    n.get("features")
        .fields()
        .forEachRemaining(
            e -> {
              edges.put(e.getKey(), doubles(e.getValue().get("edges")));
              shares.put(e.getKey(), doubles(e.getValue().get("shares")));
            });
    Map<String, Double> categories = new LinkedHashMap<>();
    n.get("categories")
        .fields()
        .forEachRemaining(e -> categories.put(e.getKey(), e.getValue().asDouble()));
    return new FeatureProfile(edges, shares, categories, n.get("rows").asLong());
  }

  private static double[] doubles(JsonNode a) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = a.get(i).asDouble();
    }
    return d;
  }
}

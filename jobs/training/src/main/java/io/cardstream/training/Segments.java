package io.cardstream.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's test performance by segment (gender, age band, state, category, amount band) at its
 * threshold, and the gaps: segments with enough frauds to tell whose recall or false-positive rate
 * is clearly worse than the model's overall. Pure: no Spark.
 */
final class Segments {

  static final List<String> DIMENSIONS =
      List.of("gender", "age band", "state", "category", "amount band");

  /** A segment with fewer frauds than this is listed but not judged: too few to tell. */
  static final int MIN_FRAUDS = 20;

  /** A recall this far below the overall one is a gap. */
  static final double RECALL_GAP = 0.10;

  /** A false-positive rate this many times the overall one (and above 0.1%) is a gap. */
  static final double FPR_GAP = 2.0;

  /** One segment's counts and metrics at the threshold. */
  record Segment(
      String dimension,
      String name,
      long rows,
      long frauds,
      double prAuc,
      double recall,
      double falsePositiveRate) {}

  /** Every segment by dimension (the largest first), the overall figures and the gaps named. */
  record Report(Segment overall, List<Segment> segments, List<String> gaps) {}

  private Segments() {}

  static String ageBand(double age) {
    if (!(age >= 0) || age > 130) {
      return "unknown";
    }
    return age < 25 ? "under 25" : age < 40 ? "25-39" : age < 60 ? "40-59" : "60 and over";
  }

  static String amountBand(double amt) {
    return amt < 10
        ? "under 10"
        : amt < 50 ? "10-50" : amt < 200 ? "50-200" : amt < 1000 ? "200-1000" : "1000 and over";
  }

  static Report of(Evaluation.TestScores t, double threshold) {
    Segment overall = segment("all", "all", all(t.p().length), t, threshold);
    List<Segment> out = new ArrayList<>();
    List<String> gaps = new ArrayList<>();
    for (int d = 0; d < DIMENSIONS.size(); d++) {
      Map<String, List<Integer>> rows = new LinkedHashMap<>();
      for (int i = 0; i < t.p().length; i++) {
        rows.computeIfAbsent(t.segments()[i][d], k -> new ArrayList<>()).add(i);
      }
      List<Segment> dim = new ArrayList<>();
      for (Map.Entry<String, List<Integer>> e : rows.entrySet()) {
        int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
        dim.add(segment(DIMENSIONS.get(d), e.getKey(), idx, t, threshold));
      }
      dim.sort((a, b) -> Long.compare(b.rows(), a.rows()));
      out.addAll(dim);
      dim.forEach(s -> gap(s, overall).ifPresent(gaps::add));
    }
    return new Report(overall, out, gaps);
  }

  private static java.util.Optional<String> gap(Segment s, Segment all) {
    if (s.frauds() < MIN_FRAUDS) {
      return java.util.Optional.empty();
    }
    List<String> why = new ArrayList<>();
    if (s.recall() < all.recall() - RECALL_GAP) {
      why.add(String.format("recall %.3f against %.3f overall", s.recall(), all.recall()));
    }
    if (s.falsePositiveRate() > FPR_GAP * all.falsePositiveRate()
        && s.falsePositiveRate() > 0.001) {
      why.add(
          String.format(
              "false-positive rate %.4f against %.4f overall",
              s.falsePositiveRate(), all.falsePositiveRate()));
    }
    return why.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(
            String.format(
                "%s %s (%,d rows, %,d frauds): %s",
                s.dimension(), s.name(), s.rows(), s.frauds(), String.join("; ", why)));
  }

  private static int[] all(int n) {
    return java.util.stream.IntStream.range(0, n).toArray();
  }

  private static Segment segment(
      String dimension, String name, int[] idx, Evaluation.TestScores t, double threshold) {
    double[] p = new double[idx.length];
    int[] y = new int[idx.length];
    long frauds = 0;
    long caught = 0;
    long falseAlerts = 0;
    for (int k = 0; k < idx.length; k++) {
      p[k] = t.p()[idx[k]];
      y[k] = t.labels()[idx[k]];
      frauds += y[k];
      boolean alert = p[k] >= threshold;
      caught += alert && y[k] == 1 ? 1 : 0;
      falseAlerts += alert && y[k] == 0 ? 1 : 0;
    }
    long legit = idx.length - frauds;
    return new Segment(
        dimension,
        name,
        idx.length,
        frauds,
        frauds == 0 ? Double.NaN : new BinaryMetrics(p, y).averagePrecision(),
        frauds == 0 ? Double.NaN : (double) caught / frauds,
        legit == 0 ? Double.NaN : (double) falseAlerts / legit);
  }
}

package io.cardstream.training.risk;

import io.cardstream.common.risk.Checks;
import io.cardstream.training.risk.RankMetrics.RankMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleBiFunction;

/**
 * Percentile bootstrap intervals for metrics of (score, label) rows, stratified by label: each
 * resample draws exactly as many positives and negatives, with replacement, as the rows have, so no
 * resample lacks frauds. A resample is a vector of multiplicities drawn from the exact multinomial
 * (n1 uniform draws among positives, n0 among negatives): the same O(n) random numbers as a
 * Poisson(1) approximation, but the class sizes stay fixed, so no resample's metric is computed on
 * a different fraud count. Ranked metrics then run in one pass over the order sorted once ({@link
 * RankedRows}); {@link #intervalOf} takes any metric function and materialises each resample
 * instead (simple, but it sorts per resample). Both paths draw the same resamples.
 *
 * <p>Resample b uses its own generator seeded from (seed, b), so results do not depend on how
 * resamples are spread over {@code threads}. Bounds are the (1 - level)/2 and (1 + level)/2
 * quantiles of the replicates, interpolated linearly (R's type 7).
 */
public record Bootstrap(int resamples, long seed, double level, int threads) {

  public static final int DEFAULT_RESAMPLES = 1000;

  public Bootstrap {
    if (resamples < 2) {
      throw new IllegalArgumentException("resamples must be >= 2, was " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), was " + level);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
  }

  /** 1000 resamples, 95% intervals, one thread per core. */
  public static Bootstrap seeded(long seed) {
    return new Bootstrap(DEFAULT_RESAMPLES, seed, 0.95, Runtime.getRuntime().availableProcessors());
  }

  /** The metric on all rows, and the percentile interval of its resampled values. */
  public record Interval(
      double estimate, double lower, double upper, double level, int resamples) {}

  /** Both models' intervals and that of challenger minus champion on the same resamples. */
  public record Paired(Interval champion, Interval challenger, Interval difference) {}

  public Interval interval(double[] scores, int[] labels, RankMetric metric) {
    RankedRows r = new RankedRows(scores, labels);
    Strata st = new Strata(r);
    int[] slots = st.slotsAt(r);
    double[][] reps =
        replicates(
            st,
            () -> {
              double[] w = new double[labels.length];
              return counts -> new double[] {metric.compute(r, gather(counts, slots, w))};
            });
    return interval(metric.compute(r, r.unitWeights()), column(reps, 0));
  }

  /** Paired: every resample takes the same rows for both models. */
  public Paired paired(double[] champion, double[] challenger, int[] labels, RankMetric metric) {
    RankedRows r0 = new RankedRows(champion, labels);
    RankedRows r1 = new RankedRows(challenger, labels);
    Strata st = new Strata(r0);
    int[] slots0 = st.slotsAt(r0);
    int[] slots1 = st.slotsAt(r1);
    double[][] reps =
        replicates(
            st,
            () -> {
              double[] w = new double[labels.length];
              return counts ->
                  new double[] {
                    metric.compute(r0, gather(counts, slots0, w)),
                    metric.compute(r1, gather(counts, slots1, w))
                  };
            });
    double e0 = metric.compute(r0, r0.unitWeights());
    double e1 = metric.compute(r1, r1.unitWeights());
    return paired(e0, e1, reps);
  }

  /** Any metric of (scores, labels); it must be thread-safe when {@code threads > 1}. */
  public Interval intervalOf(
      double[] scores, int[] labels, ToDoubleBiFunction<double[], int[]> metric) {
    Strata st = new Strata(new RankedRows(scores, labels));
    double[][] reps =
        replicates(
            st,
            () ->
                counts -> {
                  double[][] s = st.expand(counts, labels, scores);
                  return new double[] {metric.applyAsDouble(s[1], toInt(s[0]))};
                });
    return interval(metric.applyAsDouble(scores, labels), column(reps, 0));
  }

  /** {@link #paired} for any metric function, materialising each resample. */
  public Paired pairedOf(
      double[] champion,
      double[] challenger,
      int[] labels,
      ToDoubleBiFunction<double[], int[]> metric) {
    Checks.rows(challenger, labels, null);
    Strata st = new Strata(new RankedRows(champion, labels));
    double[][] reps =
        replicates(
            st,
            () ->
                counts -> {
                  double[][] s = st.expand(counts, labels, champion, challenger);
                  int[] y = toInt(s[0]);
                  return new double[] {
                    metric.applyAsDouble(s[1], y), metric.applyAsDouble(s[2], y)
                  };
                });
    return paired(
        metric.applyAsDouble(champion, labels), metric.applyAsDouble(challenger, labels), reps);
  }

  private Paired paired(double e0, double e1, double[][] reps) {
    double[] diff = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      diff[b] = reps[b][1] - reps[b][0];
    }
    return new Paired(
        interval(e0, column(reps, 0)), interval(e1, column(reps, 1)), interval(e1 - e0, diff));
  }

  /**
   * Where each row's multiplicity is counted: negatives in slots 0..n0-1, positives in n0..n-1,
   * each class in the first model's rank order. A draw is then one random increment (no lookup of
   * which row), and the first model reads its weights almost sequentially.
   */
  private static final class Strata {
    final int negatives;
    final int positives;
    final int[] slotOfRow;

    Strata(RankedRows first) {
      int n = first.size();
      positives = first.positives();
      negatives = n - positives;
      if (positives == 0 || negatives == 0) {
        throw new IllegalArgumentException(
            "a stratified bootstrap needs both classes: "
                + positives
                + " positives, "
                + negatives
                + " negatives");
      }
      slotOfRow = new int[n];
      int neg = 0;
      int pos = negatives;
      for (int k = 0; k < n; k++) {
        slotOfRow[first.row(k)] = first.label(k) == 1 ? pos++ : neg++;
      }
    }

    int[] slotsAt(RankedRows r) {
      int[] slots = new int[r.size()];
      for (int k = 0; k < slots.length; k++) {
        slots[k] = slotOfRow[r.row(k)];
      }
      return slots;
    }

    /** Rows repeated by their multiplicities: [labels as doubles, then each score array]. */
    double[][] expand(int[] counts, int[] labels, double[]... scores) {
      double[][] out = new double[scores.length + 1][labels.length];
      int at = 0;
      for (int i = 0; i < labels.length; i++) {
        for (int c = counts[slotOfRow[i]]; c > 0; c--, at++) {
          out[0][at] = labels[i];
          for (int s = 0; s < scores.length; s++) {
            out[s + 1][at] = scores[s][i];
          }
        }
      }
      return out;
    }
  }

  /**
   * replicates[b] = the statistics of resample b. Each worker gets its own evaluator (its own
   * buffers) from the supplier and takes resamples b = worker, worker + threads, ...
   */
  private double[][] replicates(Strata st, Supplier<Function<int[], double[]>> evaluators) {
    int n0 = st.negatives;
    int n1 = st.positives;
    double[][] out = new double[resamples][];
    int t = Math.min(threads, resamples);
    ExecutorService pool = Executors.newFixedThreadPool(t);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int worker = 0; worker < t; worker++) {
        int first = worker;
        done.add(
            pool.submit(
                () -> {
                  Function<int[], double[]> eval = evaluators.get();
                  int[] counts = new int[n0 + n1];
                  for (int b = first; b < resamples; b += t) {
                    Arrays.fill(counts, 0);
                    SplittableRandom rng = new SplittableRandom(mix(seed, b));
                    for (int k = 0; k < n0; k++) {
                      counts[rng.nextInt(n0)]++;
                    }
                    for (int k = 0; k < n1; k++) {
                      counts[n0 + rng.nextInt(n1)]++;
                    }
                    out[b] = eval.apply(counts);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("bootstrap interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private static double[] gather(int[] counts, int[] slots, double[] into) {
    for (int k = 0; k < slots.length; k++) {
      into[k] = counts[slots[k]];
    }
    return into;
  }

  private Interval interval(double estimate, double[] reps) {
    double[] sorted = reps.clone();
    Arrays.sort(sorted);
    if (Double.isNaN(sorted[sorted.length - 1])) {
      throw new IllegalStateException("the metric is undefined (NaN) on some resamples");
    }
    double alpha = (1 - level) / 2;
    return new Interval(
        estimate, quantile(sorted, alpha), quantile(sorted, 1 - alpha), level, resamples);
  }

  /** Type 7: linear between order statistics at h = (B - 1) q. */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  private static double[] column(double[][] reps, int j) {
    double[] c = new double[reps.length];
    for (int b = 0; b < reps.length; b++) {
      c[b] = reps[b][j];
    }
    return c;
  }

  private static int[] toInt(double[] x) {
    int[] y = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (int) x[i];
    }
    return y;
  }

  /** SplitMix64's finaliser over (seed, b): well-spread, independent-looking streams. */
  static long mix(long seed, long b) {
    long z = seed + (b + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

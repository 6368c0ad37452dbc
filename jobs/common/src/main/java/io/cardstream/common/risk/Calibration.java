package io.cardstream.common.risk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How well probabilities match observed fraud rates. Weights may be null (all 1); a weighted row
 * counts as that many rows in every mean.
 */
public final class Calibration {

  public static final int DEFAULT_BINS = 10;

  public enum Binning {
    /** Bin k holds p in [k/B, (k+1)/B); the last bin also holds p = 1. */
    EQUAL_WIDTH,
    /** Rows sorted by p, cut into B runs of near-equal size; tied p never straddle a cut. */
    EQUAL_COUNT
  }

  /**
   * One row of a reliability table: the bin's bounds (equal-count: the smallest and largest p in
   * it), its rows and their weight, mean predicted probability and observed fraud rate.
   */
  public record Bin(
      double lower,
      double upper,
      long count,
      double weight,
      double meanPredicted,
      double observedRate) {}

  private Calibration() {}

  /** Mean squared difference between probability and label. */
  public static double brier(double[] p, int[] labels, double[] weights) {
    Checks.probabilities(p, labels, weights);
    double sum = 0;
    double total = 0;
    for (int i = 0; i < p.length; i++) {
      double w = Checks.weight(weights, i);
      double d = p[i] - labels[i];
      sum += w * d * d;
      total += w;
    }
    if (total == 0) {
      throw new IllegalArgumentException("no row with a positive weight");
    }
    return sum / total;
  }

  public static double brier(double[] p, int[] labels) {
    return brier(p, labels, null);
  }

  /** The reliability table; bins with no weight are left out. */
  public static List<Bin> reliability(
      double[] p, int[] labels, double[] weights, int bins, Binning binning) {
    Checks.probabilities(p, labels, weights);
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, was " + bins);
    }
    return binning == Binning.EQUAL_WIDTH
        ? equalWidth(p, labels, weights, bins)
        : equalCount(p, labels, weights, bins);
  }

  /**
   * Expected calibration error: the weight-share-weighted mean over bins of |mean predicted -
   * observed rate|.
   */
  public static double ece(List<Bin> table) {
    double sum = 0;
    double total = 0;
    for (Bin b : table) {
      sum += b.weight() * Math.abs(b.meanPredicted() - b.observedRate());
      total += b.weight();
    }
    return total == 0 ? Double.NaN : sum / total;
  }

  /** ECE on {@value #DEFAULT_BINS} equal-width bins, the usual definition. */
  public static double ece(double[] p, int[] labels) {
    return ece(reliability(p, labels, null, DEFAULT_BINS, Binning.EQUAL_WIDTH));
  }

  private static List<Bin> equalWidth(double[] p, int[] labels, double[] weights, int bins) {
    long[] count = new long[bins];
    double[] w = new double[bins];
    double[] wp = new double[bins];
    double[] wy = new double[bins];
    for (int i = 0; i < p.length; i++) {
      int k = Math.min(bins - 1, (int) (p[i] * bins));
      double wi = Checks.weight(weights, i);
      count[k]++;
      w[k] += wi;
      wp[k] += wi * p[i];
      wy[k] += wi * labels[i];
    }
    List<Bin> out = new ArrayList<>();
    for (int k = 0; k < bins; k++) {
      if (w[k] > 0) {
        out.add(
            new Bin(
                (double) k / bins,
                (double) (k + 1) / bins,
                count[k],
                w[k],
                wp[k] / w[k],
                wy[k] / w[k]));
      }
    }
    return out;
  }

  private static List<Bin> equalCount(double[] p, int[] labels, double[] weights, int bins) {
    int n = p.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]));
    List<Bin> out = new ArrayList<>();
    int start = 0;
    for (int k = 1; k <= bins && start < n; k++) {
      int end = k == bins ? n : Math.max(start, (int) ((long) k * n / bins));
      while (end > 0 && end < n && p[order[end]] == p[order[end - 1]]) {
        end++; // keep ties in one bin, so a row's bin never depends on the sort's tie order
      }
      if (end > start) {
        double w = 0;
        double wp = 0;
        double wy = 0;
        for (int r = start; r < end; r++) {
          int i = order[r];
          double wi = Checks.weight(weights, i);
          w += wi;
          wp += wi * p[i];
          wy += wi * labels[i];
        }
        if (w > 0) {
          out.add(new Bin(p[order[start]], p[order[end - 1]], end - start, w, wp / w, wy / w));
        }
        start = end;
      }
    }
    return out;
  }
}

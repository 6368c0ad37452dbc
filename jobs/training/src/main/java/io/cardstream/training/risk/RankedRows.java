package io.cardstream.training.risk;

import io.cardstream.common.risk.Checks;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Rows sorted once by descending score, as {@link io.cardstream.training.BinaryMetrics} sorts them,
 * with the ends of tied-score groups marked. A weighted metric is then one pass over this order, so
 * a bootstrap resample (a vector of multiplicities) needs no new sort. Position k is the k-th
 * highest score; {@link #row} maps it back to the input row.
 */
public final class RankedRows {

  final int[] order;
  final double[] scores;
  final byte[] labels;
  final boolean[] lastOfGroup;
  private final int positives;

  public RankedRows(double[] scores, int[] labels) {
    Checks.rows(scores, labels, null);
    int n = scores.length;
    Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(boxed, Comparator.comparingDouble((Integer i) -> -scores[i]));
    this.order = new int[n];
    this.scores = new double[n];
    this.labels = new byte[n];
    this.lastOfGroup = new boolean[n];
    int p = 0;
    for (int k = 0; k < n; k++) {
      order[k] = boxed[k];
      this.scores[k] = scores[order[k]];
      this.labels[k] = (byte) labels[order[k]];
      p += labels[order[k]];
    }
    for (int k = 0; k < n; k++) {
      lastOfGroup[k] = k == n - 1 || this.scores[k + 1] != this.scores[k];
    }
    this.positives = p;
  }

  public int size() {
    return order.length;
  }

  public int positives() {
    return positives;
  }

  public double score(int k) {
    return scores[k];
  }

  public int label(int k) {
    return labels[k];
  }

  /** Whether position k is the last of its tied-score group (a threshold step ends there). */
  public boolean lastOfGroup(int k) {
    return lastOfGroup[k];
  }

  /** The input row at position k. */
  public int row(int k) {
    return order[k];
  }

  /** Per-row multiplicities (input order) into weights in this order, written into {@code into}. */
  public double[] gather(int[] counts, double[] into) {
    for (int k = 0; k < order.length; k++) {
      into[k] = counts[order[k]];
    }
    return into;
  }

  public double[] unitWeights() {
    double[] w = new double[order.length];
    Arrays.fill(w, 1.0);
    return w;
  }
}

package io.cardstream.common.risk;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Isotonic regression of 0/1 labels on scores by pool-adjacent-violators, weighted. Rows with equal
 * scores are pooled first (one score must get one value); then a stack of blocks is kept with
 * strictly increasing means, merging the top two while the lower one's mean is at least the upper
 * one's. Equal means are merged too, so the result is the shortest step function for the fit.
 */
final class Pava {

  /**
   * The fitted blocks in score order: {@code centres} are the blocks' weighted mean scores
   * (strictly increasing), {@code values} their weighted fraud rates (strictly increasing).
   */
  record Blocks(double[] centres, double[] values, long rows, long positives, double weight) {}

  private Pava() {}

  static Blocks fit(double[] scores, int[] labels, double[] weights) {
    Checks.rows(scores, labels, weights);
    int n = scores.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]));
    // The stack: per block its weight, weighted label sum, weighted score sum, min and max score.
    double[] w = new double[n];
    double[] wy = new double[n];
    double[] ws = new double[n];
    double[] lo = new double[n];
    double[] hi = new double[n];
    int top = -1;
    long rows = 0;
    long positives = 0;
    double total = 0;
    int k = 0;
    while (k < n) {
      double s = scores[order[k]];
      double gw = 0;
      double gy = 0;
      for (; k < n && scores[order[k]] == s; k++) {
        int i = order[k];
        double wi = Checks.weight(weights, i);
        if (wi > 0) {
          rows++;
          positives += labels[i];
          gw += wi;
          gy += wi * labels[i];
        }
      }
      if (gw == 0) {
        continue;
      }
      total += gw;
      top++;
      w[top] = gw;
      wy[top] = gy;
      ws[top] = gw * s;
      lo[top] = s;
      hi[top] = s;
      // Compare the rounded means themselves, so the stored values are exactly increasing.
      while (top > 0 && wy[top - 1] / w[top - 1] >= wy[top] / w[top]) {
        w[top - 1] += w[top];
        wy[top - 1] += wy[top];
        ws[top - 1] += ws[top];
        hi[top - 1] = hi[top];
        top--;
      }
    }
    if (top < 0) {
      throw new IllegalArgumentException("no row with a positive weight to fit on");
    }
    double[] centres = new double[top + 1];
    double[] values = new double[top + 1];
    for (int b = 0; b <= top; b++) {
      // Rounding must not push a centre outside its block, or centres could stop increasing.
      centres[b] = Math.min(hi[b], Math.max(lo[b], ws[b] / w[b]));
      values[b] = Math.min(1, Math.max(0, wy[b] / w[b]));
    }
    return new Blocks(centres, values, rows, positives, total);
  }
}

package io.cardstream.training.risk;

/**
 * Weighted ranking metrics in one pass over {@link RankedRows}, weights in ranked order. The
 * arithmetic repeats {@link io.cardstream.training.BinaryMetrics}' step by step, so unit weights
 * (or any integer weights, against the rows repeated that many times) give bit-identical results:
 * sums of integers in doubles are exact below 2^53.
 */
public final class RankMetrics {

  /** A metric of weighted ranked rows; must not modify its arguments (it runs on many threads). */
  @FunctionalInterface
  public interface RankMetric {
    double compute(RankedRows rows, double[] weights);
  }

  private RankMetrics() {}

  /** Sum over threshold steps of precision times recall gained; 0 with no positive weight. */
  public static double averagePrecision(RankedRows r, double[] w) {
    double positives = positiveWeight(r, w);
    if (positives == 0) {
      return 0;
    }
    double ap = 0;
    double tp = 0;
    double fp = 0;
    double prevTp = 0;
    for (int k = 0; k < w.length; k++) {
      if (r.labels[k] == 1) {
        tp += w[k];
      } else {
        fp += w[k];
      }
      // A step that gains no positive adds exactly 0 in BinaryMetrics; skipping it also avoids
      // 0/0 when leading rows have weight 0.
      if (r.lastOfGroup[k] && tp != prevTp) {
        double precision = tp / (tp + fp);
        ap += precision * (tp - prevTp) / positives;
        prevTp = tp;
      }
    }
    return ap;
  }

  /** Trapezoidal ROC area, ties counting half; NaN without positive and negative weight. */
  public static double rocAuc(RankedRows r, double[] w) {
    double positives = positiveWeight(r, w);
    double negatives = total(w) - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double auc = 0;
    double tp = 0;
    double fp = 0;
    double prevTp = 0;
    double prevFp = 0;
    double prevTpr = 0;
    double prevFpr = 0;
    for (int k = 0; k < w.length; k++) {
      if (r.labels[k] == 1) {
        tp += w[k];
      } else {
        fp += w[k];
      }
      // A step with no weight adds exactly 0 here: skipping it saves the divisions.
      if (r.lastOfGroup[k] && (tp != prevTp || fp != prevFp)) {
        prevTp = tp;
        prevFp = fp;
        double tpr = tp / positives;
        double fpr = fp / negatives;
        auc += (fpr - prevFpr) * (tpr + prevTpr) / 2;
        prevTpr = tpr;
        prevFpr = fpr;
      }
    }
    return auc;
  }

  /** Share of positive weight scoring at least {@code threshold}; 0 with no positive weight. */
  public static RankMetric recallAt(double threshold) {
    return (r, w) -> {
      double positives = positiveWeight(r, w);
      double[] tpFp = above(r, w, threshold);
      return positives == 0 ? 0 : tpFp[0] / positives;
    };
  }

  /** Share of the weight scoring at least {@code threshold} that is positive; 0 if none. */
  public static RankMetric precisionAt(double threshold) {
    return (r, w) -> {
      double[] tpFp = above(r, w, threshold);
      return tpFp[0] + tpFp[1] == 0 ? 0 : tpFp[0] / (tpFp[0] + tpFp[1]);
    };
  }

  private static double[] above(RankedRows r, double[] w, double threshold) {
    double tp = 0;
    double fp = 0;
    for (int k = 0; k < w.length && r.scores[k] >= threshold; k++) {
      if (r.labels[k] == 1) {
        tp += w[k];
      } else {
        fp += w[k];
      }
    }
    return new double[] {tp, fp};
  }

  private static double positiveWeight(RankedRows r, double[] w) {
    if (w.length != r.size()) {
      throw new IllegalArgumentException("weights and rows differ in length");
    }
    double p = 0;
    for (int k = 0; k < w.length; k++) {
      p += r.labels[k] * w[k];
    }
    return p;
  }

  private static double total(double[] w) {
    double t = 0;
    for (double x : w) {
      t += x;
    }
    return t;
  }
}

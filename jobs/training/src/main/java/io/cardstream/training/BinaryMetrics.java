package io.cardstream.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Ranking and threshold metrics of a scorer on labelled rows, computed exactly from all (score,
 * label) pairs. Tied scores form one threshold step, so a binary rule is a two-step scorer and is
 * measured with the same code as a model.
 *
 * <p>PR-AUC is average precision: the sum over thresholds of precision times the recall gained.
 * ROC-AUC is the trapezoidal area (ties count half).
 */
public final class BinaryMetrics {

  /** Cumulative counts after each distinct score, highest score first. */
  private final double[] thresholds;

  private final long[] tp;
  private final long[] fp;
  private final long positives;
  private final long negatives;

  /** Counts at one threshold. */
  public record AtThreshold(
      double threshold,
      long tp,
      long fp,
      long fn,
      long tn,
      double precision,
      double recall,
      double alertRate) {}

  public BinaryMetrics(double[] scores, int[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException("scores and labels differ in length");
    }
    Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
    List<Double> th = new ArrayList<>();
    List<long[]> counts = new ArrayList<>();
    long p = 0;
    long n = 0;
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      if (labels[i] == 1) {
        p++;
      } else {
        n++;
      }
      boolean lastOfGroup = k == order.length - 1 || scores[order[k + 1]] != scores[i];
      if (lastOfGroup) {
        th.add(scores[i]);
        counts.add(new long[] {p, n});
      }
    }
    this.positives = p;
    this.negatives = n;
    this.thresholds = th.stream().mapToDouble(Double::doubleValue).toArray();
    this.tp = counts.stream().mapToLong(c -> c[0]).toArray();
    this.fp = counts.stream().mapToLong(c -> c[1]).toArray();
  }

  public long positives() {
    return positives;
  }

  public long rows() {
    return positives + negatives;
  }

  public double averagePrecision() {
    if (positives == 0) {
      return 0;
    }
    double ap = 0;
    long prevTp = 0;
    for (int k = 0; k < thresholds.length; k++) {
      double precision = (double) tp[k] / (tp[k] + fp[k]);
      ap += precision * (tp[k] - prevTp) / positives;
      prevTp = tp[k];
    }
    return ap;
  }

  public double rocAuc() {
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double auc = 0;
    double prevTpr = 0;
    double prevFpr = 0;
    for (int k = 0; k < thresholds.length; k++) {
      double tpr = (double) tp[k] / positives;
      double fpr = (double) fp[k] / negatives;
      auc += (fpr - prevFpr) * (tpr + prevTpr) / 2;
      prevTpr = tpr;
      prevFpr = fpr;
    }
    return auc;
  }

  /** Best recall with a false-positive rate at most {@code maxFpr}. */
  public double recallAtFpr(double maxFpr) {
    double best = 0;
    for (int k = 0; k < thresholds.length; k++) {
      if ((double) fp[k] / Math.max(1, negatives) <= maxFpr) {
        best = Math.max(best, (double) tp[k] / Math.max(1, positives));
      }
    }
    return best;
  }

  /** The best precision at any threshold whose recall is at least {@code minRecall}; 0 if none. */
  public double precisionAtRecall(double minRecall) {
    double best = 0;
    for (int k = 0; k < thresholds.length; k++) {
      if ((double) tp[k] / Math.max(1, positives) >= minRecall && tp[k] + fp[k] > 0) {
        best = Math.max(best, (double) tp[k] / (tp[k] + fp[k]));
      }
    }
    return best;
  }

  /** Best recall flagging at most {@code alertRate} of all rows. */
  public double recallAtAlertRate(double alertRate) {
    double best = 0;
    for (int k = 0; k < thresholds.length; k++) {
      if ((double) (tp[k] + fp[k]) / rows() <= alertRate + 1e-12) {
        best = Math.max(best, (double) tp[k] / Math.max(1, positives));
      }
    }
    return best;
  }

  /** Counts when every row scoring at least {@code threshold} is flagged. */
  public AtThreshold at(double threshold) {
    long t = 0;
    long f = 0;
    for (int k = 0; k < thresholds.length && thresholds[k] >= threshold; k++) {
      t = tp[k];
      f = fp[k];
    }
    double precision = t + f == 0 ? 0 : (double) t / (t + f);
    double recall = positives == 0 ? 0 : (double) t / positives;
    return new AtThreshold(
        threshold,
        t,
        f,
        positives - t,
        negatives - f,
        precision,
        recall,
        (double) (t + f) / rows());
  }

  /** The threshold with the best F1 score: used on validation data, never on the test set. */
  public double bestF1Threshold() {
    double best = -1;
    double bestTh = thresholds.length == 0 ? 0.5 : thresholds[0];
    for (int k = 0; k < thresholds.length; k++) {
      double precision = (double) tp[k] / (tp[k] + fp[k]);
      double recall = (double) tp[k] / Math.max(1, positives);
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      if (f1 > best) {
        best = f1;
        bestTh = thresholds[k];
      }
    }
    return bestTh;
  }

  /** (recall, precision) points, for charts. */
  public List<double[]> prCurve() {
    List<double[]> pts = new ArrayList<>();
    for (int k = 0; k < thresholds.length; k++) {
      pts.add(
          new double[] {(double) tp[k] / Math.max(1, positives), (double) tp[k] / (tp[k] + fp[k])});
    }
    return thin(pts);
  }

  /** (false-positive rate, true-positive rate) points, for charts. */
  public List<double[]> rocCurve() {
    List<double[]> pts = new ArrayList<>();
    pts.add(new double[] {0, 0});
    for (int k = 0; k < thresholds.length; k++) {
      pts.add(
          new double[] {
            (double) fp[k] / Math.max(1, negatives), (double) tp[k] / Math.max(1, positives)
          });
    }
    return thin(pts);
  }

  // A chart needs no more than ~2000 points.
  private static List<double[]> thin(List<double[]> pts) {
    if (pts.size() <= 2000) {
      return pts;
    }
    List<double[]> out = new ArrayList<>();
    double step = pts.size() / 2000.0;
    for (double i = 0; i < pts.size(); i += step) {
      out.add(pts.get((int) i));
    }
    out.add(pts.get(pts.size() - 1));
    return out;
  }
}

package io.cardstream.common.risk;

/** Argument checks shared by the fitters and metrics, so every class rejects bad rows alike. */
public final class Checks {

  private Checks() {}

  /** Equal lengths, finite scores, 0/1 labels, and (when given) finite non-negative weights. */
  public static void rows(double[] scores, int[] labels, double[] weights) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(
          "scores and labels differ in length: " + scores.length + " vs " + labels.length);
    }
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
      }
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("label " + i + " is not 0 or 1: " + labels[i]);
      }
    }
    if (weights != null) {
      if (weights.length != scores.length) {
        throw new IllegalArgumentException(
            "weights and scores differ in length: " + weights.length + " vs " + scores.length);
      }
      for (int i = 0; i < weights.length; i++) {
        if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
          throw new IllegalArgumentException(
              "weight " + i + " must be finite and >= 0, was " + weights[i]);
        }
      }
    }
  }

  /** As {@link #rows}, and every score is a probability in [0, 1]. */
  public static void probabilities(double[] p, int[] labels, double[] weights) {
    rows(p, labels, weights);
    for (int i = 0; i < p.length; i++) {
      if (p[i] < 0 || p[i] > 1) {
        throw new IllegalArgumentException("probability " + i + " is outside [0, 1]: " + p[i]);
      }
    }
  }

  public static double weight(double[] weights, int i) {
    return weights == null ? 1.0 : weights[i];
  }
}

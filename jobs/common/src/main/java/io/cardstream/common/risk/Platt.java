package io.cardstream.common.risk;

/**
 * Platt scaling: p = sigmoid(a * logit(score) + b), fitted by Newton's method with a backtracking
 * line search (after Lin, Lin and Weng, 2007) on the weighted log loss against Platt's smoothed
 * targets (N+ + 1) / (N+ + 2) for frauds and 1 / (N- + 2) for the rest, where N+ and N- are
 * weighted counts. The targets keep a separable slice from driving a to infinity.
 */
final class Platt {

  /** Scores are clipped to [CLIP, 1 - CLIP] before the logit, so 0 and 1 stay finite. */
  static final double CLIP = 1e-9;

  private static final int MAX_ITERATIONS = 100;
  private static final double MIN_STEP = 1e-10;
  private static final double RIDGE = 1e-12;

  record Fit(double a, double b, long rows, long positives, double weight) {}

  private Platt() {}

  static double logit(double score) {
    double s = Math.min(1 - CLIP, Math.max(CLIP, score));
    return Math.log(s / (1 - s));
  }

  /** 1 / (1 + e^-x) is accurate for all x and monotone; it underflows to 0, never to NaN. */
  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static Fit fit(double[] scores, int[] labels, double[] weights) {
    Checks.rows(scores, labels, weights);
    int n = scores.length;
    double pos = 0;
    double neg = 0;
    long rows = 0;
    long positives = 0;
    for (int i = 0; i < n; i++) {
      double w = Checks.weight(weights, i);
      if (w > 0) {
        rows++;
        positives += labels[i];
        pos += labels[i] * w;
        neg += (1 - labels[i]) * w;
      }
    }
    if (rows == 0) {
      throw new IllegalArgumentException("no row with a positive weight to fit on");
    }
    double hiTarget = (pos + 1) / (pos + 2);
    double loTarget = 1 / (neg + 2);
    double[] z = new double[n];
    double[] t = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = logit(scores[i]);
      t[i] = labels[i] == 1 ? hiTarget : loTarget;
      w[i] = Checks.weight(weights, i);
    }
    double a = 0;
    double b = Math.log((pos + 1) / (neg + 1));
    double f = loss(z, t, w, a, b);
    double tol = 1e-10 * (pos + neg);
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double ga = 0;
      double gb = 0;
      double haa = RIDGE;
      double hab = 0;
      double hbb = RIDGE;
      for (int i = 0; i < n; i++) {
        double p = sigmoid(a * z[i] + b);
        double r = w[i] * (p - t[i]);
        double d = w[i] * p * (1 - p);
        ga += r * z[i];
        gb += r;
        haa += d * z[i] * z[i];
        hab += d * z[i];
        hbb += d;
      }
      if (Math.abs(ga) < tol && Math.abs(gb) < tol) {
        break;
      }
      double det = haa * hbb - hab * hab;
      double da = -(hbb * ga - hab * gb) / det;
      double db = -(haa * gb - hab * ga) / det;
      double slope = ga * da + gb * db;
      double step = 1;
      while (step >= MIN_STEP) {
        double nf = loss(z, t, w, a + step * da, b + step * db);
        if (nf < f + 1e-4 * step * slope) {
          a += step * da;
          b += step * db;
          f = nf;
          break;
        }
        step /= 2;
      }
      if (step < MIN_STEP) {
        break; // no descent left at machine precision: converged as far as it can
      }
    }
    if (a < 0) {
      // Scores that rank backwards: a decreasing map is not allowed, so fall back to the best
      // constant, the weighted mean target.
      double mean = (pos * hiTarget + neg * loTarget) / (pos + neg);
      a = 0;
      b = Math.log(mean / (1 - mean));
    }
    return new Fit(a, b, rows, positives, pos + neg);
  }

  // Weighted log loss in a stable form: log(1 + e^x) - t x = max(x, 0) + log1p(e^-|x|) - t x.
  private static double loss(double[] z, double[] t, double[] w, double a, double b) {
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      double x = a * z[i] + b;
      sum += w[i] * (Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))) - t[i] * x);
    }
    return sum;
  }
}

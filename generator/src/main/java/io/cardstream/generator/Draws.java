package io.cardstream.generator;

import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The generator's random draws beyond {@link SplittableRandom}'s own, all from the one seeded
 * source, so that a seed gives the same rows.
 */
final class Draws {

  private final SplittableRandom rnd;

  Draws(SplittableRandom rnd) {
    this.rnd = rnd;
  }

  /** 32 hex digits. */
  String hexId() {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(rnd.nextLong()) + hex.toHexDigits(rnd.nextLong());
  }

  /** An index drawn in proportion to {@code weights}. */
  int pick(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rnd.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  int poisson(double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = rnd.nextDouble();
    while (p > l) {
      k++;
      p *= rnd.nextDouble();
    }
    return k;
  }

  double gaussian() {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1 == 0 ? Double.MIN_VALUE : u1)) * Math.cos(2 * Math.PI * u2);
  }

  static double clamp(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}

package io.cardstream.generator;

import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The generator's random draws, all from one seeded stream: the same seed gives the same
 * transactions, draw for draw.
 */
final class Draws {

  private final SplittableRandom rnd;

  Draws(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  int nextInt(int bound) {
    return rnd.nextInt(bound);
  }

  double nextDouble() {
    return rnd.nextDouble();
  }

  boolean nextBoolean() {
    return rnd.nextBoolean();
  }

  String hexId() {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(rnd.nextLong()) + hex.toHexDigits(rnd.nextLong());
  }

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

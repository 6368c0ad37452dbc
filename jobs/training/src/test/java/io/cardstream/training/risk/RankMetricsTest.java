package io.cardstream.training.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.training.BinaryMetrics;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass weighted metrics against the project's BinaryMetrics, bit for bit. */
class RankMetricsTest {

  /** Bit-identical, NaN included (an all-one-class draw has no ROC-AUC). */
  private static void exact(double actual, double expected) {
    assertThat(Double.doubleToLongBits(actual))
        .as("%s vs %s", actual, expected)
        .isEqualTo(Double.doubleToLongBits(expected));
  }

  @Test
  void unitWeightsGiveExactlyBinaryMetrics() {
    Random rnd = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(300);
      double[] s = new double[n];
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        // Coarse scores on half the trials: many ties.
        s[i] = trial % 2 == 0 ? rnd.nextInt(20) / 20.0 : rnd.nextDouble();
        y[i] = rnd.nextDouble() < 0.1 + 0.5 * s[i] ? 1 : 0;
      }
      RankedRows r = new RankedRows(s, y);
      double[] w = r.unitWeights();
      BinaryMetrics m = new BinaryMetrics(s, y);
      exact(RankMetrics.averagePrecision(r, w), m.averagePrecision());
      exact(RankMetrics.rocAuc(r, w), m.rocAuc());
      for (double t : new double[] {0.0, 0.35, 0.5, 0.95}) {
        exact(RankMetrics.recallAt(t).compute(r, w), m.at(t).recall());
        exact(RankMetrics.precisionAt(t).compute(r, w), m.at(t).precision());
      }
    }
  }

  @Test
  void integerWeightsGiveExactlyBinaryMetricsOnTheRepeatedRows() {
    Random rnd = new Random(6);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(200);
      double[] s = new double[n];
      int[] y = new int[n];
      int[] counts = new int[n];
      int total = 0;
      for (int i = 0; i < n; i++) {
        s[i] = rnd.nextInt(30) / 30.0;
        y[i] = rnd.nextInt(3) == 0 ? 1 : 0;
        counts[i] = rnd.nextInt(4); // 0 drops the row, as a resample may
        total += counts[i];
      }
      if (total == 0) {
        continue;
      }
      double[] rs = new double[total];
      int[] ry = new int[total];
      for (int i = 0, at = 0; i < n; i++) {
        for (int c = 0; c < counts[i]; c++, at++) {
          rs[at] = s[i];
          ry[at] = y[i];
        }
      }
      RankedRows r = new RankedRows(s, y);
      double[] w = r.gather(counts, new double[n]);
      BinaryMetrics m = new BinaryMetrics(rs, ry);
      exact(RankMetrics.averagePrecision(r, w), m.averagePrecision());
      exact(RankMetrics.rocAuc(r, w), m.rocAuc());
      exact(RankMetrics.recallAt(0.5).compute(r, w), m.at(0.5).recall());
    }
  }

  @Test
  void theProjectsHandExamplesHold() {
    RankedRows r = new RankedRows(new double[] {1, 1, 1, 0, 0, 0}, new int[] {1, 1, 0, 1, 0, 0});
    double[] w = r.unitWeights();
    exact(RankMetrics.averagePrecision(r, w), 2 / 3.0 * 2 / 3.0 + 0.5 / 3);
    exact(RankMetrics.rocAuc(r, w), 1 / 9.0 + 10 / 18.0);
  }
}

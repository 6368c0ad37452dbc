package io.cardstream.training.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.training.BinaryMetrics;
import io.cardstream.training.risk.Bootstrap.Interval;
import io.cardstream.training.risk.Bootstrap.Paired;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  /**
   * Negatives score Exp(1), positives Exp(1/2) (mean 2): P(positive > negative) = 1 / (1 + 1/2), so
   * the true ROC-AUC is 2/3.
   */
  private static final double TRUE_AUC = 2 / 3.0;

  private record Sample(double[] scores, int[] labels) {}

  private static Sample exponential(long seed, int n, double fraudRate) {
    Random rnd = new Random(seed);
    double[] s = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextDouble() < fraudRate ? 1 : 0;
      s[i] = -Math.log(1 - rnd.nextDouble()) * (y[i] == 1 ? 2 : 1);
    }
    return new Sample(s, y);
  }

  @Test
  void theIntervalCoversTheTrueAuc() {
    Sample d = exponential(1, 4000, 0.1);
    Interval i = Bootstrap.seeded(17).interval(d.scores(), d.labels(), RankMetrics::rocAuc);
    assertThat(i.lower()).isLessThan(TRUE_AUC);
    assertThat(i.upper()).isGreaterThan(TRUE_AUC);
    assertThat(i.estimate()).isBetween(i.lower(), i.upper());
    assertThat(i.estimate()).isEqualTo(new BinaryMetrics(d.scores(), d.labels()).rocAuc());
  }

  @Test
  void ninetyFivePercentIntervalsCoverAboutNinetyFivePercentOfTheTime() {
    int covered = 0;
    for (int rep = 0; rep < 40; rep++) {
      Sample d = exponential(100 + rep, 1500, 0.2);
      Interval i =
          new Bootstrap(300, rep, 0.95, 2).interval(d.scores(), d.labels(), RankMetrics::rocAuc);
      if (i.lower() < TRUE_AUC && TRUE_AUC < i.upper()) {
        covered++;
      }
    }
    // Binomial(40, 0.95) is below 34 with probability ~0.5%; a too-narrow interval fails here.
    assertThat(covered).isGreaterThanOrEqualTo(34);
  }

  @Test
  void theSameSeedGivesTheSameIntervalOnAnyNumberOfThreads() {
    Sample d = exponential(2, 3000, 0.05);
    Interval one =
        new Bootstrap(200, 9, 0.9, 1)
            .interval(d.scores(), d.labels(), RankMetrics::averagePrecision);
    Interval two =
        new Bootstrap(200, 9, 0.9, 3)
            .interval(d.scores(), d.labels(), RankMetrics::averagePrecision);
    Interval other =
        new Bootstrap(200, 10, 0.9, 1)
            .interval(d.scores(), d.labels(), RankMetrics::averagePrecision);
    assertThat(two).isEqualTo(one);
    assertThat(other.lower()).isNotEqualTo(one.lower());
  }

  @Test
  void theFastPathMatchesMaterialisedResamplesExactly() {
    Sample d = exponential(3, 800, 0.1);
    Bootstrap b = new Bootstrap(100, 4, 0.95, 2);
    Interval fast = b.interval(d.scores(), d.labels(), RankMetrics::averagePrecision);
    Interval slow =
        b.intervalOf(d.scores(), d.labels(), (s, y) -> new BinaryMetrics(s, y).averagePrecision());
    assertThat(fast).isEqualTo(slow);
  }

  @Test
  void identicalModelsDifferByExactlyZero() {
    Sample d = exponential(4, 5000, 0.02);
    Paired p =
        Bootstrap.seeded(1)
            .paired(d.scores(), d.scores().clone(), d.labels(), RankMetrics::averagePrecision);
    assertThat(p.difference().estimate()).isZero();
    assertThat(p.difference().lower()).isZero();
    assertThat(p.difference().upper()).isZero();
  }

  @Test
  void aBetterChallengerHasADifferenceAboveZero() {
    Sample d = exponential(5, 5000, 0.05);
    Random rnd = new Random(6);
    double[] champion = new double[d.scores().length];
    for (int i = 0; i < champion.length; i++) {
      champion[i] = d.scores()[i] + rnd.nextGaussian(); // the same signal, blurred
    }
    Bootstrap b = Bootstrap.seeded(8);
    Paired p = b.paired(champion, d.scores(), d.labels(), RankMetrics::rocAuc);
    assertThat(p.difference().lower()).isGreaterThan(0);
    // Pairing: each model's own interval is the unpaired one on the same seed.
    assertThat(p.champion()).isEqualTo(b.interval(champion, d.labels(), RankMetrics::rocAuc));
    Paired slow =
        new Bootstrap(50, 8, 0.95, 2)
            .pairedOf(champion, d.scores(), d.labels(), (s, y) -> new BinaryMetrics(s, y).rocAuc());
    Paired fast =
        new Bootstrap(50, 8, 0.95, 2).paired(champion, d.scores(), d.labels(), RankMetrics::rocAuc);
    assertThat(fast).isEqualTo(slow);
  }

  @Test
  void recallAtAThresholdHasAnInterval() {
    Sample d = exponential(7, 3000, 0.1);
    Interval i = Bootstrap.seeded(3).interval(d.scores(), d.labels(), RankMetrics.recallAt(2.0));
    // Recall at 2 for Exp(mean 2) positives is e^-1.
    assertThat(i.lower()).isLessThan(Math.exp(-1));
    assertThat(i.upper()).isGreaterThan(Math.exp(-1));
  }

  @Test
  void oneClassIsRejectedAndQuantilesInterpolate() {
    assertThatThrownBy(
            () ->
                Bootstrap.seeded(1)
                    .interval(new double[] {1, 2}, new int[] {0, 0}, RankMetrics::rocAuc))
        .hasMessageContaining("needs both classes");
    assertThatThrownBy(() -> new Bootstrap(1000, 1, 1.0, 1)).hasMessageContaining("level");
    // Type 7 on 0..4: the 10% quantile is at h = 0.4.
    assertThat(Bootstrap.quantile(new double[] {0, 1, 2, 3, 4}, 0.1)).isEqualTo(0.4);
    assertThat(Bootstrap.quantile(new double[] {0, 1, 2, 3, 4}, 1.0)).isEqualTo(4.0);
  }
}

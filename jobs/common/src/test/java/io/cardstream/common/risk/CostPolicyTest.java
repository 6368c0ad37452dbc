package io.cardstream.common.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cardstream.common.risk.CostPolicy.Costs;
import io.cardstream.common.risk.CostPolicy.Outcome;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CostPolicyTest {

  // Review $4; a false decline $10; reviews catch every fraud.
  private static final CostPolicy POLICY = new CostPolicy(Costs.of(4, 10, 0));
  private static final double[] P = {0.05, 0.30, 0.60, 0.95};
  private static final double[] AMOUNT = {50, 200, 20, 500};
  private static final int[] Y = {0, 1, 0, 1};

  @Test
  void optimalThresholdsOnAHandExample() {
    // Review the $200 fraud and the legitimate $20 (4 + 4), decline the $500 fraud (0).
    Outcome o = POLICY.optimise(P, AMOUNT, Y);
    assertThat(o.reviewThreshold()).isCloseTo(0.175, within(1e-15));
    assertThat(o.declineThreshold()).isCloseTo(0.775, within(1e-15));
    assertThat(o.total()).isEqualTo(8.0);
    assertThat(o.reviewed()).isEqualTo(2);
    assertThat(o.declined()).isEqualTo(1);
    assertThat(o.fraudsApproved()).isZero();
  }

  @Test
  void comparisonWithRecallThresholdsAndTheBayesRule() {
    CostPolicy.Comparison c = POLICY.compare(P, AMOUNT, Y, 0.5, 0.9);
    // 0.5 / 0.9 approves the $200 fraud and reviews the $20 payment.
    assertThat(c.alternative().total()).isEqualTo(204.0);
    assertThat(c.alternative().fraudLoss()).isEqualTo(200.0);
    // Per row: approve (2.5 < 4), review (4 < 7 < 60), review on a tie (4 = 4), decline (0.5).
    assertThat(c.bayes().reviewed()).isEqualTo(2);
    assertThat(c.bayes().declined()).isEqualTo(1);
    assertThat(c.bayes().total()).isEqualTo(8.0);
    assertThat(c.bayes().reviewThreshold()).isNaN();
    assertThat(c.optimal().total()).isEqualTo(8.0);
  }

  @Test
  void aReviewThatMissesLosesTheRestOfTheAmount() {
    CostPolicy leaky = new CostPolicy(new Costs(5, 0, 0, 0.8));
    Outcome o =
        leaky.evaluate(new double[] {0.5}, new double[] {100}, new int[] {1}, 0.4, 0.9, "x");
    assertThat(o.reviewCost()).isEqualTo(5.0);
    assertThat(o.fraudLoss()).isCloseTo(20.0, within(1e-12));
  }

  @Test
  void exactSearchAgreesWithBruteForceOverAllThresholdPairs() {
    Random rnd = new Random(2024);
    for (int trial = 0; trial < 400; trial++) {
      int n = 1 + rnd.nextInt(25);
      double[] p = new double[n];
      double[] a = new double[n];
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        p[i] = rnd.nextInt(9) / 8.0; // few distinct values: ties
        a[i] = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(500);
        y[i] = rnd.nextDouble() < p[i] ? 1 : 0;
      }
      CostPolicy policy =
          new CostPolicy(
              new Costs(
                  rnd.nextInt(20), rnd.nextInt(30), rnd.nextDouble() * 0.2, rnd.nextDouble()));
      TreeSet<Double> cuts = new TreeSet<>();
      for (double x : p) {
        cuts.add(x);
      }
      cuts.add(CostPolicy.NEVER);
      double best = Double.POSITIVE_INFINITY;
      for (double tr : cuts) {
        for (double td : cuts.tailSet(tr, true)) {
          best = Math.min(best, policy.evaluate(p, a, y, tr, td, "brute").total());
        }
      }
      Outcome o = policy.optimise(p, a, y);
      assertThat(o.total()).as("trial %d", trial).isCloseTo(best, within(1e-9));
      assertThat(o.reviewThreshold()).isLessThanOrEqualTo(o.declineThreshold());
      assertThat(policy.evaluate(p, a, y, o.reviewThreshold(), o.declineThreshold(), "").total())
          .isEqualTo(o.total());
      // Declining everything is one of the candidates.
      assertThat(o.total()).isLessThanOrEqualTo(policy.evaluate(p, a, y, 0, 0, "").total() + 1e-9);
    }
  }

  @Test
  void costsAreValidatedWithAClearMessage() {
    assertThatThrownBy(() -> Costs.of(-5, 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reviewCost must be a finite cost >= 0, was -5.0");
    assertThatThrownBy(() -> Costs.of(5, 10, Double.NaN))
        .hasMessage("declineShare must be a finite cost >= 0, was NaN");
    assertThatThrownBy(() -> new Costs(5, 10, 0, 1.5))
        .hasMessage("reviewCatchRate must be a probability in [0, 1], was 1.5");
    assertThatThrownBy(() -> POLICY.evaluate(P, AMOUNT, Y, 0.9, 0.5, ""))
        .hasMessageContaining("above decline threshold");
    assertThatThrownBy(() -> POLICY.optimise(P, new double[] {1, -1, 1, 1}, Y))
        .hasMessage("amount 1 must be finite and >= 0, was -1.0");
  }
}

package io.cardstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

  @Test
  void averagePrecisionAndRocAucOfARanking() {
    BinaryMetrics m = new BinaryMetrics(new double[] {0.9, 0.8, 0.7, 0.6}, new int[] {1, 0, 1, 0});
    // Positives at ranks 1 and 3: AP = (1/1 + 2/3) / 2.
    assertThat(m.averagePrecision()).isCloseTo((1 + 2 / 3.0) / 2, within(1e-12));
    // 3 of the 4 positive/negative pairs are ordered correctly.
    assertThat(m.rocAuc()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void tiesFormOneStepSoABinaryRuleIsMeasuredFairly() {
    BinaryMetrics rule =
        new BinaryMetrics(new double[] {1, 1, 1, 0, 0, 0}, new int[] {1, 1, 0, 1, 0, 0});
    // One step: precision 2/3 gains recall 2/3; the rest are never flagged at a positive score,
    // but the final step (everything flagged) has precision 1/2 and gains the last 1/3.
    assertThat(rule.averagePrecision()).isCloseTo(2 / 3.0 * 2 / 3.0 + 0.5 / 3, within(1e-12));
    BinaryMetrics.AtThreshold at = rule.at(1.0);
    assertThat(at.tp()).isEqualTo(2);
    assertThat(at.fp()).isEqualTo(1);
    assertThat(at.fn()).isEqualTo(1);
    assertThat(at.tn()).isEqualTo(2);
    assertThat(at.precision()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(at.recall()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(at.alertRate()).isCloseTo(0.5, within(1e-12));
    // ROC: (fpr 1/3, tpr 2/3) then (1, 1): trapezoids 1/3*1/3 + 2/3*(5/6).
    assertThat(rule.rocAuc()).isCloseTo(1 / 9.0 + 10 / 18.0, within(1e-12));
  }

  @Test
  void recallAtFalsePositiveRateAndAlertRate() {
    double[] s = new double[200];
    int[] l = new int[200];
    for (int i = 0; i < 200; i++) {
      s[i] = 200 - i; // rank order = index order
      l[i] = i < 10 || i == 50 ? 1 : 0; // 11 positives; one at rank 51
    }
    BinaryMetrics m = new BinaryMetrics(s, l);
    // 189 negatives: 1% FPR allows 1 false positive -> first 11 rows -> recall 10/11.
    assertThat(m.recallAtFpr(0.01)).isCloseTo(10 / 11.0, within(1e-12));
    // Alerting on 5% of 200 rows = 10 rows -> 10 of 11 positives.
    assertThat(m.recallAtAlertRate(0.05)).isCloseTo(10 / 11.0, within(1e-12));
    assertThat(m.recallAtAlertRate(0.26)).isCloseTo(1.0, within(1e-12));
    assertThat(m.bestF1Threshold()).isEqualTo(191.0);
    // 80% recall = 9 of 11 positives: the first 9 rows, all positive; 95% needs all 11, which
    // takes the first 51 rows.
    assertThat(m.precisionAtRecall(0.8)).isCloseTo(1.0, within(1e-12));
    assertThat(m.precisionAtRecall(0.95)).isCloseTo(11 / 51.0, within(1e-12));
  }

  @Test
  void noPositivesGivesZeroAveragePrecision() {
    BinaryMetrics m = new BinaryMetrics(new double[] {0.5, 0.4}, new int[] {0, 0});
    assertThat(m.averagePrecision()).isZero();
    assertThat(m.rocAuc()).isNaN();
  }
}

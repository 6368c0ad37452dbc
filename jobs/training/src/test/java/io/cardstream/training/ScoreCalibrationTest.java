package io.cardstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cardstream.common.risk.Calibration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoreCalibrationTest {

  /** Raw scores inflated as a class-weighted fit inflates them: the true rate is score^3. */
  @Test
  void anInflatedScoreBecomesTheFraudRateAndKeepsItsOrder() {
    SplittableRandom rnd = new SplittableRandom(7);
    int n = 20_000;
    double[] raw = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      raw[i] = rnd.nextDouble();
      y[i] = rnd.nextDouble() < Math.pow(raw[i], 3) ? 1 : 0;
    }
    ScoreCalibration c = ScoreCalibration.of(raw, y, new double[n]);
    assertThat(c.calibrator()).isNotNull();
    assertThat(c.choice().brierIsotonic()).isLessThan(c.choice().brierRaw());
    double[] p = c.slice().p();
    assertThat(Calibration.brier(p, y)).isLessThan(Calibration.brier(raw, y));
    assertThat(c.calibrator().predict(0.5)).isCloseTo(0.125, within(0.04));
    assertThat(c.calibrator().predict(0.9)).isGreaterThan(c.calibrator().predict(0.5));
  }

  @Test
  void aSliceWithoutFraudIsNotCalibrated() {
    ScoreCalibration c = ScoreCalibration.of(new double[50], new int[50], new double[50]);
    assertThat(c.calibrator()).isNull();
    assertThat(c.method()).isEqualTo("none");
    assertThat(c.slice().p()).hasSize(50);
  }
}

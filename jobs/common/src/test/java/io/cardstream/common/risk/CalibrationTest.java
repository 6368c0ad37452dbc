package io.cardstream.common.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cardstream.common.risk.Calibration.Bin;
import io.cardstream.common.risk.Calibration.Binning;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  @Test
  void brierIsTheMeanSquaredError() {
    double[] p = {0.1, 0.8, 0.5};
    int[] y = {0, 1, 1};
    assertThat(Calibration.brier(p, y)).isCloseTo((0.01 + 0.04 + 0.25) / 3, within(1e-15));
    // Weight 2 on the second row counts it twice.
    assertThat(Calibration.brier(p, y, new double[] {1, 2, 1}))
        .isCloseTo((0.01 + 0.08 + 0.25) / 4, within(1e-15));
  }

  @Test
  void equalWidthTableAndEce() {
    double[] p = {0.05, 0.15, 0.12, 0.95, 0.91};
    int[] y = {0, 0, 1, 1, 1};
    List<Bin> t = Calibration.reliability(p, y, null, 10, Binning.EQUAL_WIDTH);
    assertThat(t).hasSize(3); // empty bins are left out
    assertThat(t.get(1).lower()).isEqualTo(0.1);
    assertThat(t.get(1).upper()).isEqualTo(0.2);
    assertThat(t.get(1).count()).isEqualTo(2);
    assertThat(t.get(1).meanPredicted()).isCloseTo(0.135, within(1e-15));
    assertThat(t.get(1).observedRate()).isEqualTo(0.5);
    assertThat(t.get(2).lower()).isEqualTo(0.9);
    // (1 * 0.05 + 2 * |0.135 - 0.5| + 2 * |0.93 - 1|) / 5
    assertThat(Calibration.ece(p, y)).isCloseTo(0.92 / 5, within(1e-15));
  }

  @Test
  void theEndsOfTheUnitIntervalFallInTheOuterBins() {
    List<Bin> t =
        Calibration.reliability(
            new double[] {0.0, 1.0}, new int[] {0, 1}, null, 10, Binning.EQUAL_WIDTH);
    assertThat(t).extracting(Bin::lower).containsExactly(0.0, 0.9);
    assertThat(Calibration.ece(new double[] {0.0, 1.0}, new int[] {0, 1})).isZero();
  }

  @Test
  void equalCountBinsKeepTiesTogether() {
    double[] p = {0.4, 0.2, 0.1, 0.2, 0.3, 0.2};
    int[] y = {1, 0, 0, 1, 1, 0};
    List<Bin> t = Calibration.reliability(p, y, null, 3, Binning.EQUAL_COUNT);
    // The cut after 2 rows would split the three 0.2s: it moves to after them.
    assertThat(t).extracting(Bin::count).containsExactly(4L, 2L);
    assertThat(t.get(0).lower()).isEqualTo(0.1);
    assertThat(t.get(0).upper()).isEqualTo(0.2);
    assertThat(t.get(0).meanPredicted()).isCloseTo(0.7 / 4, within(1e-15));
    assertThat(t.get(0).observedRate()).isEqualTo(0.25);
    assertThat(t.get(1).observedRate()).isEqualTo(1.0);
    assertThat(Calibration.ece(t)).isCloseTo((4 * (0.25 - 0.175) + 2 * 0.65) / 6, within(1e-15));
  }

  @Test
  void probabilitiesOutsideTheUnitIntervalAreRejected() {
    assertThatThrownBy(() -> Calibration.brier(new double[] {1.2}, new int[] {1}))
        .hasMessageContaining("probability 0 is outside [0, 1]");
  }
}

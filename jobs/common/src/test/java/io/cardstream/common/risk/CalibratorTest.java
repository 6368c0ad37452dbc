package io.cardstream.common.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibratorTest {

  @Test
  void pavaPoolsViolatorsIntoKnownBlocks() {
    double[] s = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
    int[] y = {0, 1, 0, 0, 1, 0, 1, 1};
    Calibrator c = Calibrator.isotonic(s, y, null);
    // {0.1}: 0 | {0.2, 0.3, 0.4}: 1/3 | {0.5, 0.6}: 1/2 | {0.7, 0.8}: 1 (equal means pooled).
    assertThat(c.centres()).containsExactly(new double[] {0.1, 0.3, 0.55, 0.75}, within(1e-12));
    assertThat(c.values()).containsExactly(new double[] {0, 1 / 3.0, 0.5, 1}, within(1e-12));
    assertThat(c.fitRows()).isEqualTo(8);
    assertThat(c.fitPositives()).isEqualTo(4);
    // Linear between centres, clamped outside them, exact at a centre.
    assertThat(c.predict(0.2)).isCloseTo(1 / 6.0, within(1e-12));
    assertThat(c.predict(0.3)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(c.predict(0.65)).isCloseTo(0.75, within(1e-12));
    assertThat(c.predict(0.0)).isZero();
    assertThat(c.predict(1.0)).isEqualTo(1.0);
  }

  @Test
  void tiedScoresArePooledBeforeViolators() {
    double[] s = {0.2, 0.2, 0.5, 0.5, 0.5, 0.9};
    int[] y = {1, 0, 0, 0, 1, 1};
    Calibrator c = Calibrator.isotonic(s, y, null);
    // Groups 0.2: 1/2 and 0.5: 1/3 violate and pool to 2/5 with centre (0.4 + 1.5) / 5.
    assertThat(c.centres()).containsExactly(new double[] {0.38, 0.9}, within(1e-12));
    assertThat(c.values()).containsExactly(new double[] {0.4, 1}, within(1e-12));
    assertThat(c.predict(0.2)).isCloseTo(0.4, within(1e-12));
    assertThat(c.predict(0.5)).isCloseTo(0.4 + 0.12 / 0.52 * 0.6, within(1e-12));
  }

  @Test
  void aWeightIsTheRowRepeated() {
    Calibrator weighted =
        Calibrator.isotonic(
            new double[] {0.1, 0.4, 0.6}, new int[] {0, 1, 0}, new double[] {1, 2, 0});
    Calibrator repeated =
        Calibrator.isotonic(new double[] {0.1, 0.4, 0.4}, new int[] {0, 1, 1}, null);
    assertThat(weighted.centres()).isEqualTo(repeated.centres());
    assertThat(weighted.values()).isEqualTo(repeated.values());
    assertThat(weighted.fitRows()).isEqualTo(2); // the zero-weight row is not fitted on
  }

  @Test
  void bothMethodsAreMonotoneAndInTheUnitInterval() {
    Random rnd = new Random(7);
    int n = 3000;
    double[] s = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = rnd.nextDouble();
      y[i] = rnd.nextDouble() < 0.05 + 0.5 * s[i] * s[i] ? 1 : 0;
    }
    double[] grid = new double[20_003];
    for (int i = 0; i < 20_000; i++) {
      grid[i] = rnd.nextDouble() * 1.2 - 0.1;
    }
    grid[20_000] = 0;
    grid[20_001] = 1;
    grid[20_002] = Double.MIN_VALUE;
    grid = Arrays.stream(grid).sorted().toArray();
    for (Calibrator c :
        new Calibrator[] {Calibrator.isotonic(s, y, null), Calibrator.platt(s, y, null)}) {
      double prev = -1;
      for (double g : grid) {
        double p = c.predict(g);
        assertThat(p)
            .as("%s at %s", c.method(), g)
            .isBetween(0.0, 1.0)
            .isGreaterThanOrEqualTo(prev);
        prev = p;
      }
    }
  }

  @Test
  void plattRecoversTheParametersOfALogisticSample() {
    Random rnd = new Random(42);
    int n = 200_000;
    double[] s = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double z = 1.5 * rnd.nextGaussian();
      s[i] = Platt.sigmoid(z);
      y[i] = rnd.nextDouble() < Platt.sigmoid(0.7 * z - 2) ? 1 : 0;
    }
    Calibrator c = Calibrator.platt(s, y, null);
    assertThat(c.a()).isCloseTo(0.7, within(0.03));
    assertThat(c.b()).isCloseTo(-2.0, within(0.05));
    assertThat(c.predict(0.5)).isCloseTo(Platt.sigmoid(-2), within(0.01));
  }

  @Test
  void plattNeverTurnsDecreasing() {
    // Scores that rank backwards: the fit falls back to a constant, the smoothed fraud rate.
    Calibrator c =
        Calibrator.platt(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {1, 1, 0, 0}, null);
    assertThat(c.a()).isZero();
    assertThat(c.predict(0.0)).isEqualTo(c.predict(1.0)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void jsonRoundTripKeepsEveryPrediction() {
    Random rnd = new Random(3);
    double[] s = new double[500];
    int[] y = new int[500];
    for (int i = 0; i < s.length; i++) {
      s[i] = rnd.nextDouble();
      y[i] = rnd.nextDouble() < s[i] ? 1 : 0;
    }
    for (Calibrator c :
        new Calibrator[] {Calibrator.isotonic(s, y, null), Calibrator.platt(s, y, null)}) {
      String json = c.toJsonString();
      Calibrator back = Calibrator.parse(json);
      assertThat(json).contains("\"method\" : \"" + c.method().name().toLowerCase() + "\"");
      assertThat(json).contains("\"rows\" : 500");
      assertThat(back.method()).isEqualTo(c.method());
      assertThat(back.fitRows()).isEqualTo(500);
      assertThat(back.fitPositives()).isEqualTo(c.fitPositives());
      for (int i = 0; i <= 1000; i++) {
        assertThat(back.predict(i / 1000.0)).isEqualTo(c.predict(i / 1000.0));
      }
    }
  }

  @Test
  void malformedJsonIsRejected() {
    String iso =
        "{\"format\":1,\"method\":\"isotonic\",\"fit\":{\"rows\":2},"
            + "\"isotonic\":{\"centres\":[0.2,0.7],\"values\":[0.5,0.1]}}";
    assertThatThrownBy(() -> Calibrator.parse(iso)).hasMessageContaining("non-decreasing");
    assertThatThrownBy(() -> Calibrator.parse("{\"format\":1,\"method\":\"beta\"}"))
        .hasMessageContaining("unknown calibration method");
    assertThatThrownBy(
            () ->
                Calibrator.parse(
                    "{\"format\":1,\"method\":\"platt\",\"platt\":{\"a\":-1,\"b\":0}}"))
        .hasMessageContaining("a >= 0");
    assertThatThrownBy(() -> Calibrator.parse("{\"format\":2}")).hasMessageContaining("format");
  }

  @Test
  void choiceKeepsTheLowerHeldOutBrier() {
    // The true rate is a step at 0.5, which Platt's logistic curve cannot follow.
    Random rnd = new Random(11);
    int n = 20_000;
    double[] s = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = rnd.nextDouble();
      y[i] = rnd.nextDouble() < (s[i] < 0.5 ? 0.02 : 0.6) ? 1 : 0;
    }
    double[] fs = Arrays.copyOf(s, n / 2);
    int[] fy = Arrays.copyOf(y, n / 2);
    double[] hs = Arrays.copyOfRange(s, n / 2, n);
    int[] hy = Arrays.copyOfRange(y, n / 2, n);
    Calibrator.Choice c = Calibrator.choose(fs, fy, null, hs, hy, null);
    assertThat(c.brierIsotonic()).isLessThan(c.brierPlatt());
    assertThat(c.chosen()).isSameAs(c.isotonic());
    assertThat(c.brierIsotonic()).isLessThan(c.brierRaw());
    assertThat(c.holdoutRows()).isEqualTo(n / 2);
  }

  @Test
  void badRowsAreRejected() {
    assertThatThrownBy(() -> Calibrator.isotonic(new double[] {0.1}, new int[] {2}, null))
        .hasMessageContaining("label 0 is not 0 or 1");
    assertThatThrownBy(() -> Calibrator.platt(new double[] {0.1}, new int[] {1}, new double[] {-1}))
        .hasMessageContaining("weight 0 must be finite and >= 0");
    assertThatThrownBy(
            () -> Calibrator.isotonic(new double[] {0.1}, new int[] {1}, new double[] {0}))
        .hasMessageContaining("no row with a positive weight");
  }
}

package io.cardstream.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cardstream.common.features.FeatureProfile;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftWindowTest {

  private static final FeatureProfile PROFILE =
      new FeatureProfile(
          Map.of("log_amt", new double[] {1}),
          Map.of("log_amt", new double[] {0.5, 0.5}),
          Map.of("travel", 1.0),
          100);
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:10Z");

  private static FeatureProfile.Drift add(
      DriftWindow w, Instant at, String version, long low, long high, long unseen) {
    return w.add(
        at,
        version,
        PROFILE,
        Map.of("log_amt", new long[] {low, high}),
        Map.of("travel", low + high - unseen, "new_line", unseen));
  }

  @Test
  void sumsTheLastHourAndForgetsOlderMinutes() {
    DriftWindow w = new DriftWindow();
    // All low at first: shifted.
    FeatureProfile.Drift d = add(w, T0, "v1", 10, 0, 0);
    assertThat(d.rows()).isEqualTo(10);
    assertThat(d.psi().get("log_amt")).isGreaterThan(FeatureProfile.PSI_LIMIT);
    // Ten high a minute later balance it: the window holds both batches.
    d = add(w, T0.plusSeconds(60), "v1", 0, 10, 0);
    assertThat(d.rows()).isEqualTo(20);
    assertThat(d.psi().get("log_amt")).isCloseTo(0.0, within(1e-12));
    // Same minute: merged into it.
    d = add(w, T0.plusSeconds(70), "v1", 5, 5, 0);
    assertThat(d.rows()).isEqualTo(30);
    // An hour after the first batch, it has left the window; the two later ones are still in.
    d = add(w, T0.plusSeconds(3600), "v1", 0, 0, 0);
    assertThat(d.rows()).isEqualTo(20);
    assertThat(d.psi().get("log_amt"))
        .isCloseTo(
            FeatureProfile.psi(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}), within(1e-12));
  }

  @Test
  void unseenCategoriesAreCountedAndAModelChangeStartsAfresh() {
    DriftWindow w = new DriftWindow();
    FeatureProfile.Drift d = add(w, T0, "v1", 5, 5, 4);
    assertThat(d.unseenShare()).isEqualTo(0.4);
    assertThat(d.blocking()).anyMatch(r -> r.contains("40.0% of rows have a value never seen"));
    d = add(w, T0.plusSeconds(5), "v2", 5, 5, 0);
    assertThat(d.rows()).isEqualTo(10);
    assertThat(d.unseenShare()).isZero();
    assertThat(d.blocking()).isEmpty();
  }
}

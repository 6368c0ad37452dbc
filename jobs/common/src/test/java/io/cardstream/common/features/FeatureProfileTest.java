package io.cardstream.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureProfileTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static FeatureProfile profile() {
    return new FeatureProfile(
        Map.of(
            "log_amt", new double[] {1, 2, 3},
            "card_txn_count", new double[] {10}),
        Map.of(
            "log_amt", new double[] {0.25, 0.25, 0.25, 0.25},
            "card_txn_count", new double[] {0.5, 0.5}),
        Map.of("grocery_pos", 0.5, "travel", 0.5),
        1000);
  }

  @Test
  void binsAreUpperInclusiveWithAnOpenLastBin() {
    double[] edges = {1, 2, 3};
    assertThat(FeatureProfile.bin(edges, -5)).isZero();
    assertThat(FeatureProfile.bin(edges, 1)).isZero();
    assertThat(FeatureProfile.bin(edges, 1.0001)).isEqualTo(1);
    assertThat(FeatureProfile.bin(edges, 3)).isEqualTo(2);
    assertThat(FeatureProfile.bin(edges, 3.5)).isEqualTo(3);
    assertThat(FeatureProfile.bin(new double[0], 7)).isZero();
    // Point masses collapse: deciles of a feature that is mostly the -1 sentinel.
    assertThat(FeatureProfile.edgesFrom(new double[] {-1, -1, -1, -1, 0, 2, 2, 5, 9}))
        .containsExactly(-1, 0, 2, 5, 9);
  }

  @Test
  void psiByHandAndEmptyBinsStayFinite() {
    double[] e = {0.5, 0.5};
    assertThat(FeatureProfile.psi(e, e)).isZero();
    // (0.8 - 0.5) ln(0.8/0.5) + (0.2 - 0.5) ln(0.2/0.5)
    double expected = 0.3 * Math.log(1.6) + (-0.3) * Math.log(0.4);
    assertThat(FeatureProfile.psi(e, new double[] {0.8, 0.2})).isCloseTo(expected, within(1e-12));
    // An empty bin counts as one row in ten thousand.
    double empty = 0.5 * Math.log(2) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
    assertThat(FeatureProfile.psi(e, new double[] {1, 0})).isCloseTo(empty, within(1e-9));
    assertThatThrownBy(() -> FeatureProfile.psi(e, new double[] {1}))
        .hasMessage("PSI needs as many bins on both sides: 2 vs 1");
  }

  @Test
  void sameDistributionDoesNotBlock() {
    FeatureProfile.Drift d =
        profile()
            .drift(
                Map.of("log_amt", new long[] {5, 5, 5, 5}, "card_txn_count", new long[] {3, 3}),
                Map.of("grocery_pos", 7L, "travel", 7L));
    assertThat(d.psi()).containsOnlyKeys("log_amt", "card_txn_count", "category");
    assertThat(d.psi().values()).allSatisfy(v -> assertThat(v).isCloseTo(0.0, within(1e-12)));
    assertThat(d.unseenShare()).isZero();
    assertThat(d.rows()).isEqualTo(14);
    assertThat(d.blocking()).isEmpty();
  }

  @Test
  void shiftedFeatureAndUnseenCategoriesAreNamedButHistoryLengthIsNotGated() {
    FeatureProfile.Drift d =
        profile()
            .drift(
                Map.of("log_amt", new long[] {0, 0, 0, 20}, "card_txn_count", new long[] {0, 20}),
                Map.of("grocery_pos", 18L, "mcc_5411", 2L));
    assertThat(d.unseenShare()).isEqualTo(0.1);
    assertThat(d.psi().get("card_txn_count")).isGreaterThan(FeatureProfile.PSI_LIMIT);
    assertThat(d.blocking())
        .containsExactly(
            String.format("log_amt: PSI %.3f > 0.25", d.psi().get("log_amt")),
            String.format("category: PSI %.3f > 0.25", d.psi().get("category")),
            "category: 10.0% of rows have a value never seen in training (limit 1%)");
    assertThat(d.report().toJson().get("blocking")).hasSize(3);
    assertThat(d.report().toJson().at("/not_gated/0").asText()).isEqualTo("card_cat_txn_count");
  }

  @Test
  void roundTripsThroughJson() {
    FeatureProfile p = profile();
    FeatureProfile back = FeatureProfile.fromJson(p.toJson(JSON));
    assertThat(back.rows()).isEqualTo(1000);
    assertThat(back.edges().get("log_amt")).containsExactly(1, 2, 3);
    assertThat(back.shares().get("card_txn_count")).containsExactly(0.5, 0.5);
    assertThat(back.categories()).isEqualTo(p.categories());
    assertThatThrownBy(
            () ->
                new FeatureProfile(
                    Map.of("x", new double[] {1}), Map.of("x", new double[] {1}), Map.of(), 1))
        .hasMessage("feature x: needs 2 bin shares");
  }
}

package io.cardstream.common.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.json.JsonFields;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * metrics.json through its record: documents the training job wrote (before the record existed)
 * read and write back to the byte, and an older document, without the blocks added since, reads.
 */
class ModelMetricsTest {

  static String resource(String name) throws IOException {
    try (InputStream in = ModelMetricsTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void documentsTheTrainerWroteRoundTripToTheByte() throws IOException {
    for (String name : new String[] {"metrics-feedback.json", "metrics-champion-shadow.json"}) {
      String text = resource(name);
      ModelMetrics m = ModelMetrics.fromJson(JsonFields.parse(text));
      assertThat(new String(m.toBytes(), StandardCharsets.UTF_8)).as(name).isEqualTo(text);
    }
  }

  @Test
  void readsEveryBlockTyped() throws IOException {
    ModelMetrics m =
        ModelMetrics.fromJson(JsonFields.parse(resource("metrics-champion-shadow.json")));
    assertThat(m.version()).isEqualTo("v20261206-161738");
    assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-12-06T16:17:38.098622616Z"));
    assertThat(m.baselines().keySet())
        .containsExactly(
            "amount_over_1000", "above_card_average", "velocity_1h", "logistic_regression");
    assertThat(m.baselines().get("velocity_1h").modelRecallAtSameAlertRate()).isNotNull();
    assertThat(m.baselines().get("logistic_regression").modelRecallAtSameAlertRate()).isNull();
    assertThat(m.champion().prAuc()).isEqualTo(0.7444634996378141);
    assertThat(m.champion().note()).isNull();
    assertThat(m.drift().gated()).isFalse();
    assertThat(m.drift().report().notGated()).contains("card_txn_count");
    assertThat(m.shadow().verdict()).isEqualTo("challenger beaten, out of the shadow");
    assertThat(m.shadow().fraudEvents()).isEqualTo(40);
    assertThat(m.params().splitDate()).hasToString("2019-02-10");
    assertThat(m.feedback()).isNull();

    ModelMetrics fb = ModelMetrics.fromJson(JsonFields.parse(resource("metrics-feedback.json")));
    assertThat(fb.feedback().labelsChanged()).isEqualTo(513);
    // A run before the answers' sources were counted: not recorded, not zero.
    assertThat(fb.feedback().fromAnalysts()).isNull();
    assertThat(fb.feedback().fromCustomers()).isNull();
    assertThat(fb.champion().version()).isNull();
    assertThat(fb.shadow()).isNull();
  }

  @Test
  void aShadowVerdictWithoutPrAucsRoundTrips() throws IOException {
    String text = resource("shadow-kept.json");
    ShadowVerdict v = ShadowVerdict.fromJson(JsonFields.parse(text));
    assertThat(v.championPrAuc()).isNull();
    assertThat(v.labelledEvents()).isEqualTo(300);
    assertThat(new String(JsonFields.pretty(v.toJson()), StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void anOlderDocumentReadsWithoutTheBlocksAddedSince() {
    ModelMetrics m =
        ModelMetrics.fromJson(
            JsonFields.parse(
                "{\"version\": \"v1\", \"created_at\": \"2026-12-01T05:03:14Z\","
                    + " \"model\": {\"pr_auc\": 0.72}, \"params\": {\"max_iter\": 30},"
                    + " \"champion\": {\"version\": null}, \"promoted\": true}"));
    assertThat(m.model().prAuc()).isEqualTo(0.72);
    assertThat(m.model().rocAuc()).isNaN();
    assertThat(m.threshold()).isNaN();
    assertThat(m.drift()).isNull();
    assertThat(m.shadow()).isNull();
    assertThat(m.promotionRefusedBecause()).isEmpty();
    assertThat(m.params().stepSize()).isNull();
    assertThat(m.params().toJson().has("step_size")).isFalse();
    assertThat(m.promoted()).isTrue();
  }

  @Test
  void theLayoutNamesVersionsAndRefusesPaths() {
    assertThat(RegistryLayout.versionName(Instant.parse("2026-12-06T16:17:38.4Z")))
        .isEqualTo("v20261206-161738");
    assertThat(RegistryLayout.isVersion("v20261206-161738-2")).isTrue();
    assertThat(RegistryLayout.isVersion("../CHAMPION")).isFalse();
    assertThat(RegistryLayout.isVersion(null)).isFalse();
    assertThat(RegistryLayout.ReportFile.PR_CURVE.path()).isEqualTo("report/pr_curve.png");
    assertThat(RegistryLayout.ReportFile.curve("roc_curve.png"))
        .contains(RegistryLayout.ReportFile.ROC_CURVE);
    assertThat(RegistryLayout.ReportFile.curve("report.md")).isEmpty();
  }
}

package io.cardstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole dev split (../shared/data/sparkov-dev: 2020 to train, 2021 H1 to test) with the
 * production defaults, as {@code bin/cardstream train} runs it: about six minutes on two cores, so
 * it runs only when asked ({@code -Dcardstream.devSplit=true}; docs/model.md has the figures). The
 * floors are the figures before calibration (PR-AUC 0.966, ROC-AUC 0.998).
 */
@EnabledIfSystemProperty(named = "cardstream.devSplit", matches = "true")
class DevSplitMeasurement {

  @TempDir Path dir;

  @Test
  void theWholeDevSplitKeepsItsAccuracyCalibratedAndCosted() throws IOException {
    Path dev = DevDataTrainingTest.devData();
    SparkSession spark = SparkTestSession.create("DevSplitMeasurement");
    Trainer.Result r;
    try {
      r =
          new Trainer(spark, PanTokenizer.fromEnvironment(Map.of()), System.out)
              .run(
                  TrainConfig.builder()
                      .input(dev.resolve("fraudTrain.csv.gz").toString())
                      .testInputs(java.util.List.of(dev.resolve("fraudTest.csv.gz").toString()))
                      .registry(dir.resolve("registry").toString())
                      .build());
    } finally {
      spark.stop();
    }
    Path report = Path.of(r.versionDir()).resolve("report");
    String out = System.getProperty("cardstream.devSplit.out");
    if (out != null) {
      Files.createDirectories(Path.of(out));
      for (String f : new String[] {"report.md", "model-card.md", "model-card.html"}) {
        Files.copy(
            report.resolve(f),
            Path.of(out).resolve(f),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Files.write(Path.of(out).resolve("metrics.json"), r.document().toBytes());
    }
    JsonNode m = r.metrics();
    assertThat(m.at("/model/pr_auc").asDouble()).isGreaterThanOrEqualTo(0.966);
    assertThat(m.at("/model/roc_auc").asDouble()).isGreaterThanOrEqualTo(0.998);
    assertThat(m.at("/calibration/brier").asDouble())
        .isLessThan(m.at("/calibration/brier_raw").asDouble());
    assertThat(m.at("/costs/on_test/0/total").asDouble())
        .isLessThanOrEqualTo(m.at("/costs/on_test/1/total").asDouble());
  }
}

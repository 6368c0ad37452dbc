package io.cardstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.input.Csv;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.registry.CostMetrics;
import io.cardstream.common.testing.SparkTestSession;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains on a slice of the real dev data (../shared/data/sparkov-dev: Sparkov's 2020 as training,
 * 2021 H1 as test), one card in {@value #CARD_SLICE}, so every kept card keeps its whole history.
 * Floors sit below what the slice gives, so a regression in features or training shows here.
 */
class DevDataTrainingTest {

  private static final int CARD_SLICE = 4;
  private static final int CATEGORY = 4;
  private static final int TIME = 1;
  private static final int CC_NUM = 2;

  private static SparkSession spark;
  @TempDir static Path dir;
  private static Path train;
  private static Path test;

  @BeforeAll
  static void start() throws IOException {
    Path dev = devData();
    train = slice(dev.resolve("fraudTrain.csv.gz"), dir.resolve("train.csv"), f -> f);
    test = slice(dev.resolve("fraudTest.csv.gz"), dir.resolve("test.csv"), f -> f);
    spark = SparkTestSession.create("DevDataTrainingTest");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** The dev data: -Dcardstream.devData, else ../shared/data/sparkov-dev beside the checkout. */
  static Path devData() {
    String configured = System.getProperty("cardstream.devData");
    Path p;
    if (configured != null) {
      p = Path.of(configured);
    } else {
      Path root = Path.of("").toAbsolutePath();
      while (root != null && !Files.exists(root.resolve("mvnw"))) {
        root = root.getParent();
      }
      assertThat(root).as("the checkout root (the directory with mvnw)").isNotNull();
      p = root.resolve("../shared/data/sparkov-dev").normalize();
    }
    assertThat(p.resolve("fraudTrain.csv.gz"))
        .as("the dev data (set -Dcardstream.devData to its directory)")
        .exists();
    return p;
  }

  private static Path slice(Path gz, Path out, UnaryOperator<String[]> change) throws IOException {
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8));
        BufferedWriter w = Files.newBufferedWriter(out)) {
      w.write(in.readLine());
      w.newLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = Csv.split(line);
        if (Long.parseLong(f[CC_NUM]) % CARD_SLICE == 0) {
          w.write(Csv.join(change.apply(f)));
          w.newLine();
        }
      }
    }
    return out;
  }

  private static Trainer.Result train(Path testInput, Path registry, int rounds)
      throws IOException {
    return new Trainer(spark, PanTokenizer.fromEnvironment(Map.of()), System.out)
        .run(
            new TrainConfig(
                List.of(train.toString()),
                "kaggle",
                List.of(testInput.toString()),
                null,
                registry.toString(),
                TrainConfig.Promote.AUTO,
                rounds,
                5,
                42L,
                null,
                null,
                0.15,
                null,
                CostMetrics.DEFAULT_REVIEW_COST,
                CostMetrics.DEFAULT_FALSE_DECLINE_COST));
  }

  @Test
  void realDataSliceMeetsTheFloorsAndPromotes() throws IOException {
    // Measured on this slice (56k training rows, 380 frauds): PR-AUC 0.879, ROC-AUC 0.9886.
    Trainer.Result r = train(test, dir.resolve("registry"), 60);
    JsonNode model = r.metrics().get("model");
    assertThat(r.metrics().get("test_fraud_rows").asLong()).isEqualTo(167);
    assertThat(model.get("pr_auc").asDouble()).isGreaterThan(0.85);
    assertThat(model.get("roc_auc").asDouble()).isGreaterThan(0.985);
    assertThat(model.get("precision_at_recall_80").asDouble()).isGreaterThan(0.80);
    // The history-length features differ in any later period; they are reported, not gated.
    assertThat(r.metrics().at("/drift/psi/card_txn_count").asDouble()).isGreaterThan(0.25);
    // 2021 against 2020: the same population, nothing blocks promotion.
    assertThat(r.metrics().at("/drift/unseen_category_share").asDouble()).isZero();
    assertThat(r.metrics().get("promotion_refused_because")).isEmpty();
    assertThat(r.promoted()).isTrue();
    assertThat(
            dir.resolve("registry")
                .resolve(r.version())
                .resolve(io.cardstream.common.registry.RegistryLayout.PROFILE))
        .exists();
  }

  @Test
  void categoriesRemappedByMonthRefusePromotionAndNameTheDrift() throws IOException {
    // A merchant-code remap in the test months: every category gets a new name per month.
    Path shifted =
        slice(
            devData().resolve("fraudTest.csv.gz"),
            dir.resolve("test-remapped.csv"),
            f -> {
              f[CATEGORY] = f[CATEGORY] + "_m" + f[TIME].substring(5, 7);
              return f;
            });
    // The refusal does not depend on the model's quality: fewer rounds keep the test short.
    Trainer.Result r = train(shifted, dir.resolve("registry-shifted"), 25);
    JsonNode m = r.metrics();
    assertThat(r.promoted()).isFalse();
    assertThat(m.at("/drift/unseen_category_share").asDouble()).isEqualTo(1.0);
    assertThat(m.at("/drift/psi/category").asDouble()).isGreaterThan(5.0);
    List<String> reasons = new ArrayList<>();
    m.get("promotion_refused_because").forEach(n -> reasons.add(n.asText()));
    assertThat(reasons)
        .contains(
            "category: 100.0% of rows have a value never seen in training (limit 1%)",
            String.format("category: PSI %.3f > 0.25", m.at("/drift/psi/category").asDouble()));
    String report =
        Files.readString(Path.of(r.versionDir()).resolve("report").resolve("report.md"));
    assertThat(report).contains("**Not promoted:**").contains("| category |");
    // Unseen categories go to the bucket the model was trained for (blanked categories), so the
    // model still ranks by the other features instead of sending every row one arbitrary way.
    // Measured: ROC-AUC 0.979 at 60 rounds (the issue measured 0.26 before this handling).
    assertThat(m.at("/model/roc_auc").asDouble()).isGreaterThan(0.9);
  }
}

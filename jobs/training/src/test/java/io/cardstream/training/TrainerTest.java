package io.cardstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.input.Csv;
import io.cardstream.common.input.KaggleCsvWriter;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.registry.CostMetrics;
import io.cardstream.common.testing.SparkTestSession;
import io.cardstream.generator.GeneratorConfig;
import io.cardstream.generator.TransactionGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains small models on generated data (one SparkSession for the class). */
class TrainerTest {

  private static SparkSession spark;
  @TempDir static Path dir;
  private static Path data;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    spark = SparkTestSession.createWithDelta("TrainerTest");
    data = dir.resolve("train.csv");
    generate(data, new GeneratorConfig(120, 50, LocalDate.of(2019, 1, 1), 3L, 0.02));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Trainer trainer() {
    return new Trainer(
        spark,
        PanTokenizer.fromEnvironment(Map.of()),
        new PrintStream(new ByteArrayOutputStream()));
  }

  private static TrainConfig config(Path input, Path registry, TrainConfig.Promote promote) {
    return new TrainConfig(
        List.of(input.toString()),
        "kaggle",
        List.of(),
        LocalDate.of(2019, 2, 10),
        registry.toString(),
        promote,
        12,
        4,
        7L,
        null,
        null,
        TrainConfig.DEFAULT_STEP_SIZE,
        null,
        CostMetrics.DEFAULT_REVIEW_COST,
        CostMetrics.DEFAULT_FALSE_DECLINE_COST);
  }

  @Test
  void registersAModelThatBeatsTheSeedRulesAndWritesTheReport() throws Exception {
    Path registry = dir.resolve("registry-a");
    Trainer.Result r = trainer().run(config(data, registry, TrainConfig.Promote.AUTO));

    Path v = registry.resolve(r.version());
    JsonNode m = JSON.readTree(v.resolve("metrics.json").toFile());
    for (String key :
        List.of(
            "version",
            "created_at",
            "train_rows",
            "test_rows",
            "test_fraud_rows",
            "threshold",
            "model",
            "baselines",
            "features",
            "promoted")) {
      assertThat(m.has(key)).as(key).isTrue();
    }
    // The baselines are the stream's seed rules (the flag list judges no transaction) and LR.
    List<String> baselines = new ArrayList<>();
    m.get("baselines").fieldNames().forEachRemaining(baselines::add);
    assertThat(baselines)
        .containsExactly(
            "amount_over_1000", "above_card_average", "velocity_1h", "logistic_regression");
    assertThat(m.get("rules_version").asText())
        .isEqualTo(io.cardstream.common.decision.RuleSet.defaults().version());
    for (JsonNode block :
        List.of(
            m.get("model"),
            m.at("/baselines/amount_over_1000"),
            m.at("/baselines/above_card_average"),
            m.at("/baselines/velocity_1h"),
            m.at("/baselines/logistic_regression"))) {
      for (String key :
          List.of(
              "pr_auc",
              "roc_auc",
              "precision",
              "recall",
              "recall_at_1pct_fpr",
              "precision_at_recall_80",
              "alert_rate")) {
        assertThat(block.get(key).isNumber()).as(key).isTrue();
      }
    }
    assertThat(m.get("version").asText()).isEqualTo(r.version());
    assertThat(m.get("promoted").asBoolean()).isTrue();
    assertThat(m.get("test_rows").asLong()).isPositive();
    assertThat(m.get("test_fraud_rows").asLong()).isPositive();
    // 22 numeric features and the indexed category.
    assertThat(m.get("features")).hasSize(23);
    assertThat(m.at("/features/15").asText()).isEqualTo("amt_to_card_cat_mean");
    assertThat(m.at("/model/precision_at_recall_80").asDouble()).isBetween(0.0, 1.0);
    double model = model(m);
    double bestRule =
        Math.max(
            m.at("/baselines/amount_over_1000/pr_auc").asDouble(),
            m.at("/baselines/above_card_average/pr_auc").asDouble());
    assertThat(model).isGreaterThan(3 * bestRule);
    assertThat(m.at("/model/roc_auc").asDouble()).isGreaterThan(0.9);

    assertThat(registry.resolve("CHAMPION")).hasContent(r.version());
    assertThat(v.resolve("model/metadata")).isDirectory();
    for (String png : List.of("report/pr_curve.png", "report/roc_curve.png")) {
      byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(v.resolve(png)), 4);
      assertThat(head).containsExactly(0x89, 'P', 'N', 'G');
    }
    // The drift of the test rows from the training rows, per feature, and the profile the stream
    // compares its traffic with.
    assertThat(m.at("/drift/psi")).hasSize(23);
    assertThat(m.at("/drift/rows").asLong()).isEqualTo(m.get("test_rows").asLong());
    assertThat(m.at("/drift/unseen_category_share").asDouble()).isZero();
    assertThat(m.get("promotion_refused_because")).isEmpty();
    JsonNode profile = JSON.readTree(v.resolve("profile.json").toFile());
    // Taken from the training rows after their first week (40 days of training: about 5/6 of them).
    long trainRows = m.get("train_rows").asLong();
    assertThat(profile.get("rows").asLong()).isLessThan(trainRows).isGreaterThan(trainRows * 3 / 4);
    assertThat(profile.get("features")).hasSize(22);
    assertThat(Files.readString(v.resolve("report/report.md")))
        .contains("## Drift (test rows against training rows)")
        .contains("| amount_over_1000 |")
        .contains("## Confusion matrix")
        .contains("## Feature importances")
        .contains("## Calibration (test rows)");
    // The score is a probability calibrated on the validation slice, stored with the model.
    assertThat(v.resolve("calibration.json")).exists();
    assertThat(m.at("/calibration/method").asText()).isIn("isotonic", "platt");
    assertThat(m.at("/calibration/brier").asDouble())
        .isBetween(0.0, 0.05)
        .isLessThan(m.at("/calibration/brier_raw").asDouble());
    assertThat(m.at("/calibration/reliability").size()).isPositive();
    // Cost-optimal thresholds beside the count-based ones, each with its cost on the test rows.
    assertThat(m.at("/costs/review_threshold").asDouble())
        .isLessThanOrEqualTo(m.at("/costs/decline_threshold").asDouble());
    assertThat(m.at("/costs/on_test")).hasSize(4);
    assertThat(m.at("/costs/on_test/0/policy").asText()).startsWith("cost-optimal");
    assertThat(m.at("/costs/on_test/1/policy").asText()).isEqualTo("rules file thresholds");
    assertThat(m.at("/costs/on_test/0/total").asDouble()).isPositive();
    assertThat(Files.readString(v.resolve("report/report.md")))
        .contains("## Expected cost by threshold policy (test rows)")
        .contains("## Uncertainty (95% stratified bootstrap intervals, 1000 resamples)")
        .contains("**Promotion test:** no champion scored the test rows");
    for (String key : List.of("pr_auc", "roc_auc", "recall_at_threshold")) {
      JsonNode i = m.at("/intervals/" + key);
      assertThat(i.get("lower").asDouble())
          .as(key)
          .isLessThanOrEqualTo(i.get("estimate").asDouble());
      assertThat(i.get("upper").asDouble())
          .as(key)
          .isGreaterThanOrEqualTo(i.get("estimate").asDouble());
    }
    assertThat(m.at("/intervals/pr_auc/estimate").asDouble()).isEqualTo(model(m));
    // The model card beside the report, in both forms.
    String card = Files.readString(v.resolve("report/model-card.md"));
    assertThat(card)
        .contains("# Model card: fraud model " + r.version())
        .contains("## Data", "## Features", "## Calibration", "## Cost at the thresholds")
        .contains("## Performance by segment", "**gender**", "**amount band**", "**Gaps:**")
        .contains("## Drift and the champion", "## Known limits");
    assertThat(Files.readString(v.resolve("report/model-card.html")))
        .startsWith("<!DOCTYPE html>")
        .contains("<h2>Performance by segment (test rows, at the threshold)</h2>");

    // never: registered but not promoted; auto with an equal model: promoted (not lower).
    Trainer.Result never = trainer().run(config(data, registry, TrainConfig.Promote.NEVER));
    assertThat(never.promoted()).isFalse();
    assertThat(registry.resolve("CHAMPION")).hasContent(r.version());
    assertThat(never.metrics().at("/champion/version").asText()).isEqualTo(r.version());
    assertThat(never.metrics().at("/champion/pr_auc").asDouble()).isEqualTo(model);
  }

  @Test
  void shuffledLabelsCollapsePrAucToTheFraudRate() throws Exception {
    Path shuffled = dir.resolve("shuffled.csv");
    List<String> lines = Files.readAllLines(data);
    List<String> labels = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] f = Csv.split(l);
      labels.add(f[f.length - 1]);
    }
    Collections.shuffle(labels, new Random(1));
    List<String> out = new ArrayList<>(List.of(lines.get(0)));
    for (int i = 1; i < lines.size(); i++) {
      String l = lines.get(i);
      out.add(l.substring(0, l.lastIndexOf(',') + 1) + labels.get(i - 1));
    }
    Files.write(shuffled, out);

    // The baselines are the rules of the file given, whatever they are.
    Path rules = dir.resolve("rules.json");
    Files.writeString(
        rules,
        "{\"version\": \"test-1\", \"model\": {\"review_threshold\": 0.3,"
            + " \"decline_threshold\": 0.9}, \"rules\": [{\"id\": \"big_spend\","
            + " \"type\": \"amount_over\", \"amount\": 250, \"action\": \"REVIEW\"}]}");
    Trainer.Result r =
        trainer()
            .run(
                new TrainConfig(
                    List.of(shuffled.toString()),
                    "kaggle",
                    List.of(),
                    LocalDate.of(2019, 2, 10),
                    dir.resolve("registry-b").toString(),
                    TrainConfig.Promote.NEVER,
                    12,
                    4,
                    7L,
                    rules.toString(),
                    null,
                    TrainConfig.DEFAULT_STEP_SIZE,
                    null,
                    CostMetrics.DEFAULT_REVIEW_COST,
                    CostMetrics.DEFAULT_FALSE_DECLINE_COST));
    double fraudRate =
        r.metrics().get("test_fraud_rows").asDouble() / r.metrics().get("test_rows").asDouble();
    assertThat(r.metrics().at("/model/pr_auc").asDouble()).isLessThan(3 * fraudRate);

    List<String> baselines = new ArrayList<>();
    r.metrics().get("baselines").fieldNames().forEachRemaining(baselines::add);
    assertThat(baselines).containsExactly("big_spend", "logistic_regression");
    assertThat(r.metrics().get("rules_version").asText()).isEqualTo("test-1");
    long test = 0;
    long over = 0;
    for (String l : lines.subList(1, lines.size())) {
      String[] f = Csv.split(l);
      if (f[1].compareTo("2019-02-10") >= 0) {
        test++;
        over += Double.parseDouble(f[5]) > 250 ? 1 : 0;
      }
    }
    assertThat(r.metrics().at("/baselines/big_spend/alert_rate").asDouble())
        .isCloseTo((double) over / test, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void feedbackLabelsOverrideTheDatasetAndTheModelLearnsThem() throws Exception {
    // Customers said "not me" to every travel payment of the training data: labels the dataset
    // had as legitimate. The model trained with that feedback must score those rows higher.
    PanTokenizer tokenizer = PanTokenizer.fromEnvironment(Map.of());
    Dataset<Row> rows =
        TrainingData.load(spark, List.of(data.toString()), "kaggle", tokenizer).rows();
    Dataset<Row> flipped =
        rows.where("category = 'travel' AND is_fraud = 0").select("trans_num", "card_id");
    long n = flipped.count();
    assertThat(n).isGreaterThan(50);
    String feedback = dir.resolve("feedback-labels").toUri().toString();
    flipped
        .withColumn("is_fraud", org.apache.spark.sql.functions.lit(1))
        .withColumn("source", org.apache.spark.sql.functions.lit("customer"))
        .write()
        .format("delta")
        .save(feedback);

    Trainer.Result without =
        trainer().run(config(data, dir.resolve("registry-fb-a"), TrainConfig.Promote.FORCE));
    Trainer.Result with =
        trainer()
            .run(
                new TrainConfig(
                    List.of(data.toString()),
                    "kaggle",
                    List.of(),
                    LocalDate.of(2019, 2, 10),
                    dir.resolve("registry-fb-b").toString(),
                    TrainConfig.Promote.FORCE,
                    12,
                    4,
                    7L,
                    null,
                    feedback,
                    TrainConfig.DEFAULT_STEP_SIZE,
                    null,
                    CostMetrics.DEFAULT_REVIEW_COST,
                    CostMetrics.DEFAULT_FALSE_DECLINE_COST));

    assertThat(without.metrics().has("feedback")).isFalse();
    JsonNode fb = with.metrics().get("feedback");
    assertThat(fb.get("answers").asLong()).isEqualTo(n);
    assertThat(fb.get("matched_rows").asLong()).isEqualTo(n);
    assertThat(fb.get("labels_changed").asLong()).isEqualTo(n);
    assertThat(fb.get("labels_added").asLong()).isZero();
    assertThat(fb.get("from_customers").asLong()).isEqualTo(n);
    assertThat(fb.get("from_analysts").asLong()).isZero();
    assertThat(
            with.metrics().get("train_fraud_rows").asLong()
                + with.metrics().get("test_fraud_rows").asLong())
        .isEqualTo(
            without.metrics().get("train_fraud_rows").asLong()
                + without.metrics().get("test_fraud_rows").asLong()
                + n);

    Dataset<Row> features =
        io.cardstream.common.features.CardFeatures.add(rows)
            .join(flipped.select("trans_num"), "trans_num");
    double before = meanScore(without, features);
    double after = meanScore(with, features);
    assertThat(after).isGreaterThan(2 * before);
  }

  private static double meanScore(Trainer.Result r, Dataset<Row> rows) {
    org.apache.spark.ml.PipelineModel m =
        org.apache.spark.ml.PipelineModel.load(r.versionDir() + "/model");
    return io.cardstream.common.registry.FraudScore.add(m, rows, FraudPipelines.SCORE)
        .agg(org.apache.spark.sql.functions.avg(FraudPipelines.SCORE))
        .first()
        .getDouble(0);
  }

  @Test
  void shadowPutsAWinningModelBesideTheChampionInsteadOfReplacingIt() throws Exception {
    Path registry = dir.resolve("registry-shadow");
    // No champion yet: shadow promotes, there is nothing to compare with.
    Trainer.Result first = trainer().run(config(data, registry, TrainConfig.Promote.SHADOW));
    assertThat(first.promoted()).isTrue();
    assertThat(first.metrics().get("challenger").asBoolean()).isFalse();
    Trainer.Result second = trainer().run(config(data, registry, TrainConfig.Promote.SHADOW));
    assertThat(second.promoted()).isFalse();
    assertThat(second.metrics().get("challenger").asBoolean()).isTrue();
    assertThat(second.metrics().get("promotion_refused_because")).isEmpty();
    assertThat(registry.resolve("CHAMPION")).hasContent(first.version());
    assertThat(registry.resolve("CHALLENGER")).hasContent(second.version());
  }

  /** Silver rows both models scored: the challenger ranks every fraud first, the champion not. */
  private static String shadowEvents(String name, int frauds, int events) {
    List<Row> rows = new ArrayList<>();
    Random rnd = new Random(5);
    for (int i = 0; i < events; i++) {
      int fraud = i < frauds ? 1 : 0;
      double champion = rnd.nextDouble();
      double challenger = fraud == 1 ? 0.9 + rnd.nextDouble() / 10 : rnd.nextDouble() * 0.9;
      rows.add(
          org.apache.spark.sql.RowFactory.create(
              "t" + i, "card" + i, champion, challenger, "v2", "v1", fraud));
    }
    org.apache.spark.sql.types.StructType schema =
        new org.apache.spark.sql.types.StructType()
            .add("trans_num", "string")
            .add("card_id", "string")
            .add("score", "double")
            .add("challenger_score", "double")
            .add("challenger_version", "string")
            .add("model_version", "string")
            .add("is_fraud", "int");
    String path = dir.resolve(name).toUri().toString();
    spark.createDataFrame(rows, schema).write().format("delta").save(path);
    return path;
  }

  @Test
  void theShadowVerdictNeedsEnoughFraudThenPromotesTheWinner() throws Exception {
    Path root = dir.resolve("registry-verdict");
    Files.createDirectories(root.resolve("v1/model"));
    Files.createDirectories(root.resolve("v2/model"));
    io.cardstream.common.registry.ModelRegistry registry =
        new io.cardstream.common.registry.ModelRegistry(
            root.toString(), spark.sparkContext().hadoopConfiguration());
    registry.promote("v1");
    registry.challenge("v2");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    JsonNode few =
        ShadowComparison.run(spark, registry, shadowEvents("few", 5, 300), null, quiet).toJson();
    assertThat(few.get("labelled_events").asLong()).isEqualTo(300);
    assertThat(few.get("verdict").asText())
        .isEqualTo(
            "kept in the shadow: 5 labelled frauds among 300 events both scored (at least 20"
                + " needed)");
    assertThat(registry.challenger()).contains("v2");

    JsonNode won =
        ShadowComparison.run(spark, registry, shadowEvents("many", 40, 300), null, quiet).toJson();
    assertThat(won.get("challenger_pr_auc").asDouble())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(won.get("champion_pr_auc").asDouble()).isLessThan(0.5);
    assertThat(won.get("verdict").asText()).isEqualTo("challenger promoted");
    assertThat(registry.champion()).contains("v2");
    assertThat(registry.challenger()).isEmpty();

    // The other way round: the champion wins, the challenger leaves the shadow.
    registry.promote("v1");
    registry.challenge("v2");
    String beaten = dir.resolve("beaten").toUri().toString();
    spark
        .read()
        .format("delta")
        .load(shadowEvents("many-2", 40, 300))
        .selectExpr(
            "trans_num",
            "card_id",
            "challenger_score AS score",
            "score AS challenger_score",
            "challenger_version",
            "model_version",
            "is_fraud")
        .write()
        .format("delta")
        .save(beaten);
    JsonNode lost = ShadowComparison.run(spark, registry, beaten, null, quiet).toJson();
    assertThat(lost.get("verdict").asText()).isEqualTo("challenger beaten, out of the shadow");
    assertThat(registry.champion()).contains("v1");
    assertThat(registry.challenger()).isEmpty();
  }

  @Test
  void aKaggleZipTrainsLikeItsCsvAndOtherArchivesAreRefused() throws IOException {
    Path zip = dir.resolve("fraudTrain.csv.zip");
    try (java.util.zip.ZipOutputStream out =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new java.util.zip.ZipEntry("fraudTrain.csv"));
      Files.copy(data, out);
      out.closeEntry();
    }
    PanTokenizer tokenizer = PanTokenizer.fromEnvironment(Map.of());
    long fromCsv =
        TrainingData.load(spark, List.of(data.toString()), "kaggle", tokenizer).rows().count();
    long fromZip =
        TrainingData.load(spark, List.of(zip.toString()), "kaggle", tokenizer).rows().count();
    assertThat(fromZip).isPositive().isEqualTo(fromCsv);
    Path bz2 = Files.writeString(dir.resolve("fraudTrain.csv.bz2"), "x");
    assertThatThrownBy(
            () -> trainer().run(config(bz2, dir.resolve("r-bz2"), TrainConfig.Promote.AUTO)))
        .hasMessageContaining(
            "is an archive Spark cannot read as text: give .csv, .csv.gz or .zip");
  }

  @Test
  void badInputsEndWithClearErrors() throws IOException {
    Path registry = dir.resolve("registry-c");
    assertThatThrownBy(
            () ->
                trainer()
                    .run(config(dir.resolve("missing.csv"), registry, TrainConfig.Promote.AUTO)))
        .hasMessageContaining("missing.csv does not exist");

    Path paysimHeader = dir.resolve("paysim.csv");
    Files.writeString(
        paysimHeader,
        "step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,newbalanceDest,isFraud,isFlaggedFraud\n"
            + "1,PAYMENT,10.0,C1,0,0,M2,0,0,0,0\n");
    assertThatThrownBy(
            () -> trainer().run(config(paysimHeader, registry, TrainConfig.Promote.AUTO)))
        .hasMessageContaining("not a Kaggle/Sparkov CSV header");

    Path headerOnly = dir.resolve("empty.csv");
    Files.writeString(headerOnly, KaggleCsvWriter.HEADER + "\n");
    assertThatThrownBy(() -> trainer().run(config(headerOnly, registry, TrainConfig.Promote.AUTO)))
        .hasMessageContaining("no labelled transactions in the input");

    Path noFraud = dir.resolve("nofraud.csv");
    generate(noFraud, new GeneratorConfig(20, 5, LocalDate.of(2019, 3, 1), 4L, 0.0));
    assertThatThrownBy(
            () ->
                trainer()
                    .run(
                        new TrainConfig(
                            List.of(data.toString()),
                            "kaggle",
                            List.of(noFraud.toString()),
                            null,
                            registry.toString(),
                            TrainConfig.Promote.AUTO,
                            5,
                            3,
                            1L,
                            null,
                            null,
                            TrainConfig.DEFAULT_STEP_SIZE,
                            null,
                            CostMetrics.DEFAULT_REVIEW_COST,
                            CostMetrics.DEFAULT_FALSE_DECLINE_COST)))
        .hasMessageContaining("the test rows contain no fraud");

    assertThatThrownBy(
            () ->
                new TrainConfig(
                    List.of("x"),
                    "parquet",
                    List.of(),
                    null,
                    "r",
                    null,
                    5,
                    3,
                    1L,
                    null,
                    null,
                    TrainConfig.DEFAULT_STEP_SIZE,
                    null,
                    CostMetrics.DEFAULT_REVIEW_COST,
                    CostMetrics.DEFAULT_FALSE_DECLINE_COST))
        .hasMessage("--format must be one of [kaggle, paysim, json, delta], got 'parquet'");
  }

  private static void generate(Path file, GeneratorConfig config) {
    try {
      TransactionGenerator.writeKaggleCsv(config, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double model(JsonNode metrics) {
    return metrics.at("/model/pr_auc").asDouble();
  }
}

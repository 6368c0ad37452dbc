package io.cardstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.cli.LocalSpark;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.generator.GeneratorConfig;
import io.cardstream.generator.TransactionGenerator;
import io.cardstream.training.TrainConfig;
import io.cardstream.training.Trainer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * Training at Kaggle size (1.3M rows by default) on this machine: wall time, rows/s, peak heap, and
 * quality as ratios against the seed rules measured on the same test rows in the same run.
 *
 * <p>Targets (issue 3): ROC-AUC >= 0.98, PR-AUC >= 5x the better rule, <= 10 minutes, <= 6 GB heap.
 */
public final class TrainingBenchmark {

  private TrainingBenchmark() {}

  public static void main(String[] args) throws Exception {
    int customers = BenchArgs.intArg(args, "--customers", 1000);
    int days = BenchArgs.intArg(args, "--days", 500);
    // The production defaults unless told otherwise: the benchmark measures what the nightly runs.
    int maxIter = BenchArgs.intArg(args, "--max-iter", TrainConfig.DEFAULT_MAX_ITER);
    int maxDepth = BenchArgs.intArg(args, "--max-depth", TrainConfig.DEFAULT_MAX_DEPTH);
    Path dir = Files.createTempDirectory("cardstream-bench-training-");
    Path csv = dir.resolve("train.csv");

    long g0 = System.nanoTime();
    TransactionGenerator.Summary gen =
        TransactionGenerator.writeKaggleCsv(
            new GeneratorConfig(customers, days, LocalDate.of(2019, 1, 1), 7L, 0.006), csv);
    double genSecs = (System.nanoTime() - g0) / 1e9;

    SparkSession.Builder session = SparkSession.builder().appName("training-benchmark");
    LocalSpark.DEFAULTS.forEach(session::config);
    SparkSession spark = session.getOrCreate();
    resetPeaks();
    long t0 = System.nanoTime();
    Trainer.Result r =
        new Trainer(spark, PanTokenizer.fromEnvironment(), System.out)
            .run(
                TrainConfig.builder()
                    .input(csv.toString())
                    .registry(dir.resolve("registry").toString())
                    .maxIter(maxIter)
                    .maxDepth(maxDepth)
                    .seed(42L)
                    .build());
    double secs = (System.nanoTime() - t0) / 1e9;
    spark.stop();

    JsonNode m = r.metrics();
    double model = m.at("/model/pr_auc").asDouble();
    double bestRule =
        Math.max(
            m.at("/baselines/amount_over_1000/pr_auc").asDouble(),
            m.at("/baselines/above_card_average/pr_auc").asDouble());
    double roc = m.at("/model/roc_auc").asDouble();
    double heapGb = peakHeapBytes() / 1e9;
    System.out.println();
    System.out.println(
        "== training benchmark ("
            + Runtime.getRuntime().availableProcessors()
            + " cores, max heap "
            + Runtime.getRuntime().maxMemory() / (1 << 20)
            + " MB)");
    System.out.printf(
        "  generated            %,d rows (%,d fraud) in %.1f s (%,.0f rows/s)%n",
        gen.rows(), gen.fraudRows(), genSecs, gen.rows() / genSecs);
    System.out.printf(
        "  training run         %.1f s end to end (%,.0f rows/s), peak heap <= %.2f GB (sum of pool peaks)%n",
        secs, gen.rows() / secs, heapGb);
    System.out.printf("  model ROC-AUC        %.4f%n", roc);
    System.out.printf(
        "  model PR-AUC         %.4f = %.1fx the better seed rule (%.4f)%n",
        model, model / bestRule, bestRule);
    System.out.printf(
        "  logistic regression  PR-AUC %.4f (model / LR = %.2fx)%n",
        m.at("/baselines/logistic_regression/pr_auc").asDouble(),
        model / m.at("/baselines/logistic_regression/pr_auc").asDouble());
    System.out.printf(
        "  model recall at the rules' alert rates: amount>1000 %.3f vs %.3f, above-average %.3f vs %.3f%n",
        m.at("/baselines/amount_over_1000/model_recall_at_same_alert_rate").asDouble(),
        m.at("/baselines/amount_over_1000/recall").asDouble(),
        m.at("/baselines/above_card_average/model_recall_at_same_alert_rate").asDouble(),
        m.at("/baselines/above_card_average/recall").asDouble());
    boolean pass = roc >= 0.98 && model >= 5 * bestRule && secs <= 600 && heapGb <= 6;
    System.out.println(
        "  targets (ROC-AUC >= 0.98, PR-AUC >= 5x rules, <= 600 s, <= 6 GB): "
            + (pass ? "MET" : "NOT MET"));
    System.out.println("  report: " + r.versionDir() + "/report/report.md");
    Path json =
        new BenchReport("training")
            .put("rows", gen.rows())
            .put("fraud_rows", gen.fraudRows())
            .put("max_iter", maxIter)
            .put("max_depth", maxDepth)
            .put("seconds", secs)
            .put("rows_per_second", gen.rows() / secs)
            .put("peak_heap_gb", heapGb)
            .put("roc_auc", roc)
            .put("pr_auc", model)
            .put("pr_auc_vs_best_rule", model / bestRule)
            .put("targets_met", pass)
            .write();
    System.out.println("  figures: " + json);
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}

package io.cardstream.training;

import io.cardstream.common.cli.JobMain;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.registry.CostMetrics;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * spark-submit entry point: parses options into a {@link TrainConfig} and runs the {@link Trainer}
 * on the session spark-submit provides.
 *
 * <pre>
 * spark-submit --class io.cardstream.training.TrainModelJob cardstream-training-emr.jar \
 *   --input s3://bucket/lake/bronze/transactions --format delta --split-date 2020-05-01 \
 *   --registry s3://bucket/lake/models/fraud --promote auto
 * </pre>
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Train the fraud model, evaluate it out of time against the stream's rules, register it,"
            + " promote it or not.")
public final class TrainModelJob implements Callable<Integer> {

  @Option(
      names = "--input",
      required = true,
      split = ",",
      description = "Training input(s): files or Delta table paths.")
  List<String> inputs;

  @Option(
      names = "--format",
      defaultValue = "kaggle",
      description = "kaggle | paysim | json | delta (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--test-input",
      split = ",",
      description = "Out-of-time test input(s), same format.")
  List<String> testInputs;

  @Option(
      names = "--split-date",
      description = "First day of the test period (yyyy-MM-dd); default: the last ~20% of rows.")
  LocalDate splitDate;

  @Option(
      names = "--registry",
      required = true,
      description = "Model registry root (path or s3a://, s3:// URI).")
  String registry;

  @Option(
      names = "--promote",
      defaultValue = "auto",
      description =
          "auto | never | force | shadow (shadow: a winning model becomes the CHALLENGER the"
              + " stream scores beside the champion; default ${DEFAULT-VALUE}).")
  String promote;

  @Option(
      names = "--max-iter",
      defaultValue = "" + TrainConfig.DEFAULT_MAX_ITER,
      description = "Boosting rounds (default ${DEFAULT-VALUE}).")
  int maxIter;

  @Option(
      names = "--max-depth",
      defaultValue = "" + TrainConfig.DEFAULT_MAX_DEPTH,
      description = "Tree depth (default ${DEFAULT-VALUE}).")
  int maxDepth;

  @Option(
      names = "--step-size",
      defaultValue = "" + TrainConfig.DEFAULT_STEP_SIZE,
      description = "Learning rate of the boosting rounds (default ${DEFAULT-VALUE}).")
  double stepSize;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--rules",
      description =
          "The stream's rules file: its rules are the baselines; default: the built-in seed rules.")
  String rules;

  @Option(
      names = "--feedback",
      description =
          "The feedback/labels Delta table: customers' and analysts' answers override is_fraud.")
  String feedback;

  @Option(
      names = "--shadow-events",
      description =
          "The stream's silver table: first compare the CHALLENGER with the CHAMPION on the"
              + " labelled events both scored, and promote it if it wins.")
  String shadowEvents;

  @Option(
      names = "--review-cost",
      defaultValue = "" + CostMetrics.DEFAULT_REVIEW_COST,
      description =
          "What one manual review costs, for the cost-optimal REVIEW and DECLINE thresholds"
              + " (a fraud approved loses its amount; default ${DEFAULT-VALUE}).")
  double reviewCost;

  @Option(
      names = "--false-decline-cost",
      defaultValue = "" + CostMetrics.DEFAULT_FALSE_DECLINE_COST,
      description = "What declining a legitimate payment costs (default ${DEFAULT-VALUE}).")
  double falseDeclineCost;

  private SparkSession session;

  /** Uses the given session instead of the one spark-submit provides (the local CLI). */
  public TrainModelJob withSession(SparkSession spark) {
    this.session = spark;
    return this;
  }

  public TrainConfig config() {
    return TrainConfig.builder()
        .inputs(inputs)
        .format(format)
        .testInputs(testInputs)
        .splitDate(splitDate)
        .registry(registry)
        .promote(TrainConfig.Promote.fromName(promote))
        .maxIter(maxIter)
        .maxDepth(maxDepth)
        .seed(seed)
        .rulesFile(rules)
        .feedback(feedback)
        .stepSize(stepSize)
        .shadowEvents(shadowEvents)
        .costs(reviewCost, falseDeclineCost)
        .build();
  }

  @Override
  public Integer call() throws Exception {
    train();
    return 0;
  }

  /** One training run with the parsed options. */
  public Trainer.Result train() throws java.io.IOException {
    TrainConfig config = config();
    SparkSession spark = session != null ? session : JobMain.session("cardstream-train");
    return new Trainer(spark, PanTokenizer.fromEnvironment(), System.out).run(config);
  }

  public static void main(String[] args) {
    JobMain.run(new TrainModelJob(), args);
  }
}

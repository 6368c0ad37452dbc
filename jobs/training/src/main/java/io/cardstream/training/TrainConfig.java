package io.cardstream.training;

import io.cardstream.common.registry.CostMetrics;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Everything one training run needs; validated on construction with messages that say how to fix
 * the problem.
 *
 * @param inputs training files or Delta table paths (history and training rows)
 * @param format kaggle | paysim | json | delta (for inputs and test inputs alike)
 * @param testInputs optional out-of-time test data; when absent the inputs are split by date
 * @param splitDate first day of the test period; when both this and testInputs are absent, the day
 *     at which 80% of the input rows lie before is used
 * @param registry the model registry root (local path, file:, s3a: or s3: URI)
 * @param promote auto | never | force | shadow
 * @param maxIter boosting rounds of the gradient-boosted trees
 * @param maxDepth depth of each tree
 * @param seed seed of every random step
 * @param rulesFile the stream's rules file, whose rules are the baselines; null: the seed rules
 * @param feedback the Delta table of customers' and analysts' answers ({@code feedback/labels}),
 *     whose labels override the inputs' {@code is_fraud}; null: none
 * @param stepSize learning rate of the boosting rounds
 * @param shadowEvents the stream's silver table: before training, the CHALLENGER is compared with
 *     the CHAMPION on the labelled events both scored, and promoted if it wins; null: no comparison
 * @param reviewCost what one manual review costs, for the cost-optimal thresholds
 * @param falseDeclineCost what declining a legitimate payment costs (a fraud approved loses its
 *     amount)
 */
public record TrainConfig(
    List<String> inputs,
    String format,
    List<String> testInputs,
    LocalDate splitDate,
    String registry,
    Promote promote,
    int maxIter,
    int maxDepth,
    long seed,
    String rulesFile,
    String feedback,
    double stepSize,
    String shadowEvents,
    double reviewCost,
    double falseDeclineCost) {

  /** Rounds, depth and step that reach the dev split's targets (docs/model.md). */
  public static final int DEFAULT_MAX_ITER = 150;

  public static final int DEFAULT_MAX_DEPTH = 6;
  public static final double DEFAULT_STEP_SIZE = 0.1;

  /**
   * A configuration by name: Kaggle format, split by date (the last ~20% of rows tested), the seed
   * rules, no feedback, no shadow comparison, the default rounds, depth and step and seed 42 unless
   * set: how the demo, tests and benchmarks train.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TrainConfig}; {@link #build} validates it. */
  public static final class Builder {
    private List<String> inputs = List.of();
    private String format = "kaggle";
    private List<String> testInputs = List.of();
    private LocalDate splitDate;
    private String registry;
    private Promote promote = Promote.AUTO;
    private int maxIter = DEFAULT_MAX_ITER;
    private int maxDepth = DEFAULT_MAX_DEPTH;
    private long seed = 42;
    private String rulesFile;
    private String feedback;
    private double stepSize = DEFAULT_STEP_SIZE;
    private String shadowEvents;
    private double reviewCost = CostMetrics.DEFAULT_REVIEW_COST;
    private double falseDeclineCost = CostMetrics.DEFAULT_FALSE_DECLINE_COST;

    private Builder() {}

    public Builder costs(double review, double falseDecline) {
      reviewCost = review;
      falseDeclineCost = falseDecline;
      return this;
    }

    public Builder input(String v) {
      inputs = List.of(v);
      return this;
    }

    public Builder inputs(List<String> v) {
      inputs = v;
      return this;
    }

    public Builder format(String v) {
      format = v;
      return this;
    }

    public Builder testInputs(List<String> v) {
      testInputs = v;
      return this;
    }

    public Builder splitDate(LocalDate v) {
      splitDate = v;
      return this;
    }

    public Builder registry(String v) {
      registry = v;
      return this;
    }

    public Builder promote(Promote v) {
      promote = v;
      return this;
    }

    public Builder maxIter(int v) {
      maxIter = v;
      return this;
    }

    public Builder maxDepth(int v) {
      maxDepth = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder rulesFile(String v) {
      rulesFile = v;
      return this;
    }

    public Builder feedback(String v) {
      feedback = v;
      return this;
    }

    public Builder stepSize(double v) {
      stepSize = v;
      return this;
    }

    public Builder shadowEvents(String v) {
      shadowEvents = v;
      return this;
    }

    public TrainConfig build() {
      return new TrainConfig(
          inputs,
          format,
          testInputs,
          splitDate,
          registry,
          promote,
          maxIter,
          maxDepth,
          seed,
          rulesFile,
          feedback,
          stepSize,
          shadowEvents,
          reviewCost,
          falseDeclineCost);
    }
  }

  /** What to do with the CHAMPION pointer after evaluation. */
  public enum Promote {
    /** Promote only if the drift guard does not block it and PR-AUC is not below the champion's. */
    AUTO,
    NEVER,
    FORCE,
    /**
     * As auto, but a model that would be promoted goes into the shadow as CHALLENGER (the stream
     * scores it beside the champion), unless there is no champion yet; it is promoted by a later
     * run's shadow comparison ({@code --shadow-events}) only if it wins on the stream's events.
     */
    SHADOW;

    public static Promote fromName(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--promote must be auto, never, force or shadow, got '" + s + "'");
      }
    }
  }

  public static final List<String> FORMATS = List.of("kaggle", "paysim", "json", "delta");

  public TrainConfig {
    inputs = List.copyOf(inputs == null ? List.of() : inputs);
    testInputs = List.copyOf(testInputs == null ? List.of() : testInputs);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one --input is required (a CSV/JSON file or a Delta table path)");
    }
    format = format == null ? "kaggle" : format.trim().toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          "--format must be one of " + FORMATS + ", got '" + format + "'");
    }
    if (registry == null || registry.isBlank()) {
      throw new IllegalArgumentException(
          "--registry is required: the directory that holds model versions");
    }
    if (!testInputs.isEmpty() && splitDate != null) {
      throw new IllegalArgumentException("give either --test-input or --split-date, not both");
    }
    if (maxIter < 1 || maxIter > 1000) {
      throw new IllegalArgumentException("--max-iter must be between 1 and 1000, got " + maxIter);
    }
    if (maxDepth < 1 || maxDepth > 15) {
      throw new IllegalArgumentException("--max-depth must be between 1 and 15, got " + maxDepth);
    }
    if (!(stepSize > 0 && stepSize <= 1)) {
      throw new IllegalArgumentException("--step-size must be in (0, 1], got " + stepSize);
    }
    if (promote == null) {
      promote = Promote.AUTO;
    }
    if (rulesFile != null && rulesFile.isBlank()) {
      rulesFile = null;
    }
    if (feedback != null && feedback.isBlank()) {
      feedback = null;
    }
    if (!(reviewCost >= 0 && reviewCost < 1e9)
        || !(falseDeclineCost >= 0 && falseDeclineCost < 1e9)) {
      throw new IllegalArgumentException(
          "--review-cost and --false-decline-cost must be amounts >= 0, got "
              + reviewCost
              + " and "
              + falseDeclineCost);
    }
    if (shadowEvents != null && shadowEvents.isBlank()) {
      shadowEvents = null;
    }
  }
}

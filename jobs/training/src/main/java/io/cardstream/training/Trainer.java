package io.cardstream.training;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.decision.DecisionEngine;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.features.CardFeatures;
import io.cardstream.common.features.FeatureProfile;
import io.cardstream.common.features.Profiles;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.registry.ModelRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One training run, in six steps: load and split by time, features, fit (gradient-boosted trees and
 * a logistic-regression baseline), out-of-time evaluation against the stream's own rules and the
 * champion, registry write, promotion. The threshold is chosen on a validation slice (the last 20%
 * of the training period by time), never on the test rows.
 */
public final class Trainer {

  static final String ROLE = "role";
  static final String SCORE = "score";
  private static final String TRAIN = "train";
  private static final String TEST = "test";

  /** One fit row in this many stands in for an unseen category (see {@link #weighted}). */
  static final int UNSEEN_EVERY = 50;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SparkSession spark;
  private final PrintStream out;
  private final PanTokenizer tokenizer;

  /** What a run produced. */
  public record Result(String version, boolean promoted, ObjectNode metrics, String versionDir) {}

  /**
   * Every input row with its role (train or test), what was rejected on the way, and what the
   * feedback labels changed (null without feedback).
   */
  private record Split(
      Dataset<Row> rows,
      LocalDate splitDate,
      Map<String, Long> rejected,
      FeedbackLabels.Applied feedback) {}

  /** Labelled feature rows, persisted, and their train/test counts (rows, fraud rows). */
  private record Features(
      Dataset<Row> all,
      Dataset<Row> train,
      Dataset<Row> test,
      long[] trainCounts,
      long[] testCounts) {}

  /** The fitted pipelines, their thresholds, and how many rows the final fit saw. */
  private record Fitted(
      PipelineModel gbt,
      PipelineModel lr,
      double threshold,
      double lrThreshold,
      long validationStart,
      long[] fitCounts,
      double positiveWeight) {}

  /** Out-of-time metrics of the model and every baseline, and the champion's on the same rows. */
  private record Evaluation(
      BinaryMetrics model,
      double threshold,
      BinaryMetrics lr,
      double lrThreshold,
      Map<RuleSet.Rule, BinaryMetrics> rules,
      Optional<String> champion,
      Double championPrAuc,
      String championNote) {}

  public Trainer(SparkSession spark, PanTokenizer tokenizer, PrintStream progress) {
    this.spark = spark;
    this.tokenizer = tokenizer;
    this.out = progress;
  }

  public Result run(TrainConfig c) throws IOException {
    long t0 = System.nanoTime();
    Instant createdAt = Instant.now();
    RuleSet rules =
        c.rulesFile() == null ? RuleSet.defaults() : RuleSet.load(Path.of(c.rulesFile()));
    ModelRegistry registry =
        new ModelRegistry(c.registry(), spark.sparkContext().hadoopConfiguration());
    // The shadow's verdict first: a promoted challenger is the champion this run must beat.
    ObjectNode shadow =
        c.shadowEvents() == null
            ? null
            : ShadowComparison.run(spark, registry, c.shadowEvents(), c.feedback(), JSON, out);
    Split split = load(c);
    Features features = features(split);
    Fitted fitted = fit(c, features);
    step(5, "evaluating out of time on the test rows");
    Evaluation ev = evaluate(fitted, features.test(), rules, registry);
    FeatureProfile profile = Profiles.of(settled(features.train(), features.trainCounts()));
    FeatureProfile.Drift drift = Profiles.drift(profile, features.test());
    // Calendar-bound distributions (day of week, 7-day windows) only compare over whole weeks.
    double testDays = periodDays(features.testCounts());
    boolean gated = testDays >= FeatureProfile.MIN_GATED_DAYS;
    List<String> refused = new ArrayList<>(gated ? drift.blocking() : List.of());
    if (ev.championPrAuc() != null && ev.model().averagePrecision() < ev.championPrAuc()) {
      refused.add(
          String.format(
              "PR-AUC %.4f is below the champion's %.4f on the same test rows",
              ev.model().averagePrecision(), ev.championPrAuc()));
    }
    boolean promote =
        switch (c.promote()) {
          case FORCE -> true;
          case NEVER -> false;
          case AUTO -> refused.isEmpty();
          case SHADOW -> refused.isEmpty() && ev.champion().isEmpty();
        };
    boolean challenge =
        c.promote() == TrainConfig.Promote.SHADOW && refused.isEmpty() && ev.champion().isPresent();
    String version =
        registry.newVersion(
            "v"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC)
                    .format(createdAt));
    ObjectNode m = metrics(c, version, createdAt, split, features, fitted, ev, rules, promote);
    ObjectNode driftBlock = drift.toJson(JSON);
    driftBlock.put("gated", gated);
    if (!gated) {
      driftBlock.put(
          "not_gated_because",
          String.format(
              "the test period covers %.1f days, less than %d: drift is reported, not gated",
              testDays, FeatureProfile.MIN_GATED_DAYS));
    }
    m.set("drift", driftBlock);
    m.set(
        "promotion_refused_because", JSON.valueToTree(promote || challenge ? List.of() : refused));
    m.put("challenger", challenge);
    if (shadow != null) {
      m.set("shadow", shadow);
    }
    m.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);

    step(6, "writing " + registry.versionDir(version));
    fitted.gbt().write().overwrite().save(registry.modelPath(version).toString());
    registry.write(version, "metrics.json", JSON.writeValueAsBytes(m));
    registry.write(version, FeatureProfile.FILE, JSON.writeValueAsBytes(profile.toJson(JSON)));
    Report.write(registry, version, m, ev.model(), ev.lr(), ev.rules());
    if (promote) {
      registry.promote(version);
    }
    if (challenge) {
      registry.challenge(version);
    }
    features.all().unpersist();
    print(m);
    return new Result(version, promote, m, registry.versionDir(version).toString());
  }

  /** Step 1: the inputs, each row marked train or test by time (or by the test inputs). */
  private Split load(TrainConfig c) {
    step(
        1,
        "reading " + c.inputs() + (c.testInputs().isEmpty() ? "" : " and test " + c.testInputs()));
    TrainingData.Loaded train = TrainingData.load(spark, c.inputs(), c.format(), tokenizer);
    report("rejected records in input", train.rejected());
    if (!c.testInputs().isEmpty()) {
      TrainingData.Loaded test = TrainingData.load(spark, c.testInputs(), c.format(), tokenizer);
      report("rejected records in test input", test.rejected());
      Dataset<Row> all =
          train
              .rows()
              .withColumn(ROLE, lit(TRAIN))
              .unionByName(test.rows().withColumn(ROLE, lit(TEST)));
      return withFeedback(c, new Split(all, null, train.rejected(), null));
    }
    LocalDate split = c.splitDate() == null ? defaultSplit(train.rows()) : c.splitDate();
    Column isTest =
        col("event_time")
            .geq(lit(java.sql.Timestamp.from(split.atStartOfDay().toInstant(ZoneOffset.UTC))));
    return withFeedback(
        c,
        new Split(
            train.rows().withColumn(ROLE, when(isTest, lit(TEST)).otherwise(lit(TRAIN))),
            split,
            train.rejected(),
            null));
  }

  /** The customers' and analysts' answers over the inputs' labels, when given. */
  private Split withFeedback(TrainConfig c, Split s) {
    if (c.feedback() == null) {
      return s;
    }
    FeedbackLabels.Applied applied = FeedbackLabels.apply(spark, s.rows(), c.feedback());
    out.printf(
        "      feedback %s: %,d answers, %,d matched, %,d labels changed, %,d added%n",
        c.feedback(), applied.answers(), applied.matched(), applied.changed(), applied.added());
    return new Split(applied.rows(), s.splitDate(), s.rejected(), applied);
  }

  /** Step 2: per-card features over all rows (history before each event), labelled rows only. */
  private Features features(Split split) {
    step(2, "computing per-card features (history from all rows before each event)");
    List<String> keep =
        new ArrayList<>(
            List.of(
                "trans_num",
                "card_id",
                "event_time",
                ROLE,
                "amt",
                CardFeatures.CARD_MEAN_AMT,
                CardFeatures.CATEGORY,
                CardFeatures.EVENT_SECONDS));
    keep.addAll(CardFeatures.NUMERIC);
    keep.add("is_fraud");
    Dataset<Row> all =
        CardFeatures.add(split.rows())
            .select(keep.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
            .filter(col("is_fraud").isNotNull())
            .withColumn(FraudPipelines.LABEL, col("is_fraud").cast("double"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> train = all.filter(col(ROLE).equalTo(TRAIN));
    Dataset<Row> test = all.filter(col(ROLE).equalTo(TEST));
    long[] trainCounts = counts(train);
    long[] testCounts = counts(test);
    LocalDate splitDate = split.splitDate();
    if (trainCounts[0] + testCounts[0] == 0) {
      throw new IllegalArgumentException(
          "no labelled transactions in the input (is_fraud is missing or every record was rejected: "
              + split.rejected()
              + ")");
    }
    if (trainCounts[0] == 0) {
      throw new IllegalArgumentException(
          "no training rows before the test period"
              + (splitDate == null ? "" : " (split date " + splitDate + ")"));
    }
    if (testCounts[0] == 0) {
      throw new IllegalArgumentException(
          "no test rows"
              + (splitDate == null
                  ? " in the test input"
                  : " on or after the split date " + splitDate)
              + ": choose an earlier --split-date or give --test-input");
    }
    if (trainCounts[1] == 0) {
      throw new IllegalArgumentException(
          "the training rows contain no fraud (is_fraud = 1): nothing to learn from");
    }
    if (testCounts[1] == 0) {
      throw new IllegalArgumentException(
          "the test rows contain no fraud (is_fraud = 1): the model cannot be evaluated; use a longer test period");
    }
    out.printf(
        "      train %,d rows (%,d fraud), test %,d rows (%,d fraud)%n",
        trainCounts[0], trainCounts[1], testCounts[0], testCounts[1]);
    return new Features(all, train, test, trainCounts, testCounts);
  }

  /**
   * Above this many rows before the validation slice, the refit is skipped: it costs a second full
   * fit (nearly half the training time at Kaggle size, 1.3M rows) for a quarter more rows, and half
   * a million rows already hold thousands of frauds. Measured in docs/model.md.
   */
  static final long REFIT_MAX_ROWS = 500_000;

  /**
   * Steps 3 and 4: the model and the baseline. Each is fitted on the rows before the validation
   * slice, its threshold chosen on the slice, and then refitted on every training row with the same
   * settings: the slice is the newest data, the one the stream's traffic resembles most (up to
   * {@link #REFIT_MAX_ROWS}).
   */
  private Fitted fit(TrainConfig c, Features f) {
    // Validation slice: the last 20% of the training period, for the threshold only.
    long valStart =
        (long)
            f.train()
                .stat()
                .approxQuantile(CardFeatures.EVENT_SECONDS, new double[] {0.8}, 0.001)[0];
    Dataset<Row> fitRows = f.train().filter(col(CardFeatures.EVENT_SECONDS).lt(valStart));
    Dataset<Row> valRows = f.train().filter(col(CardFeatures.EVENT_SECONDS).geq(valStart));
    long[] fitCounts = counts(fitRows);
    boolean refit = fitCounts[0] <= REFIT_MAX_ROWS;
    if (!refit) {
      out.printf(
          "      (no refit: the %,d rows before the validation slice are above %,d; the model"
              + " fitted on them is kept, with the threshold chosen for it)%n",
          fitCounts[0], REFIT_MAX_ROWS);
    }
    if (fitCounts[1] == 0) {
      fitRows = f.train();
      valRows = f.train();
      refit = false;
      out.println(
          "      (no fraud before the validation slice: threshold chosen on the training rows)");
      fitCounts = f.trainCounts();
    }
    double posWeight = Math.sqrt((double) (fitCounts[0] - fitCounts[1]) / fitCounts[1]);
    Pipeline gbtPipeline =
        FraudPipelines.gradientBoostedTrees(c.maxIter(), c.maxDepth(), c.stepSize(), c.seed());
    step(
        3,
        String.format(
            "fitting gradient-boosted trees (%d rounds, depth %d, step %s) on %,d rows%s",
            c.maxIter(),
            c.maxDepth(),
            c.stepSize(),
            fitCounts[0],
            refit ? ", then on all " + String.format("%,d", f.trainCounts()[0]) : ""));
    long tf = System.nanoTime();
    PipelineModel gbt = gbtPipeline.fit(weighted(fitRows, posWeight));
    double threshold = scored(gbt, valRows).bestF1Threshold();
    if (refit) {
      gbt = gbtPipeline.fit(weighted(f.train(), posWeight));
    }
    out.printf("      done in %.1f s%n", (System.nanoTime() - tf) / 1e9);
    step(4, "fitting the logistic-regression baseline");
    Pipeline lrPipeline = FraudPipelines.logisticRegression();
    PipelineModel lr = lrPipeline.fit(weighted(fitRows, posWeight));
    double lrThreshold = scored(lr, valRows).bestF1Threshold();
    if (refit) {
      lr = lrPipeline.fit(weighted(f.train(), posWeight));
    }
    return new Fitted(
        gbt, lr, threshold, lrThreshold, valStart, refit ? f.trainCounts() : fitCounts, posWeight);
  }

  /**
   * Fit rows with their weight, and with the category blanked on one row in {@value #UNSEEN_EVERY}:
   * the category indexer does not learn a blank, so those rows land in its bucket for values never
   * seen in training, and the model learns what to do with an unseen category from ordinary traffic
   * (it judges by the other features), instead of by accident.
   */
  private static Dataset<Row> weighted(Dataset<Row> rows, double posWeight) {
    Column unseen =
        org.apache
            .spark
            .sql
            .functions
            .pmod(org.apache.spark.sql.functions.xxhash64(col("trans_num")), lit(UNSEEN_EVERY))
            .equalTo(0);
    return rows.withColumn(
            FraudPipelines.WEIGHT,
            when(col(FraudPipelines.LABEL).equalTo(1.0), lit(posWeight)).otherwise(lit(1.0)))
        .withColumn(
            CardFeatures.CATEGORY,
            when(unseen, lit(null).cast("string")).otherwise(col(CardFeatures.CATEGORY)));
  }

  /** Step 5: the model, the baseline, every rule of the rules file and the champion, same rows. */
  private Evaluation evaluate(
      Fitted fitted, Dataset<Row> testRows, RuleSet rules, ModelRegistry registry)
      throws IOException {
    double threshold = fitted.threshold();
    double lrThreshold = fitted.lrThreshold();
    // score, label, card, amount, card mean, then the numeric features in vector order.
    List<String> cols =
        new ArrayList<>(
            List.of(SCORE, FraudPipelines.LABEL, "card_id", "amt", CardFeatures.CARD_MEAN_AMT));
    int firstFeature = cols.size();
    cols.addAll(CardFeatures.NUMERIC);
    List<Row> test =
        score(fitted.gbt(), testRows)
            .select(cols.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
            .collectAsList();
    double[] scores = new double[test.size()];
    int[] labels = new int[test.size()];
    List<RuleSet.Rule> baselines =
        rules.rules().stream().filter(RuleSet.Rule::judgesTheTransaction).toList();
    double[][] fired = new double[baselines.size()][test.size()];
    DecisionEngine engine = new DecisionEngine(rules);
    double[] features = new double[CardFeatures.NUMERIC.size()];
    for (int i = 0; i < test.size(); i++) {
      Row r = test.get(i);
      scores[i] = r.getDouble(0);
      labels[i] = (int) r.getDouble(1);
      for (int k = 0; k < features.length; k++) {
        features[k] = r.getDouble(firstFeature + k);
      }
      Double mean = r.isNullAt(4) ? null : r.getDouble(4);
      for (int b = 0; b < baselines.size(); b++) {
        boolean fires =
            engine.fires(baselines.get(b), r.getString(2), r.getDouble(3), features, mean);
        fired[b][i] = fires ? 1 : 0;
      }
    }
    Map<RuleSet.Rule, BinaryMetrics> ruleMetrics = new LinkedHashMap<>();
    for (int b = 0; b < baselines.size(); b++) {
      ruleMetrics.put(baselines.get(b), new BinaryMetrics(fired[b], labels));
    }

    Optional<String> champion = registry.champion();
    Double championPrAuc = null;
    String championNote = null;
    if (champion.isPresent()) {
      try {
        championPrAuc =
            scored(PipelineModel.load(registry.modelPath(champion.get()).toString()), testRows)
                .averagePrecision();
      } catch (RuntimeException e) {
        championNote =
            "champion " + champion.get() + " could not score the test rows: " + e.getMessage();
      }
    }
    return new Evaluation(
        new BinaryMetrics(scores, labels),
        threshold,
        scored(fitted.lr(), testRows),
        lrThreshold,
        ruleMetrics,
        champion,
        championPrAuc,
        championNote);
  }

  /** metrics.json: counts, data range, model and baseline blocks, parameters, champion. */
  private ObjectNode metrics(
      TrainConfig c,
      String version,
      Instant createdAt,
      Split split,
      Features f,
      Fitted fitted,
      Evaluation ev,
      RuleSet rules,
      boolean promote) {
    ObjectNode m = JSON.createObjectNode();
    m.put("version", version);
    m.put("created_at", createdAt.toString());
    m.put("train_rows", f.trainCounts()[0]);
    m.put("train_fraud_rows", f.trainCounts()[1]);
    m.put("fit_rows", fitted.fitCounts()[0]);
    m.put("test_rows", f.testCounts()[0]);
    m.put("test_fraud_rows", f.testCounts()[1]);
    m.put("threshold", ev.threshold());
    m.set("data_range", dataRange(f.trainCounts(), f.testCounts(), fitted.validationStart()));
    m.set("model", block(ev.model(), ev.threshold()));
    ObjectNode baselines = m.putObject("baselines");
    // The stream's rules, by id, as the rules file the stream decides with has them.
    ev.rules().forEach((rule, metrics) -> baselines.set(rule.id(), ruleBlock(metrics, ev.model())));
    baselines.set("logistic_regression", block(ev.lr(), ev.lrThreshold()));
    m.put("rules_version", rules.version());
    if (split.feedback() != null) {
      ObjectNode fb = m.putObject("feedback");
      fb.put("table", c.feedback());
      fb.put("answers", split.feedback().answers());
      fb.put("matched_rows", split.feedback().matched());
      fb.put("labels_changed", split.feedback().changed());
      fb.put("labels_added", split.feedback().added());
    }
    m.set("features", JSON.valueToTree(FraudPipelines.featureNames()));
    m.set("feature_importances", importances(fitted.gbt()));
    BinaryMetrics.AtThreshold at = ev.model().at(ev.threshold());
    ObjectNode cm = m.putObject("confusion_matrix");
    cm.put("tp", at.tp());
    cm.put("fp", at.fp());
    cm.put("fn", at.fn());
    cm.put("tn", at.tn());
    ObjectNode params = m.putObject("params");
    params.put("algorithm", "GBTClassifier");
    params.put("max_iter", c.maxIter());
    params.put("max_depth", c.maxDepth());
    params.put("step_size", c.stepSize());
    params.put("seed", c.seed());
    params.put("positive_weight", fitted.positiveWeight());
    params.put("format", c.format());
    params.set("inputs", JSON.valueToTree(c.inputs()));
    params.set("test_inputs", JSON.valueToTree(c.testInputs()));
    if (split.splitDate() != null) {
      params.put("split_date", split.splitDate().toString());
    }
    ObjectNode ch = m.putObject("champion");
    ch.put("version", ev.champion().orElse(null));
    if (ev.championPrAuc() != null) {
      ch.put("pr_auc", ev.championPrAuc());
    }
    if (ev.championNote() != null) {
      ch.put("note", ev.championNote());
    }
    m.put("promote_policy", c.promote().name().toLowerCase());
    m.put("promoted", promote);
    return m;
  }

  /** Rows scored by a pipeline: adds {@value #SCORE} = probability of fraud. */
  static Dataset<Row> score(PipelineModel model, Dataset<Row> rows) {
    return model
        .transform(rows)
        .withColumn(
            SCORE,
            org.apache
                .spark
                .ml
                .functions
                .vector_to_array(col("probability"), "float64")
                .getItem(1));
  }

  private static BinaryMetrics scored(PipelineModel model, Dataset<Row> rows) {
    List<Row> r = score(model, rows).select(SCORE, FraudPipelines.LABEL).collectAsList();
    double[] s = new double[r.size()];
    int[] l = new int[r.size()];
    for (int i = 0; i < r.size(); i++) {
      s[i] = r.get(i).getDouble(0);
      l[i] = (int) r.get(i).getDouble(1);
    }
    return new BinaryMetrics(s, l);
  }

  /**
   * The training rows the drift profile is taken from: without the first week when the training
   * period is longer than two, because every card's 7-day windows (count_7d, sum_7d) are still
   * filling there. On a short history that warm-up alone moved count_7d's PSI past 0.25 (45 days of
   * generated data: 0.27) and refused a model for a drift that was not there; the stream, whose
   * state is warm, is compared with this profile too.
   */
  private static Dataset<Row> settled(Dataset<Row> train, long[] counts) {
    long week = 7 * 86_400L;
    if (counts[0] == 0 || counts[3] - counts[2] <= 2 * week) {
      return train;
    }
    return train.filter(col(CardFeatures.EVENT_SECONDS).geq(counts[2] + week));
  }

  /** Days between the first and the last event of the rows {@link #counts} counted. */
  private static double periodDays(long[] counts) {
    return counts[0] == 0 ? 0 : (counts[3] - counts[2]) / 86_400.0;
  }

  /**
   * In one pass over the rows: how many, how many fraud, and their first and last event second (0
   * when there are no rows).
   */
  private static long[] counts(Dataset<Row> rows) {
    Row r =
        rows.agg(
                org.apache.spark.sql.functions.count(lit(1)),
                org.apache.spark.sql.functions.sum(FraudPipelines.LABEL),
                org.apache.spark.sql.functions.min(CardFeatures.EVENT_SECONDS),
                org.apache.spark.sql.functions.max(CardFeatures.EVENT_SECONDS))
            .first();
    return new long[] {
      r.getLong(0),
      r.isNullAt(1) ? 0 : (long) r.getDouble(1),
      r.isNullAt(2) ? 0 : r.getLong(2),
      r.isNullAt(3) ? 0 : r.getLong(3)
    };
  }

  private LocalDate defaultSplit(Dataset<Row> rows) {
    Dataset<Row> s = rows.select(col("event_time").cast("long").as("s"));
    double[] q = s.stat().approxQuantile("s", new double[] {0.8}, 0.001);
    if (q.length == 0) {
      throw new IllegalArgumentException("no valid transactions in the input");
    }
    LocalDate d = LocalDate.ofInstant(Instant.ofEpochSecond((long) q[0]), ZoneOffset.UTC);
    out.println(
        "      no --split-date or --test-input: testing on "
            + d
            + " and later (the last ~20% of rows)");
    return d;
  }

  private static ObjectNode block(BinaryMetrics b, double threshold) {
    BinaryMetrics.AtThreshold at = b.at(threshold);
    ObjectNode n = JSON.createObjectNode();
    n.put("pr_auc", b.averagePrecision());
    n.put("roc_auc", b.rocAuc());
    n.put("precision", at.precision());
    n.put("recall", at.recall());
    n.put("recall_at_1pct_fpr", b.recallAtFpr(0.01));
    n.put("precision_at_recall_80", b.precisionAtRecall(0.8));
    n.put("alert_rate", at.alertRate());
    n.put("threshold", threshold);
    return n;
  }

  /** A rule's metrics (it flags score 1) and the model's recall when it alerts as often. */
  private static ObjectNode ruleBlock(BinaryMetrics rule, BinaryMetrics model) {
    ObjectNode n = block(rule, 1.0);
    n.put(
        "model_recall_at_same_alert_rate", model.recallAtAlertRate(n.get("alert_rate").asDouble()));
    return n;
  }

  /** From {@link #counts} of the train and test rows (to the second). */
  private static ObjectNode dataRange(long[] train, long[] test, long valStart) {
    ObjectNode n = JSON.createObjectNode();
    n.put("train_from", Instant.ofEpochSecond(train[2]).toString());
    n.put("train_to", Instant.ofEpochSecond(train[3]).toString());
    n.put("validation_from", Instant.ofEpochSecond(valStart).toString());
    n.put("test_from", Instant.ofEpochSecond(test[2]).toString());
    n.put("test_to", Instant.ofEpochSecond(test[3]).toString());
    return n;
  }

  private static ObjectNode importances(PipelineModel gbt) {
    GBTClassificationModel m = (GBTClassificationModel) gbt.stages()[gbt.stages().length - 1];
    double[] v = m.featureImportances().toArray();
    List<String> names = FraudPipelines.featureNames();
    ObjectNode n = JSON.createObjectNode();
    for (int i = 0; i < names.size(); i++) {
      n.put(names.get(i), i < v.length ? v[i] : 0.0);
    }
    return n;
  }

  private void step(int n, String what) {
    out.printf("[%d/6] %s%n", n, what);
    out.flush();
  }

  private void report(String what, Map<String, Long> rejected) {
    if (!rejected.isEmpty()) {
      out.println("      " + what + ": " + rejected);
    }
  }

  private void print(ObjectNode m) {
    out.printf(
        "Model %s  (promoted: %s)%n", m.get("version").asText(), m.get("promoted").asBoolean());
    out.printf(
        "  %-22s %8s %8s %9s %7s %10s %10s%n",
        "", "PR-AUC", "ROC-AUC", "precision", "recall", "rec@1%FPR", "alert rate");
    row("gradient-boosted trees", m.get("model"));
    m.get("baselines").fields().forEachRemaining(e -> row(e.getKey(), e.getValue()));
    JsonNode d = m.get("drift");
    List<String> shifted = new ArrayList<>();
    d.get("psi")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().asDouble() > FeatureProfile.PSI_LIMIT) {
                shifted.add(String.format("%s %.2f", e.getKey(), e.getValue().asDouble()));
              }
            });
    out.printf(
        "  drift: unseen categories %.2f%% of test rows; PSI > %.2f: %s%n",
        100 * d.get("unseen_category_share").asDouble(),
        FeatureProfile.PSI_LIMIT,
        shifted.isEmpty() ? "none" : String.join(", ", shifted));
    m.get("promotion_refused_because").forEach(r -> out.println("  not promoted: " + r.asText()));
    if (m.get("challenger").asBoolean()) {
      out.println(
          "  in the shadow as CHALLENGER: the stream scores it beside the champion; a later"
              + " run with --shadow-events promotes it only if it wins there");
    }
  }

  private void row(String name, JsonNode n) {
    out.printf(
        "  %-22s %8.4f %8.4f %9.3f %7.3f %10.3f %10.4f%n",
        name,
        n.get("pr_auc").asDouble(),
        n.get("roc_auc").asDouble(),
        n.get("precision").asDouble(),
        n.get("recall").asDouble(),
        n.get("recall_at_1pct_fpr").asDouble(),
        n.get("alert_rate").asDouble());
  }
}

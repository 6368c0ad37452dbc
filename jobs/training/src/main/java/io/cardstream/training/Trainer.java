package io.cardstream.training;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.features.DriftReport;
import io.cardstream.common.features.FeatureProfile;
import io.cardstream.common.features.Profiles;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.registry.IntervalMetrics;
import io.cardstream.common.registry.ModelMetrics;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.common.registry.RegistryLayout;
import io.cardstream.common.registry.ShadowVerdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * One training run, in six steps: load and split by time ({@link TrainingRows}), features ({@link
 * LabelledFeatures}), fit the gradient-boosted trees and a logistic-regression baseline ({@link
 * Fitting}), out-of-time evaluation against the stream's own rules and the champion ({@link
 * Evaluation}), then the registry write and the promotion ({@link PromotionPolicy}) with the run's
 * {@link ModelMetrics}. The threshold is chosen on a validation slice (the last 20% of the training
 * period by time), never on the test rows.
 */
public final class Trainer {

  private final SparkSession spark;
  private final PanTokenizer tokenizer;
  private final TrainingLog log;
  private final PrintStream out;

  /**
   * What a run produced.
   *
   * @param document the run's metrics.json
   */
  public record Result(String version, boolean promoted, ModelMetrics document, String versionDir) {
    /** metrics.json as JSON, as the registry holds it. */
    public ObjectNode metrics() {
      return document.toJson();
    }
  }

  public Trainer(SparkSession spark, PanTokenizer tokenizer, PrintStream progress) {
    this.spark = spark;
    this.tokenizer = tokenizer;
    this.log = new TrainingLog(progress);
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
    ShadowVerdict shadow =
        c.shadowEvents() == null
            ? null
            : ShadowComparison.run(spark, registry, c.shadowEvents(), c.feedback(), out);
    TrainingRows.Split split = new TrainingRows(spark, tokenizer, log).load(c);
    LabelledFeatures features = LabelledFeatures.of(split, log);
    Fitting.Fitted fitted = Fitting.fit(c, features, log);
    log.step(5, "evaluating out of time on the test rows");
    Evaluation ev = Evaluation.of(fitted, features.test(), rules, registry);
    FeatureProfile profile = Profiles.of(features.settledTrain());
    ModelMetrics.Drift drift = drift(profile, features);
    IntervalMetrics intervals = Uncertainty.of(ev.scores(), ev.threshold(), c.seed());
    PromotionPolicy.Verdict verdict =
        PromotionPolicy.decide(
            c.promote(),
            new PromotionPolicy.Evidence(
                drift.report().blocking(),
                drift.gated(),
                ev.model().averagePrecision(),
                ev.championPrAuc(),
                ev.champion().isPresent(),
                intervals.prAucVsChampion()));
    String version = registry.newVersion(RegistryLayout.versionName(createdAt));
    ModelMetrics m =
        MetricsDocument.of(
            new MetricsDocument.Run(c, version, createdAt, rules, split, features, fitted, ev),
            drift,
            verdict,
            shadow,
            intervals,
            Math.round((System.nanoTime() - t0) / 1e8) / 10.0);

    log.step(6, "writing " + registry.versionDir(version));
    fitted.gbt().write().overwrite().save(registry.modelPath(version).toString());
    if (fitted.calibration().calibrator() != null) {
      registry.writeCalibration(version, fitted.calibration().calibrator());
    }
    registry.writeMetrics(version, m);
    registry.writeProfile(version, profile);
    Report.write(registry, version, m, ev);
    ModelCard.write(
        registry,
        version,
        new ModelCard.Inputs(
            m, Segments.of(ev.scores(), ev.threshold()), championDrift(registry, ev, features)));
    if (verdict.promote()) {
      registry.promote(version);
    }
    if (verdict.challenge()) {
      registry.challenge(version);
    }
    features.all().unpersist();
    log.summary(m);
    return new Result(version, verdict.promote(), m, registry.versionDir(version).toString());
  }

  /** The test rows against the champion's training profile: how far the data moved since. */
  private static DriftReport championDrift(
      ModelRegistry registry, Evaluation ev, LabelledFeatures features) throws IOException {
    if (ev.champion().isEmpty()) {
      return null;
    }
    return registry
        .profile(ev.champion().get())
        .map(p -> Profiles.drift(p, features.test()).report())
        .orElse(null);
  }

  /**
   * The test rows against the training profile. Calendar-bound distributions (day of week, 7-day
   * windows) only compare over whole weeks: a shorter test period is reported, not gated.
   */
  private static ModelMetrics.Drift drift(FeatureProfile profile, LabelledFeatures features) {
    FeatureProfile.Drift d = Profiles.drift(profile, features.test());
    double testDays = features.testCounts().days();
    boolean gated = testDays >= FeatureProfile.MIN_GATED_DAYS;
    return new ModelMetrics.Drift(
        d.report(),
        gated,
        gated
            ? null
            : String.format(
                "the test period covers %.1f days, less than %d: drift is reported, not gated",
                testDays, FeatureProfile.MIN_GATED_DAYS));
  }
}

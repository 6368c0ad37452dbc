package io.cardstream.training;

import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.registry.CalibrationMetrics;
import io.cardstream.common.registry.IntervalMetrics;
import io.cardstream.common.registry.ModelMetrics;
import io.cardstream.common.registry.ScorerMetrics;
import io.cardstream.common.registry.ShadowVerdict;
import io.cardstream.common.registry.TrainingParams;
import io.cardstream.common.risk.Calibration;
import io.cardstream.common.risk.Calibrator;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.GBTClassificationModel;

/** The run's {@link ModelMetrics} (metrics.json), from what each step produced. */
final class MetricsDocument {

  /** The run as the steps left it, and its identity. */
  record Run(
      TrainConfig config,
      String version,
      Instant createdAt,
      RuleSet rules,
      TrainingRows.Split split,
      LabelledFeatures features,
      Fitting.Fitted fitted,
      Evaluation evaluation) {}

  private MetricsDocument() {}

  static ModelMetrics of(
      Run run,
      ModelMetrics.Drift drift,
      PromotionPolicy.Verdict verdict,
      ShadowVerdict shadow,
      IntervalMetrics intervals,
      double seconds) {
    TrainConfig c = run.config();
    LabelledFeatures f = run.features();
    Evaluation ev = run.evaluation();
    Map<String, ScorerMetrics> baselines = new LinkedHashMap<>();
    // The stream's rules, by id, as the rules file the stream decides with has them.
    ev.rules().forEach((rule, metrics) -> baselines.put(rule.id(), rule(metrics, ev.model())));
    baselines.put("logistic_regression", scorer(ev.lr(), ev.lrThreshold()));
    BinaryMetrics.AtThreshold at = ev.model().at(ev.threshold());
    return new ModelMetrics(
        run.version(),
        run.createdAt(),
        f.trainCounts().rows(),
        f.trainCounts().fraud(),
        run.fitted().fitCounts().rows(),
        f.testCounts().rows(),
        f.testCounts().fraud(),
        ev.threshold(),
        new ModelMetrics.DataRange(
            Instant.ofEpochSecond(f.trainCounts().firstSecond()),
            Instant.ofEpochSecond(f.trainCounts().lastSecond()),
            Instant.ofEpochSecond(run.fitted().validationStart()),
            Instant.ofEpochSecond(f.testCounts().firstSecond()),
            Instant.ofEpochSecond(f.testCounts().lastSecond())),
        scorer(ev.model(), ev.threshold()),
        baselines,
        run.rules().version(),
        feedback(c, run.split()),
        FraudPipelines.featureNames(),
        importances(run.fitted().gbt()),
        new ModelMetrics.ConfusionMatrix(at.tp(), at.fp(), at.fn(), at.tn()),
        new TrainingParams(
            "GBTClassifier",
            c.maxIter(),
            c.maxDepth(),
            c.stepSize(),
            c.seed(),
            run.fitted().positiveWeight(),
            c.format(),
            c.inputs(),
            c.testInputs(),
            run.split().splitDate()),
        new ModelMetrics.Champion(
            ev.champion().orElse(null), ev.championPrAuc(), ev.championNote()),
        c.promote().name().toLowerCase(Locale.ROOT),
        verdict.promote(),
        drift,
        verdict.refusedBecause(),
        verdict.challenge(),
        shadow,
        seconds,
        calibration(run.fitted().calibration(), ev.scores()),
        ThresholdCosts.of(
            c, run.rules(), run.fitted().calibration().slice(), ev.scores(), ev.threshold()),
        intervals);
  }

  /** The calibration and how its probability fits the test rows (raw score beside it). */
  static CalibrationMetrics calibration(ScoreCalibration c, Evaluation.TestScores t) {
    List<Calibration.Bin> table =
        Calibration.reliability(
            t.p(), t.labels(), null, Calibration.DEFAULT_BINS, Calibration.Binning.EQUAL_WIDTH);
    Calibrator.Choice choice = c.choice();
    return new CalibrationMetrics(
        c.method(),
        c.calibrator() == null ? 0 : c.calibrator().fitRows(),
        c.calibrator() == null ? 0 : c.calibrator().fitPositives(),
        choice == null ? Double.NaN : choice.brierIsotonic(),
        choice == null ? Double.NaN : choice.brierPlatt(),
        Calibration.brier(t.p(), t.labels()),
        Calibration.brier(clamp(t.raw()), t.labels()),
        Calibration.ece(table),
        table);
  }

  private static double[] clamp(double[] p) {
    return java.util.Arrays.stream(p).map(v -> Math.min(1, Math.max(0, v))).toArray();
  }

  private static ModelMetrics.Feedback feedback(TrainConfig c, TrainingRows.Split split) {
    FeedbackLabels.Applied a = split.feedback();
    return a == null
        ? null
        : new ModelMetrics.Feedback(
            c.feedback(),
            a.answers(),
            a.matched(),
            a.changed(),
            a.added(),
            a.fromAnalysts(),
            a.fromCustomers());
  }

  static ScorerMetrics scorer(BinaryMetrics b, double threshold) {
    BinaryMetrics.AtThreshold at = b.at(threshold);
    return new ScorerMetrics(
        b.averagePrecision(),
        b.rocAuc(),
        at.precision(),
        at.recall(),
        b.recallAtFpr(0.01),
        b.precisionAtRecall(0.8),
        at.alertRate(),
        threshold,
        null);
  }

  /**
   * A rule's metrics (it scores 1 when it fires) and the model's recall when it alerts as often.
   */
  private static ScorerMetrics rule(BinaryMetrics rule, BinaryMetrics model) {
    ScorerMetrics s = scorer(rule, 1.0);
    return s.withModelRecall(model.recallAtAlertRate(s.alertRate()));
  }

  private static Map<String, Double> importances(PipelineModel gbt) {
    GBTClassificationModel m = (GBTClassificationModel) gbt.stages()[gbt.stages().length - 1];
    double[] v = m.featureImportances().toArray();
    List<String> names = FraudPipelines.featureNames();
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), i < v.length ? v[i] : 0.0);
    }
    return out;
  }
}

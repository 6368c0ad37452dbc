package io.cardstream.training;

import io.cardstream.common.registry.IntervalMetrics;
import io.cardstream.training.risk.Bootstrap;
import io.cardstream.training.risk.RankMetrics;

/**
 * Step 5b: how sure the test metrics are. Stratified percentile bootstrap (every resample keeps the
 * test rows' fraud count) of PR-AUC, ROC-AUC and recall at the threshold, and, when the champion
 * scored the same rows, of this model's PR-AUC minus the champion's on the same resamples: the
 * interval {@link PromotionPolicy} promotes on. Pure: no Spark.
 */
final class Uncertainty {

  private Uncertainty() {}

  static IntervalMetrics of(Evaluation.TestScores t, double threshold, long seed) {
    Bootstrap b = Bootstrap.seeded(seed);
    IntervalMetrics.Interval gain = null;
    if (t.champion() != null) {
      gain =
          interval(
              b.paired(t.champion(), t.p(), t.labels(), RankMetrics::averagePrecision)
                  .difference());
    }
    return new IntervalMetrics(
        b.level(),
        b.resamples(),
        seed,
        interval(b.interval(t.p(), t.labels(), RankMetrics::averagePrecision)),
        interval(b.interval(t.p(), t.labels(), RankMetrics::rocAuc)),
        interval(b.interval(t.p(), t.labels(), RankMetrics.recallAt(threshold))),
        gain);
  }

  static IntervalMetrics.Interval interval(Bootstrap.Interval i) {
    return new IntervalMetrics.Interval(i.estimate(), i.lower(), i.upper());
  }
}

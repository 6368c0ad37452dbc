package io.cardstream.training;

import static org.apache.spark.sql.functions.col;

import io.cardstream.common.lake.SilverSchema;
import io.cardstream.common.registry.IntervalMetrics;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.common.registry.ShadowVerdict;
import io.cardstream.training.risk.Bootstrap;
import io.cardstream.training.risk.RankMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The challenger against the champion on the stream's own events: the silver rows both scored (the
 * challenger in the shadow, the champion deciding), with their labels (the events' {@code
 * is_fraud}, overridden by the customers' and analysts' answers when given). Every such event came
 * after both models were trained, so this is out of time for both. The challenger is promoted when
 * its PR-AUC is higher beyond noise (the paired bootstrap's lower bound of the gain is above 0) and
 * there were enough labelled frauds to tell; otherwise it leaves the shadow; with too few frauds it
 * stays for another night.
 */
final class ShadowComparison {

  /** Fewer labelled frauds than this in the shadow period: no verdict yet. */
  static final int MIN_FRAUDS = 20;

  /** The shadow bootstrap's seed: the same events give the same verdict. */
  static final long SEED = 42;

  private ShadowComparison() {}

  /** Compares, promotes or clears the challenger; returns metrics.json's {@code shadow} block. */
  static ShadowVerdict run(
      SparkSession spark, ModelRegistry registry, String silver, String feedback, PrintStream out)
      throws IOException {
    Optional<String> challenger = registry.challenger();
    Optional<String> champion = registry.champion();
    if (challenger.isEmpty() || champion.isEmpty()) {
      out.println("      shadow: no challenger in the shadow");
      return new ShadowVerdict(
          silver,
          challenger.orElse(null),
          champion.orElse(null),
          null,
          null,
          null,
          null,
          "no challenger in the shadow",
          null);
    }
    Scores scores = scores(spark, silver, feedback, challenger.get(), champion.get());
    long frauds = scores.frauds();
    long events = scores.labels().length;
    if (frauds < MIN_FRAUDS || frauds == events) {
      String verdict =
          "kept in the shadow: "
              + frauds
              + " labelled frauds among "
              + events
              + " events both scored (at least "
              + MIN_FRAUDS
              + " needed)";
      out.println("      shadow: " + verdict);
      return new ShadowVerdict(
          silver, challenger.get(), champion.get(), events, frauds, null, null, verdict, null);
    }
    double championPr = new BinaryMetrics(scores.champion(), scores.labels()).averagePrecision();
    double challengerPr =
        new BinaryMetrics(scores.challenger(), scores.labels()).averagePrecision();
    // Promoted only when better beyond noise: the paired bootstrap's lower bound of the gain > 0.
    IntervalMetrics.Interval gain =
        Uncertainty.interval(
            Bootstrap.seeded(SEED)
                .paired(
                    scores.champion(),
                    scores.challenger(),
                    scores.labels(),
                    RankMetrics::averagePrecision)
                .difference());
    String verdict;
    if (PromotionPolicy.beats(gain)) {
      registry.promote(challenger.get());
      verdict = "challenger promoted";
    } else if (challengerPr > championPr) {
      verdict =
          "challenger not better beyond noise (PR-AUC gain "
              + gain.describe()
              + "), out of the shadow";
    } else {
      verdict = "challenger beaten, out of the shadow";
    }
    registry.clearChallenger();
    out.printf(
        "      shadow: %s on %,d events (%,d fraud): PR-AUC challenger %s %.4f, champion %s %.4f%n",
        verdict, events, frauds, challenger.get(), challengerPr, champion.get(), championPr);
    return new ShadowVerdict(
        silver,
        challenger.get(),
        champion.get(),
        events,
        frauds,
        championPr,
        challengerPr,
        verdict,
        gain);
  }

  /** Both models' scores of the labelled events they both scored, and the labels. */
  private record Scores(double[] champion, double[] challenger, int[] labels, long frauds) {}

  private static Scores scores(
      SparkSession spark, String silver, String feedback, String challenger, String champion) {
    Dataset<Row> rows =
        spark
            .read()
            .format("delta")
            .load(silver)
            .filter(
                col(SilverSchema.CHALLENGER_VERSION)
                    .equalTo(challenger)
                    .and(col(SilverSchema.MODEL_VERSION).equalTo(champion))
                    .and(col(SilverSchema.SCORE).isNotNull())
                    .and(col(SilverSchema.CHALLENGER_SCORE).isNotNull()));
    if (feedback != null) {
      rows = FeedbackLabels.apply(spark, rows, feedback).rows();
    }
    List<Row> scored =
        rows.filter(col("is_fraud").isNotNull())
            .select(
                col(SilverSchema.SCORE),
                col(SilverSchema.CHALLENGER_SCORE),
                col("is_fraud").cast("int"))
            .collectAsList();
    double[] championScores = new double[scored.size()];
    double[] challengerScores = new double[scored.size()];
    int[] labels = new int[scored.size()];
    long frauds = 0;
    for (int i = 0; i < scored.size(); i++) {
      Row r = scored.get(i);
      championScores[i] = r.getDouble(0);
      challengerScores[i] = r.getDouble(1);
      labels[i] = r.getInt(2);
      frauds += labels[i];
    }
    return new Scores(championScores, challengerScores, labels, frauds);
  }
}

package io.cardstream.training;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.registry.ModelRegistry;
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
 * its PR-AUC is higher and there were enough labelled frauds to tell; beaten, it leaves the shadow;
 * with too few frauds it stays for another night.
 */
final class ShadowComparison {

  /** Fewer labelled frauds than this in the shadow period: no verdict yet. */
  static final int MIN_FRAUDS = 20;

  private static final String CHALLENGER_SCORE = "challenger_score";
  private static final String CHALLENGER_VERSION = "challenger_version";

  private ShadowComparison() {}

  /** Compares, promotes or clears the challenger; returns metrics.json's {@code shadow} block. */
  static ObjectNode run(
      SparkSession spark,
      ModelRegistry registry,
      String silver,
      String feedback,
      ObjectMapper json,
      PrintStream out)
      throws IOException {
    ObjectNode n = json.createObjectNode();
    n.put("events_table", silver);
    Optional<String> challenger = registry.challenger();
    Optional<String> champion = registry.champion();
    n.put("challenger", challenger.orElse(null));
    n.put("champion", champion.orElse(null));
    if (challenger.isEmpty() || champion.isEmpty()) {
      n.put("verdict", "no challenger in the shadow");
      out.println("      shadow: no challenger in the shadow");
      return n;
    }
    Dataset<Row> rows =
        spark
            .read()
            .format("delta")
            .load(silver)
            .filter(
                col(CHALLENGER_VERSION)
                    .equalTo(challenger.get())
                    .and(col("model_version").equalTo(champion.get()))
                    .and(col("score").isNotNull())
                    .and(col(CHALLENGER_SCORE).isNotNull()));
    if (feedback != null) {
      rows = FeedbackLabels.apply(spark, rows, feedback).rows();
    }
    List<Row> scored =
        rows.filter(col("is_fraud").isNotNull())
            .select(col("score"), col(CHALLENGER_SCORE), col("is_fraud").cast("int"))
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
    n.put("labelled_events", scored.size());
    n.put("fraud_events", frauds);
    if (frauds < MIN_FRAUDS || frauds == scored.size()) {
      n.put(
          "verdict",
          "kept in the shadow: "
              + frauds
              + " labelled frauds among "
              + scored.size()
              + " events both scored (at least "
              + MIN_FRAUDS
              + " needed)");
      out.println("      shadow: " + n.get("verdict").asText());
      return n;
    }
    double championPr = new BinaryMetrics(championScores, labels).averagePrecision();
    double challengerPr = new BinaryMetrics(challengerScores, labels).averagePrecision();
    n.put("champion_pr_auc", championPr);
    n.put("challenger_pr_auc", challengerPr);
    if (challengerPr > championPr) {
      registry.promote(challenger.get());
      registry.clearChallenger();
      n.put("verdict", "challenger promoted");
    } else {
      registry.clearChallenger();
      n.put("verdict", "challenger beaten, out of the shadow");
    }
    out.printf(
        "      shadow: %s on %,d events (%,d fraud): PR-AUC challenger %s %.4f, champion %s %.4f%n",
        n.get("verdict").asText(),
        scored.size(),
        frauds,
        challenger.get(),
        challengerPr,
        champion.get(),
        championPr);
    return n;
  }
}

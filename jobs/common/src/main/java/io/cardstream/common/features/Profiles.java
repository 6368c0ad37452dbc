package io.cardstream.common.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Feature profiles and drift of feature rows ({@link FeatureProfile}) with Spark, for training (the
 * test period against the training rows) and the stream (each batch's scored rows).
 */
public final class Profiles {

  private static final double[] DECILES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

  private Profiles() {}

  /** The profile of the rows a model is trained on: decile edges, bin and category shares. */
  public static FeatureProfile of(Dataset<Row> rows) {
    List<String> features = CardFeatures.NUMERIC;
    double[][] q = rows.stat().approxQuantile(features.toArray(String[]::new), DECILES, 0.001);
    Map<String, double[]> edges = new LinkedHashMap<>();
    for (int i = 0; i < features.size(); i++) {
      edges.put(features.get(i), FeatureProfile.edgesFrom(q[i]));
    }
    Map<String, long[]> counts = binCounts(rows, edges);
    Map<String, double[]> shares = new LinkedHashMap<>();
    edges.keySet().forEach(f -> shares.put(f, FeatureProfile.sharesOf(counts.get(f))));
    Map<String, Long> categories = categoryCounts(rows);
    long total = categories.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Double> categoryShares = new LinkedHashMap<>();
    categories.forEach((k, v) -> categoryShares.put(k, (double) v / total));
    return new FeatureProfile(edges, shares, categoryShares, total);
  }

  /** The drift of rows (the test period, say) against a profile. */
  public static FeatureProfile.Drift drift(FeatureProfile profile, Dataset<Row> rows) {
    return profile.drift(binCounts(rows, profile.edges()), categoryCounts(rows));
  }

  /** Per feature, the rows' count per bin: one (feature, bin) pair per row and feature, counted. */
  public static Map<String, long[]> binCounts(Dataset<Row> rows, Map<String, double[]> edges) {
    List<String> features = List.copyOf(edges.keySet());
    Column[] pairs = new Column[features.size()];
    for (int i = 0; i < features.size(); i++) {
      // The bin is the number of edges below the value, as FeatureProfile.bin counts it.
      Column bin = lit(0);
      for (double e : edges.get(features.get(i))) {
        bin = bin.plus(when(col(features.get(i)).gt(e), 1).otherwise(0));
      }
      pairs[i] = struct(lit(i).as("f"), bin.as("b"));
    }
    List<Row> counted =
        rows.select(explode(org.apache.spark.sql.functions.array(pairs)).as("p"))
            .groupBy(col("p.f"), col("p.b"))
            .count()
            .collectAsList();
    Map<String, long[]> counts = new HashMap<>();
    features.forEach(f -> counts.put(f, new long[edges.get(f).length + 1]));
    for (Row r : counted) {
      counts.get(features.get(r.getInt(0)))[r.getInt(1)] = r.getLong(2);
    }
    return counts;
  }

  public static Map<String, Long> categoryCounts(Dataset<Row> rows) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row r : rows.groupBy(CardFeatures.CATEGORY).count().collectAsList()) {
      counts.put(r.isNullAt(0) ? "" : r.getString(0), r.getLong(1));
    }
    return counts;
  }
}

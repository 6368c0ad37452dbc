package io.cardstream.common.features;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
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

  /** Per feature, the rows' count per bin of the edges; and the count per category value. */
  public record Counts(Map<String, long[]> bins, Map<String, Long> categories) {}

  /** The profile of the rows a model is trained on: decile edges, bin and category shares. */
  public static FeatureProfile of(Dataset<Row> rows) {
    List<String> features = CardFeatures.NUMERIC;
    double[][] q = rows.stat().approxQuantile(features.toArray(String[]::new), DECILES, 0.001);
    Map<String, double[]> edges = new LinkedHashMap<>();
    for (int i = 0; i < features.size(); i++) {
      edges.put(features.get(i), FeatureProfile.edgesFrom(q[i]));
    }
    Counts counts = counts(rows, edges);
    Map<String, double[]> shares = new LinkedHashMap<>();
    edges.keySet().forEach(f -> shares.put(f, FeatureProfile.sharesOf(counts.bins().get(f))));
    long total = counts.categories().values().stream().mapToLong(Long::longValue).sum();
    Map<String, Double> categoryShares = new LinkedHashMap<>();
    counts.categories().forEach((k, v) -> categoryShares.put(k, (double) v / total));
    return new FeatureProfile(edges, shares, categoryShares, total);
  }

  /** The drift of rows (the test period, say) against a profile. */
  public static FeatureProfile.Drift drift(FeatureProfile profile, Dataset<Row> rows) {
    Counts c = counts(rows, profile.edges());
    return profile.drift(c.bins(), c.categories());
  }

  /**
   * Bin and category counts in one pass: each partition counts into arrays with {@link
   * FeatureProfile#bin} (the same binning the profile's shares were made with), and the partial
   * counts are added on the driver. No shuffle, and small enough for every stream batch.
   */
  public static Counts counts(Dataset<Row> rows, Map<String, double[]> edges) {
    List<String> features = List.copyOf(edges.keySet());
    double[][] e = features.stream().map(edges::get).toArray(double[][]::new);
    Column[] cols = new Column[features.size() + 1];
    for (int i = 0; i < features.size(); i++) {
      cols[i] = col(features.get(i));
    }
    cols[features.size()] = col(CardFeatures.CATEGORY);
    Partial zero = new Partial(e);
    Partial total =
        rows.select(cols)
            .javaRDD()
            .aggregate(
                zero,
                (Partial p, Row r) -> {
                  p.add(e, r);
                  return p;
                },
                Partial::merge);
    Map<String, long[]> bins = new LinkedHashMap<>();
    for (int i = 0; i < features.size(); i++) {
      bins.put(features.get(i), total.bins[i]);
    }
    return new Counts(bins, total.categories);
  }

  /** One partition's counts. */
  private static final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;
    final long[][] bins;
    final HashMap<String, Long> categories = new HashMap<>();

    Partial(double[][] edges) {
      bins = new long[edges.length][];
      for (int i = 0; i < edges.length; i++) {
        bins[i] = new long[edges[i].length + 1];
      }
    }

    void add(double[][] edges, Row r) {
      for (int i = 0; i < edges.length; i++) {
        if (!r.isNullAt(i)) {
          bins[i][FeatureProfile.bin(edges[i], ((Number) r.get(i)).doubleValue())]++;
        }
      }
      int c = edges.length;
      categories.merge(r.isNullAt(c) ? "" : r.getString(c), 1L, Long::sum);
    }

    Partial merge(Partial o) {
      for (int i = 0; i < bins.length; i++) {
        for (int j = 0; j < bins[i].length; j++) {
          bins[i][j] += o.bins[i][j];
        }
      }
      o.categories.forEach((k, v) -> categories.merge(k, v, Long::sum));
      return this;
    }
  }
}

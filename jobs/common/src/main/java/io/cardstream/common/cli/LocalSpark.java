package io.cardstream.common.cli;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Spark settings of a run on this machine (the CLI, the benchmarks, the tests): local[2], every
 * address on loopback, UTC, Delta's extension and catalog. The CLI sets them as system properties
 * (which SparkConf reads), so the jobs' own entry points build their sessions exactly as under
 * spark-submit; a property the user already set wins.
 */
public final class LocalSpark {

  /** Delta's SQL extension and catalog: what {@link #DEFAULTS} adds for the Delta jobs. */
  public static final Map<String, String> DELTA =
      Map.of(
          "spark.sql.extensions",
          "io.delta.sql.DeltaSparkSessionExtension",
          "spark.sql.catalog.spark_catalog",
          "org.apache.spark.sql.delta.catalog.DeltaCatalog");

  /** Without {@link #DELTA}. */
  public static final Map<String, String> CORE =
      Map.ofEntries(
          Map.entry("spark.master", "local[2]"),
          Map.entry("spark.ui.enabled", "false"),
          Map.entry("spark.ui.showConsoleProgress", "false"),
          Map.entry("spark.sql.shuffle.partitions", "4"),
          // Delta rebuilds a table's state in 50 tasks by default, sized for clusters; on two
          // local cores those tasks cost seconds per commit of a micro-batch.
          Map.entry("spark.databricks.delta.snapshotPartitions", "2"),
          Map.entry("spark.sql.session.timeZone", "UTC"),
          // Jobs of queries started in pools of their own share the cores (the stream's decisions
          // and lake queries); jobs without a pool run FIFO in the default pool, as before.
          Map.entry("spark.scheduler.mode", "FAIR"),
          Map.entry("spark.driver.host", "127.0.0.1"),
          Map.entry("spark.driver.bindAddress", "127.0.0.1"));

  public static final Map<String, String> DEFAULTS = merge(CORE, DELTA);

  private LocalSpark() {}

  /** A session builder with {@link #DEFAULTS}; later {@code config} calls override them. */
  public static SparkSession.Builder builder(String appName) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    DEFAULTS.forEach(b::config);
    return b;
  }

  /** Sets {@link #DEFAULTS} as system properties, except those already set. */
  public static void configureDefaults() {
    DEFAULTS.forEach(
        (k, v) -> {
          if (System.getProperty(k) == null) {
            System.setProperty(k, v);
          }
        });
  }

  private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
    java.util.HashMap<String, String> m = new java.util.HashMap<>(a);
    m.putAll(b);
    return Map.copyOf(m);
  }
}

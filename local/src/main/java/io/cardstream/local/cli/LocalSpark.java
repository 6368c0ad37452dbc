package io.cardstream.local.cli;

import java.util.Map;

/**
 * Spark settings for jobs the CLI runs in its own JVM. They go in as system properties (which
 * SparkConf reads), so the jobs' own entry points build their sessions exactly as under
 * spark-submit; a property the user already set wins.
 */
public final class LocalSpark {

  /** Also what the benchmarks' sessions start from. */
  public static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("spark.master", "local[2]"),
          Map.entry("spark.ui.enabled", "false"),
          Map.entry("spark.ui.showConsoleProgress", "false"),
          Map.entry("spark.sql.shuffle.partitions", "4"),
          // Delta rebuilds a table's state in 50 tasks by default, sized for clusters; on two
          // local cores those tasks cost seconds per commit of a micro-batch.
          Map.entry("spark.databricks.delta.snapshotPartitions", "2"),
          Map.entry("spark.sql.session.timeZone", "UTC"),
          Map.entry("spark.driver.host", "127.0.0.1"),
          Map.entry("spark.driver.bindAddress", "127.0.0.1"),
          Map.entry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension"),
          Map.entry(
              "spark.sql.catalog.spark_catalog",
              "org.apache.spark.sql.delta.catalog.DeltaCatalog"));

  private LocalSpark() {}

  static void configureDefaults() {
    DEFAULTS.forEach(
        (k, v) -> {
          if (System.getProperty(k) == null) {
            System.setProperty(k, v);
          }
        });
  }
}

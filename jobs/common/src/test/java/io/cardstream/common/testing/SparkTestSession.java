package io.cardstream.common.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The test SparkSession settings the project uses everywhere: local[2], no UI, UTC, 2 partitions.
 */
public final class SparkTestSession {

  private SparkTestSession() {}

  public static SparkSession create(String name) {
    return builder(name).getOrCreate();
  }

  /** The same session with Delta's SQL extension and catalog (OPTIMIZE, VACUUM, CREATE TABLE). */
  public static SparkSession createWithDelta(String name) {
    return builder(name)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
  }

  private static SparkSession.Builder builder(String name) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1");
  }
}

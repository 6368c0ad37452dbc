package io.cardstream.common.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The test SparkSession settings the project uses everywhere: local[2], no UI, UTC, 2 partitions.
 */
public final class SparkTestSession {

  private SparkTestSession() {}

  public static SparkSession create(String name) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}

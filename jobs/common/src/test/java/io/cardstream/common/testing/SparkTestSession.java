package io.cardstream.common.testing;

import io.cardstream.common.cli.LocalSpark;
import org.apache.spark.sql.SparkSession;

/**
 * The test SparkSession: the local settings every run here uses ({@link LocalSpark}), with 2
 * shuffle partitions for small test data.
 */
public final class SparkTestSession {

  private SparkTestSession() {}

  public static SparkSession create(String name) {
    return builder(name).getOrCreate();
  }

  /** The same session with Delta's SQL extension and catalog (OPTIMIZE, VACUUM, CREATE TABLE). */
  public static SparkSession createWithDelta(String name) {
    SparkSession.Builder b = builder(name);
    LocalSpark.DELTA.forEach(b::config);
    return b.getOrCreate();
  }

  private static SparkSession.Builder builder(String name) {
    SparkSession.Builder b = SparkSession.builder().appName(name);
    LocalSpark.CORE.forEach(b::config);
    return b.config("spark.sql.shuffle.partitions", "2").config("spark.default.parallelism", "2");
  }
}

package io.cardstream.common.delta;

import io.cardstream.common.lake.DynamoTables;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;

/**
 * The settings of {@link DynamoDbLogStore}, read from the Hadoop configuration Delta hands it
 * (Spark copies every {@code spark.*} setting of the session into it). Each key may be given as
 * {@code spark.io.cardstream.common.delta.DynamoDbLogStore.<key>} or without the {@code spark.}
 * prefix; both with different values is an error.
 *
 * @param tableName the ledger table (default {@link DynamoTables#DELTA_LOG})
 * @param region its AWS region; null: the SDK's default region chain (on EMR, the instance's)
 * @param endpoint endpoint override (DynamoDB Local, which takes fixed local credentials); null on
 *     AWS, where credentials come from the default chain (the instance role)
 * @param ttlSeconds how long a complete entry is kept before DynamoDB's TTL may drop it
 * @param readRetries extra attempts of a log file read that fails mid-way (another process may be
 *     rewriting the same bytes while it completes a commit)
 */
public record LogStoreSettings(
    String tableName, String region, String endpoint, long ttlSeconds, int readRetries) {

  public static final String PREFIX = DeltaMultiWriter.LOG_STORE_CLASS + ".";
  public static final String SPARK_PREFIX = "spark." + PREFIX;

  public static final String TABLE_NAME = "ddb.tableName";
  public static final String REGION = "ddb.region";
  public static final String ENDPOINT = "ddb.endpoint";
  public static final String TTL_SECONDS = "ddb.ttl";
  public static final String READ_RETRIES = "read.retries";

  public static final long DEFAULT_TTL_SECONDS = Duration.ofDays(1).toSeconds();

  /**
   * A complete entry must outlive every writer that checked its commit file was absent before that
   * file appeared and has yet to claim the version: if the entry expired first, that writer would
   * win the ledger for a version already in the log. An hour bounds even a long GC pause.
   */
  public static final long MIN_TTL_SECONDS = Duration.ofHours(1).toSeconds();

  public static final int DEFAULT_READ_RETRIES = 3;

  public LogStoreSettings {
    if (tableName == null || tableName.isBlank()) {
      throw new IllegalArgumentException(SPARK_PREFIX + TABLE_NAME + " must not be empty");
    }
    region = blankToNull(region);
    endpoint = blankToNull(endpoint);
    if (ttlSeconds < MIN_TTL_SECONDS) {
      throw new IllegalArgumentException(
          SPARK_PREFIX
              + TTL_SECONDS
              + " must be at least "
              + MIN_TTL_SECONDS
              + " seconds (a shorter one can lose commits), got "
              + ttlSeconds);
    }
    if (readRetries < 0) {
      throw new IllegalArgumentException(
          SPARK_PREFIX + READ_RETRIES + " must not be negative, got " + readRetries);
    }
  }

  public static LogStoreSettings from(Configuration conf) {
    return new LogStoreSettings(
        get(conf, TABLE_NAME, DynamoTables.DELTA_LOG),
        get(conf, REGION, null),
        get(conf, ENDPOINT, null),
        Long.parseLong(get(conf, TTL_SECONDS, Long.toString(DEFAULT_TTL_SECONDS))),
        Integer.parseInt(get(conf, READ_RETRIES, Integer.toString(DEFAULT_READ_RETRIES))));
  }

  private static String get(Configuration conf, String key, String fallback) {
    String spark = conf.getTrimmed(SPARK_PREFIX + key);
    String plain = conf.getTrimmed(PREFIX + key);
    if (spark != null && plain != null && !spark.equals(plain)) {
      throw new IllegalArgumentException(
          SPARK_PREFIX
              + key
              + "="
              + spark
              + " and "
              + PREFIX
              + key
              + "="
              + plain
              + " disagree; set one of them");
    }
    return spark != null ? spark : plain != null ? plain : fallback;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}

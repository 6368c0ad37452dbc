package io.cardstream.common.delta;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Several Spark applications committing to the same Delta tables on S3 (the scoring stream and the
 * nightly OPTIMIZE/VACUUM): the Spark settings that make each of them commit through {@link
 * DynamoDbLogStore} and its DynamoDB ledger. They must be set before the session starts (Delta
 * picks its LogStore from the SparkConf), on every application that writes those tables.
 *
 * @param logTable the ledger's DynamoDB table ({@code io.cardstream.common.lake.DynamoTables
 *     #DELTA_LOG} under the deployment's prefix)
 * @param region its region; null: the SDK's default region chain
 * @param endpoint endpoint override (DynamoDB Local), or null for AWS
 */
public record DeltaMultiWriter(String logTable, String region, String endpoint) {

  /** {@link DynamoDbLogStore}'s name, as Delta's configuration takes it. */
  public static final String LOG_STORE_CLASS = "io.cardstream.common.delta.DynamoDbLogStore";

  /** Delta chooses a LogStore per URI scheme: S3A locally, EMRFS ({@code s3:}) on EMR. */
  public static final String[] S3_SCHEMES = {"s3", "s3a", "s3n"};

  public DeltaMultiWriter {
    if (logTable == null || logTable.isBlank()) {
      throw new IllegalArgumentException("--delta-log-table must not be empty");
    }
    region = region == null || region.isBlank() ? null : region;
    endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint;
  }

  /** The session settings: the LogStore for every S3 scheme and its ledger. */
  public Map<String, String> sparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    for (String scheme : S3_SCHEMES) {
      conf.put("spark.delta.logStore." + scheme + ".impl", LOG_STORE_CLASS);
    }
    conf.put(LogStoreSettings.SPARK_PREFIX + LogStoreSettings.TABLE_NAME, logTable);
    if (region != null) {
      conf.put(LogStoreSettings.SPARK_PREFIX + LogStoreSettings.REGION, region);
    }
    if (endpoint != null) {
      conf.put(LogStoreSettings.SPARK_PREFIX + LogStoreSettings.ENDPOINT, endpoint);
    }
    return Map.copyOf(conf);
  }

  /**
   * The session settings of a job on {@code lakeRoot}: {@code w}'s, or none when the job commits
   * alone ({@code w} null), which {@code err} is told about when the lake is on S3.
   */
  public static Map<String, String> sessionConf(
      String lakeRoot, DeltaMultiWriter w, PrintStream err) {
    if (w != null) {
      return w.sparkConf();
    }
    if (onS3(lakeRoot)) {
      err.println(
          "warning: no --delta-log-table: Delta commits to "
              + lakeRoot
              + " are safe only while no other job writes the same tables");
    }
    return Map.of();
  }

  /** True for a lake root that Delta reaches through an S3 connector. */
  public static boolean onS3(String lakeRoot) {
    String r = lakeRoot == null ? "" : lakeRoot.trim().toLowerCase(java.util.Locale.ROOT);
    for (String scheme : S3_SCHEMES) {
      if (r.startsWith(scheme + "://")) {
        return true;
      }
    }
    return false;
  }
}

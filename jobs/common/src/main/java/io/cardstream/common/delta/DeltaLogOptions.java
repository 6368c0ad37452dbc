package io.cardstream.common.delta;

import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of every job that writes the lake's Delta tables beside the stream: where the commit
 * ledger is ({@link DeltaMultiWriter}). Without {@code --delta-log-table} the job commits through
 * Delta's default S3 store, which is only safe while it is the table's one writer.
 */
public final class DeltaLogOptions {

  @Option(
      names = "--delta-log-table",
      description =
          "DynamoDB table of the Delta commit ledger: set it on every job that writes Delta tables"
              + " on S3 that another job writes at the same time (the stream, the maintenance).")
  String table;

  @Option(
      names = "--delta-log-region",
      description = "Region of the ledger table (default: the AWS SDK's, e.g. the instance's).")
  String region;

  @Option(
      names = "--delta-log-endpoint",
      description = "DynamoDB endpoint override of the ledger (DynamoDB Local).")
  String endpoint;

  /** The ledger settings, or null when none was given. */
  public DeltaMultiWriter multiWriter() {
    return table == null || table.isBlank() ? null : new DeltaMultiWriter(table, region, endpoint);
  }

  /**
   * The session settings of a job on {@code lakeRoot} (see {@link DeltaMultiWriter#sessionConf}).
   */
  public Map<String, String> sparkConf(String lakeRoot, PrintStream err) {
    return DeltaMultiWriter.sessionConf(lakeRoot, multiWriter(), err);
  }
}

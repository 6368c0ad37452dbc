package io.cardstream.warehouse;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Loads one table for one run date from its staging files, the same way on both warehouses:
 *
 * <ol>
 *   <li>{@code TRUNCATE} the staging table (autocommit; on Redshift TRUNCATE commits anyway);
 *   <li>the dialect's COPY fills it (autocommit);
 *   <li>one transaction deletes the date's rows from the target, inserts the staged rows and writes
 *       the 'loaded' audit row.
 * </ol>
 *
 * A failure anywhere before the commit leaves the target as it was (the only statements that touch
 * it are in the transaction) and writes a 'failed' audit row. Rerunning a date replaces its rows,
 * so loads are idempotent. Loads of the same table must not run concurrently: they share the
 * staging table (the nightly DAG runs one at a time).
 */
public final class TableLoader {

  public static final String LOADED = "loaded";
  public static final String FAILED = "failed";
  static final String AUDIT_INSERT =
      "INSERT INTO fraud.load_audit"
          + " (run_date, table_name, manifest_url, rows_loaded, status, message, loaded_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";
  // load_audit.message is varchar(4096), which Redshift counts in bytes (UTF-8: up to 4 a char).
  private static final int MAX_MESSAGE = 1000;

  private final Sql sql;
  private final Dialect dialect;
  private final Clock clock;

  public TableLoader(Sql sql, Dialect dialect, Clock clock) {
    this.sql = sql;
    this.dialect = dialect;
    this.clock = clock;
  }

  /**
   * Replaces {@code runDate}'s rows of {@code table} with the manifest's rows.
   *
   * @param files how many data files the manifest lists; 0 skips COPY (a manifest without entries
   *     is an error to Redshift) and the load empties the date
   * @return rows now in the target for the date
   * @throws WarehouseLoadException if any step fails; the target is then unchanged
   */
  public long load(WarehouseTable table, LocalDate runDate, String manifestUrl, int files) {
    try {
      sql.update("TRUNCATE TABLE " + table.stage());
    } catch (SQLException e) {
      throw fail(
          table,
          runDate,
          manifestUrl,
          "TRUNCATE of " + table.stage() + " failed (target unchanged): " + e.getMessage(),
          e);
    }
    long copied;
    try {
      copied = files == 0 ? 0 : dialect.copyIntoStage(sql, table, manifestUrl);
    } catch (Exception e) {
      String message = dialect.describeCopyFailure(sql, table, e);
      throw fail(table, runDate, manifestUrl, message, e);
    }
    long[] inserted = {0};
    try {
      sql.inTransaction(
          () -> {
            sql.update("DELETE FROM " + table.target() + " WHERE event_date = ?", runDate);
            inserted[0] =
                sql.update(
                    "INSERT INTO "
                        + table.target()
                        + " ("
                        + table.columnList()
                        + ") SELECT "
                        + table.columnList()
                        + " FROM "
                        + table.stage()
                        + " WHERE event_date = ?",
                    runDate);
            // The export filtered on the date; a mismatch means the staging table was not ours
            // alone (a concurrent load) or the files were not this date's.
            if (inserted[0] != copied) {
              throw new SQLException(
                  "staging table "
                      + table.stage()
                      + " held "
                      + copied
                      + " copied rows but "
                      + inserted[0]
                      + " for "
                      + runDate
                      + "; refusing to swap");
            }
            audit(table, runDate, manifestUrl, inserted[0], LOADED, null);
          });
    } catch (SQLException | RuntimeException e) {
      throw fail(
          table,
          runDate,
          manifestUrl,
          "swap into "
              + table.target()
              + " failed after COPY (target unchanged): "
              + e.getMessage(),
          e);
    }
    return inserted[0];
  }

  private WarehouseLoadException fail(
      WarehouseTable table, LocalDate runDate, String manifestUrl, String message, Exception e) {
    WarehouseLoadException failure = new WarehouseLoadException(message, e);
    try {
      audit(table, runDate, manifestUrl, 0, FAILED, message);
    } catch (SQLException | RuntimeException auditFailure) {
      failure.addSuppressed(auditFailure);
    }
    return failure;
  }

  private void audit(
      WarehouseTable table,
      LocalDate runDate,
      String manifestUrl,
      long rows,
      String status,
      String message)
      throws SQLException {
    sql.update(
        AUDIT_INSERT,
        runDate,
        table.tableName(),
        manifestUrl,
        rows,
        status,
        message == null || message.length() <= MAX_MESSAGE
            ? message
            : message.substring(0, MAX_MESSAGE),
        LocalDateTime.now(clock));
  }
}

package io.cardstream.warehouse;

import io.cardstream.common.lake.RunDates;
import io.cardstream.common.lake.WarehouseTable;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads one table for its run dates (one date, or a backfill range) from its staging files, the
 * same way on both warehouses:
 *
 * <ol>
 *   <li>{@code TRUNCATE} the staging table (autocommit; on Redshift TRUNCATE commits anyway);
 *   <li>the dialect's COPY fills it (autocommit);
 *   <li>one transaction deletes the dates' rows from the target, inserts the staged rows and writes
 *       a 'loaded' audit row per date.
 * </ol>
 *
 * A failure anywhere before the commit leaves the target as it was (the only statements that touch
 * it are in the transaction) and writes 'failed' audit rows. Rerunning a date replaces its rows, so
 * loads are idempotent. Loads of the same table must not run concurrently: they share the staging
 * table (the nightly DAG runs one at a time).
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
   * Replaces the rows of {@code dates} in {@code table} with the manifest's rows.
   *
   * @param files how many data files the manifest lists; 0 skips COPY (a manifest without entries
   *     is an error to Redshift) and the load empties the dates
   * @return rows now in the target for the dates
   * @throws WarehouseLoadException if any step fails; the target is then unchanged
   */
  public long load(WarehouseTable table, RunDates dates, String manifestUrl, int files) {
    try {
      sql.update("TRUNCATE TABLE " + table.stage());
    } catch (SQLException e) {
      throw fail(
          table,
          dates,
          manifestUrl,
          "TRUNCATE of " + table.stage() + " failed (target unchanged): " + e.getMessage(),
          e);
    }
    long copied;
    try {
      copied = files == 0 ? 0 : dialect.copyIntoStage(sql, table, manifestUrl);
    } catch (Exception e) {
      String message = dialect.describeCopyFailure(sql, table, e);
      throw fail(table, dates, manifestUrl, message, e);
    }
    long[] inserted = {0};
    try {
      sql.inTransaction(
          () -> {
            Object[] range = dateParams(dates);
            sql.update("DELETE FROM " + table.target() + " WHERE " + dateFilter(dates), range);
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
                        + " WHERE "
                        + dateFilter(dates),
                    range);
            // The export filtered on the date; a mismatch means the staging table was not ours
            // alone (a concurrent load) or the files were not these dates'.
            if (inserted[0] != copied) {
              throw new SQLException(
                  "staging table "
                      + table.stage()
                      + " held "
                      + copied
                      + " copied rows but "
                      + inserted[0]
                      + " for "
                      + dates
                      + "; refusing to swap");
            }
            for (Map.Entry<LocalDate, Long> day :
                rowsPerDate(table, dates, inserted[0]).entrySet()) {
              audit(table, day.getKey(), manifestUrl, day.getValue(), LOADED, null);
            }
          });
    } catch (SQLException | RuntimeException e) {
      throw fail(
          table,
          dates,
          manifestUrl,
          "swap into "
              + table.target()
              + " failed after COPY (target unchanged): "
              + e.getMessage(),
          e);
    }
    return inserted[0];
  }

  /** The date predicate of the delete and the insert: one date, or the inclusive range. */
  private static String dateFilter(RunDates dates) {
    return dates.start().equals(dates.end()) ? "event_date = ?" : "event_date BETWEEN ? AND ?";
  }

  private static Object[] dateParams(RunDates dates) {
    return dates.start().equals(dates.end())
        ? new Object[] {dates.start()}
        : new Object[] {dates.start(), dates.end()};
  }

  /** Rows the swap inserted per date of the range, every date listed (0 for an empty one). */
  private Map<LocalDate, Long> rowsPerDate(WarehouseTable table, RunDates dates, long inserted)
      throws SQLException {
    Map<LocalDate, Long> rows = new TreeMap<>();
    dates.dates().forEach(d -> rows.put(d, 0L));
    if (dates.start().equals(dates.end())) {
      rows.put(dates.start(), inserted);
      return rows;
    }
    for (List<Object> r :
        sql.query(
            "SELECT event_date, COUNT(*) FROM "
                + table.target()
                + " WHERE "
                + dateFilter(dates)
                + " GROUP BY event_date",
            dateParams(dates))) {
      rows.put(toLocalDate(r.get(0)), ((Number) r.get(1)).longValue());
    }
    return rows;
  }

  private static LocalDate toLocalDate(Object v) {
    return v instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) v;
  }

  private WarehouseLoadException fail(
      WarehouseTable table, RunDates dates, String manifestUrl, String message, Exception e) {
    WarehouseLoadException failure = new WarehouseLoadException(message, e);
    try {
      for (LocalDate date : dates.dates()) {
        audit(table, date, manifestUrl, 0, FAILED, message);
      }
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

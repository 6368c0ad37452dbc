package io.cardstream.warehouse;

import io.cardstream.common.lake.WarehouseTable;
import java.io.IOException;
import java.sql.SQLException;

/**
 * How one kind of warehouse fills a staging table from a load's manifest. Everything after that
 * (the delete+insert swap and the audit row) is the same SQL on both and lives in {@link
 * TableLoader}.
 */
public interface Dialect {

  /**
   * The null marker in the staging CSV files. No backslash in it, so the SQL literal that names it
   * means the same under Redshift's escape-processing string literals and PostgreSQL's standard
   * ones. A string value equal to it would load as NULL; no column of the contract holds it.
   */
  String NULL_MARKER = "__NULL__";

  /**
   * Fills {@code table.stage()} (already empty) with the files the manifest lists; returns rows.
   */
  long copyIntoStage(Sql sql, WarehouseTable table, String manifestUrl)
      throws SQLException, IOException;

  /**
   * A message for a failed copy that says what was wrong with which line, from what the database
   * records about it. Never throws.
   */
  String describeCopyFailure(Sql sql, WarehouseTable table, Exception failure);

  /** A SQL string literal; single quotes doubled. */
  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}

package io.cardstream.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.List;

/**
 * The JDBC boundary of the load: the few operations the dialects and the loader need. {@link
 * JdbcSql} is the real one; tests of the Redshift dialect record the statements with their own
 * implementation, since there is no Redshift to run them against.
 *
 * <p>Statements run in autocommit mode unless inside {@link #inTransaction}.
 */
public interface Sql {

  /** Runs a statement with positional parameters; returns the update count (or -1). */
  long update(String sql, Object... params) throws SQLException;

  /** Runs a query; returns its rows, each as the list of column values. */
  List<List<Object>> query(String sql, Object... params) throws SQLException;

  /** PostgreSQL {@code COPY ... FROM STDIN}: streams {@code data} to the server; returns rows. */
  long copyIn(String copySql, InputStream data) throws SQLException, IOException;

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  void inTransaction(Work work) throws SQLException;

  /** Statements that must commit or roll back together. */
  @FunctionalInterface
  interface Work {
    void run() throws SQLException;
  }
}

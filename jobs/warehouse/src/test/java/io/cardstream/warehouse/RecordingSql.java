package io.cardstream.warehouse;

import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A second implementation of the {@link Sql} boundary that records what the Redshift dialect and
 * the loader send and answers from a script. There is no Redshift on this machine (and no local
 * stand-in understands COPY ... IAM_ROLE ... MANIFEST or stl_load_errors), so the Redshift path is
 * checked by the exact statements it issues; the PostgreSQL path runs for real in the ITs.
 */
final class RecordingSql implements Sql {

  /** Every statement in order, with its parameters, plus BEGIN/COMMIT/ROLLBACK. */
  final List<String> log = new ArrayList<>();

  private final Map<String, Long> updateCounts = new LinkedHashMap<>();
  private final Map<String, List<List<Object>>> answers = new LinkedHashMap<>();
  private final Map<String, String> failures = new LinkedHashMap<>();

  /** Updates whose SQL starts with {@code prefix} return {@code count}. */
  RecordingSql updateCount(String prefix, long count) {
    updateCounts.put(prefix, count);
    return this;
  }

  /** Queries whose SQL starts with {@code prefix} return {@code rows}. */
  RecordingSql answer(String prefix, List<List<Object>> rows) {
    answers.put(prefix, rows);
    return this;
  }

  /** Statements starting with {@code prefix} fail with {@code message}. */
  RecordingSql fail(String prefix, String message) {
    failures.put(prefix, message);
    return this;
  }

  @Override
  public long update(String sql, Object... params) throws SQLException {
    log.add(render(sql, params));
    failIfScripted(sql);
    return updateCounts.entrySet().stream()
        .filter(e -> sql.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(0L);
  }

  @Override
  public List<List<Object>> query(String sql, Object... params) throws SQLException {
    log.add(render(sql, params));
    failIfScripted(sql);
    return answers.entrySet().stream()
        .filter(e -> sql.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(List.of());
  }

  @Override
  public long copyIn(String copySql, InputStream data) throws SQLException {
    throw new SQLException("COPY FROM STDIN is PostgreSQL only");
  }

  @Override
  public void inTransaction(Work work) throws SQLException {
    log.add("BEGIN");
    try {
      work.run();
      log.add("COMMIT");
    } catch (SQLException | RuntimeException e) {
      log.add("ROLLBACK");
      throw e;
    }
  }

  private void failIfScripted(String sql) throws SQLException {
    for (Map.Entry<String, String> f : failures.entrySet()) {
      if (sql.startsWith(f.getKey())) {
        throw new SQLException(f.getValue());
      }
    }
  }

  private static String render(String sql, Object[] params) {
    return params.length == 0 ? sql : sql + " " + Arrays.toString(params);
  }
}

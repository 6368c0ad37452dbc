package io.cardstream.console.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The load audit over JDBC: PostgreSQL locally, Redshift on AWS (the same table and SQL). A
 * connection per page view, with login, connect and socket timeouts under the page's deadline.
 */
public final class JdbcWarehouse implements Warehouse {

  static final String QUERY =
      "SELECT run_date, table_name, rows_loaded, status, message, loaded_at, manifest_url"
          + " FROM fraud.load_audit ORDER BY loaded_at DESC, table_name LIMIT ?";

  private final String url;
  private final String user;
  private final String password;
  private final int timeoutSeconds;

  public JdbcWarehouse(String url, String user, String password, int timeoutSeconds) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.timeoutSeconds = Math.max(1, timeoutSeconds);
  }

  @Override
  public List<Load> loads(int limit) {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    String t = Integer.toString(timeoutSeconds);
    p.setProperty("connectTimeout", t);
    p.setProperty("loginTimeout", t);
    p.setProperty("socketTimeout", t);
    p.setProperty("ApplicationName", "cardstream-console");
    try (Connection c = DriverManager.getConnection(url, p)) {
      c.setReadOnly(true);
      try (PreparedStatement s = c.prepareStatement(QUERY)) {
        s.setQueryTimeout(timeoutSeconds);
        s.setInt(1, limit);
        List<Load> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            java.sql.Timestamp at = r.getTimestamp("loaded_at");
            out.add(
                new Load(
                    r.getDate("run_date").toLocalDate(),
                    r.getString("table_name"),
                    r.getLong("rows_loaded"),
                    r.getString("status"),
                    r.getString("message"),
                    at == null ? null : at.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC),
                    r.getString("manifest_url")));
          }
        }
        return out;
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
        return List.of(); // no fraud.load_audit yet: no load ran
      }
      // The message of a refused connection names host and port; never a password.
      throw new Probe.Unavailable(
          "the warehouse at " + url + " did not answer: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}

package io.cardstream.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/** {@link Sql} over one JDBC connection (PostgreSQL or Redshift driver). */
public final class JdbcSql implements Sql, AutoCloseable {

  private final Connection connection;

  public JdbcSql(Connection connection) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(true);
  }

  @Override
  public long update(String sql, Object... params) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      bind(st, params);
      st.execute();
      return st.getUpdateCount();
    }
  }

  @Override
  public List<List<Object>> query(String sql, Object... params) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      bind(st, params);
      try (ResultSet rs = st.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
          List<Object> row = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            row.add(rs.getObject(i));
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }

  @Override
  public long copyIn(String copySql, InputStream data) throws SQLException, IOException {
    if (!connection.isWrapperFor(PGConnection.class)) {
      throw new SQLFeatureNotSupportedException(
          "COPY FROM STDIN needs a PostgreSQL connection (the Redshift dialect COPYs from S3)");
    }
    return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, data);
  }

  @Override
  public void inTransaction(Work work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      work.run();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  // java.time values as java.sql types: both drivers take these, not every driver version takes
  // LocalDate through setObject.
  private static void bind(PreparedStatement st, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof LocalDate d) {
        st.setDate(i + 1, Date.valueOf(d));
      } else if (p instanceof LocalDateTime t) {
        st.setTimestamp(i + 1, Timestamp.valueOf(t));
      } else {
        st.setObject(i + 1, p);
      }
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}

package io.cardstream.warehouse;

import io.cardstream.common.lake.WarehouseTable;
import java.sql.SQLException;
import java.util.List;

/**
 * Redshift: one {@code COPY ... MANIFEST} per table, which Redshift parallelises over its slices
 * reading straight from S3. Authorised by an IAM role the cluster assumes, so no key or secret ever
 * appears in SQL (or in STL_QUERY, where Redshift keeps statement texts).
 */
public final class RedshiftDialect implements Dialect {

  /** How many of stl_load_errors' rows go into the exception message. */
  static final int MAX_REPORTED_ERRORS = 5;

  private final String iamRole;
  private final String region;

  /**
   * @param iamRole the role ARN Redshift assumes to read the staging bucket
   * @param region the bucket's region, or null when it is the cluster's
   */
  public RedshiftDialect(String iamRole, String region) {
    if (iamRole == null || iamRole.isBlank()) {
      throw new IllegalArgumentException("the Redshift dialect needs an IAM role ARN");
    }
    this.iamRole = iamRole;
    this.region = region;
  }

  /** The COPY statement for one table's manifest. */
  public String copySql(WarehouseTable table, String manifestUrl) {
    // COMPUPDATE/STATUPDATE OFF: the staging table is emptied on every load, and automatic
    // compression analysis of an empty table would otherwise re-run on each COPY.
    return "COPY "
        + table.stage()
        + " ("
        + table.columnList()
        + ") FROM "
        + Dialect.literal(manifestUrl)
        + " IAM_ROLE "
        + Dialect.literal(iamRole)
        + " MANIFEST GZIP CSV NULL AS "
        + Dialect.literal(NULL_MARKER)
        + " DATEFORMAT 'YYYY-MM-DD' TIMEFORMAT 'YYYY-MM-DD HH:MI:SS'"
        + " COMPUPDATE OFF STATUPDATE OFF"
        + (region == null ? "" : " REGION " + Dialect.literal(region));
  }

  @Override
  public long copyIntoStage(Sql sql, WarehouseTable table, String manifestUrl) throws SQLException {
    sql.update(copySql(table, manifestUrl));
    List<List<Object>> count = sql.query("SELECT pg_last_copy_count()");
    return ((Number) count.get(0).get(0)).longValue();
  }

  @Override
  public String describeCopyFailure(Sql sql, WarehouseTable table, Exception failure) {
    StringBuilder msg =
        new StringBuilder("COPY into ")
            .append(table.stage())
            .append(" failed: ")
            .append(failure.getMessage());
    try {
      // pg_last_copy_id() is the query id of this session's last COPY, failed ones included.
      List<List<Object>> errors =
          sql.query(
              "SELECT line_number, TRIM(colname), TRIM(err_reason), TRIM(raw_line)"
                  + " FROM stl_load_errors WHERE query = pg_last_copy_id()"
                  + " ORDER BY line_number LIMIT "
                  + MAX_REPORTED_ERRORS);
      if (errors.isEmpty()) {
        msg.append("\n  (no rows in stl_load_errors for this COPY)");
      }
      for (List<Object> e : errors) {
        msg.append("\n  line ")
            .append(e.get(0))
            .append(", column ")
            .append(e.get(1))
            .append(": ")
            .append(e.get(2))
            .append(" | raw: ")
            .append(abbreviate(String.valueOf(e.get(3)), 200));
      }
    } catch (SQLException | RuntimeException e) {
      msg.append("\n  (could not read stl_load_errors: ").append(e.getMessage()).append(')');
    }
    return msg.toString();
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}

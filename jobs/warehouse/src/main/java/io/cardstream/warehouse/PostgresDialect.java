package io.cardstream.warehouse;

import io.cardstream.common.lake.WarehouseTable;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.zip.GZIPInputStream;

/**
 * PostgreSQL (the local warehouse): reads the same manifest Redshift would and streams each listed
 * file, gunzipped, through {@code COPY ... FROM STDIN} on the job's connection. The server never
 * needs access to the lake.
 */
public final class PostgresDialect implements Dialect {

  private final StagingArea staging;

  public PostgresDialect(StagingArea staging) {
    this.staging = staging;
  }

  /** The COPY statement each file is streamed through. */
  public String copySql(WarehouseTable table) {
    return "COPY "
        + table.stage()
        + " ("
        + table.columnList()
        + ") FROM STDIN WITH (FORMAT csv, NULL "
        + Dialect.literal(NULL_MARKER)
        + ")";
  }

  @Override
  public long copyIntoStage(Sql sql, WarehouseTable table, String manifestUrl)
      throws SQLException, IOException {
    Manifest manifest = staging.readManifest(manifestUrl);
    String copy = copySql(table);
    long rows = 0;
    for (Manifest.Entry entry : manifest.entries()) {
      try (InputStream in =
          new GZIPInputStream(
              new BufferedInputStream(staging.open(entry.url()), 1 << 16), 1 << 16)) {
        rows += sql.copyIn(copy, in);
      }
    }
    return rows;
  }

  @Override
  public String describeCopyFailure(Sql sql, WarehouseTable table, Exception failure) {
    // PostgreSQL's COPY error already names the line and column (its CONTEXT).
    return "COPY into " + table.stage() + " failed: " + failure.getMessage();
  }
}

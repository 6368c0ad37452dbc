package io.cardstream.warehouse;

import io.cardstream.common.lake.RunDates;
import io.cardstream.common.lake.WarehouseTable;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/**
 * One nightly warehouse load: migrate the schema, then per table export the run dates' rows to
 * staging files plus a manifest, load them ({@link TableLoader}) and delete the staging files of
 * the successful load. Stops at the first failed table (each table's swap is atomic; a rerun of the
 * date redoes all of them idempotently).
 */
public final class WarehouseLoad {

  /** What one table's load did. */
  public record TableResult(
      WarehouseTable table,
      long rows,
      int files,
      long bytes,
      String manifestUrl,
      String stagingDir,
      boolean stagingDeleted) {}

  /** What a run did, table by table in load order. */
  public record Result(RunDates dates, List<TableResult> tables) {

    /** Rows loaded per table name, e.g. {fact_transactions=1234, regional_daily=56, ...}. */
    public Map<String, Long> rowsByTable() {
      Map<String, Long> rows = new LinkedHashMap<>();
      for (TableResult t : tables) {
        rows.put(t.table().tableName(), t.rows());
      }
      return rows;
    }
  }

  private static final DateTimeFormatter LOAD_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SparkSession spark;
  private final WarehouseConfig config;
  private final Credentials credentials;
  private final PrintStream out;
  private final Clock clock;

  public WarehouseLoad(
      SparkSession spark, WarehouseConfig config, Credentials credentials, PrintStream out) {
    this(spark, config, credentials, out, Clock.systemUTC());
  }

  WarehouseLoad(
      SparkSession spark,
      WarehouseConfig config,
      Credentials credentials,
      PrintStream out,
      Clock clock) {
    this.spark = spark;
    this.config = config;
    this.credentials = credentials;
    this.out = out;
    this.clock = clock;
  }

  /**
   * Runs the load.
   *
   * @throws WarehouseLoadException when a table fails to load (earlier tables stay loaded)
   */
  public Result run() {
    // Every source first: a missing gold table must not leave the facts loaded without it.
    for (WarehouseTable table : WarehouseTable.values()) {
      String source = config.sourcePath(table);
      if (!DeltaTable.isDeltaTable(spark, source)) {
        throw new WarehouseLoadException(
            "no Delta table at "
                + source
                + " (the "
                + (table == WarehouseTable.FACT_TRANSACTIONS ? "stream" : "analytics job")
                + " writes it); nothing loaded into "
                + table.target());
      }
    }
    var migrated =
        Migrations.migrate(config.target(), config.jdbcUrl(), credentials, config.iamRole());
    out.printf(
        "warehouse-load: schema fraud at version %s (%d migration(s) applied now)%n",
        migrated.targetSchemaVersion != null ? migrated.targetSchemaVersion : "current",
        migrated.migrationsExecuted);
    StagingArea staging = new StagingArea(spark.sparkContext().hadoopConfiguration());
    Dialect dialect =
        config.target() == WarehouseConfig.Target.REDSHIFT
            ? new RedshiftDialect(config.iamRole(), config.region())
            : new PostgresDialect(staging);
    String loadId =
        LOAD_ID.format(clock.instant()) + "-" + HexFormat.of().toHexDigits(RANDOM.nextInt());
    List<TableResult> results = new ArrayList<>();
    try (JdbcSql sql = new JdbcSql(connect(config, credentials))) {
      TableLoader loader = new TableLoader(sql, dialect, clock);
      for (WarehouseTable table : WarehouseTable.values()) {
        results.add(loadTable(loader, staging, table, loadId));
      }
    } catch (SQLException e) {
      throw new WarehouseLoadException(
          "warehouse connection to " + config.jdbcUrl() + " failed: " + e.getMessage(), e);
    }
    return new Result(config.dates(), List.copyOf(results));
  }

  private TableResult loadTable(
      TableLoader loader, StagingArea staging, WarehouseTable table, String loadId) {
    String dir = config.stagingDir(table, loadId);
    StagingArea.ManifestFile manifest;
    try {
      StagingExport.export(spark, config, table, dir);
      manifest = staging.writeManifest(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the staging files of " + table.target(), e);
    }
    int files = manifest.manifest().entries().size();
    long rows = loader.load(table, config.dates(), manifest.url(), files);
    boolean deleted = false;
    if (!config.keepStaging()) {
      try {
        deleted = staging.delete(dir);
      } catch (IOException e) {
        // The data is loaded; leftover files are the lifecycle rule's to remove.
        out.printf("warehouse-load: could not delete %s: %s%n", dir, e.getMessage());
      }
    }
    out.printf(
        "warehouse-load: %s %s: %,d rows from %d file(s), %,d bytes%s%n",
        config.dates(),
        table.target(),
        rows,
        files,
        manifest.manifest().totalBytes(),
        deleted ? "" : " (staging kept: " + dir + ")");
    return new TableResult(
        table, rows, files, manifest.manifest().totalBytes(), manifest.url(), dir, deleted);
  }

  /** A connection through the target's own driver class (no DriverManager lookup). */
  public static Connection connect(WarehouseConfig config, Credentials credentials)
      throws SQLException {
    Properties props = new Properties();
    if (credentials.user() != null) {
      props.setProperty("user", credentials.user());
    }
    if (credentials.password() != null) {
      props.setProperty("password", credentials.password());
    }
    Driver driver =
        config.target() == WarehouseConfig.Target.REDSHIFT
            ? new com.amazon.redshift.jdbc42.Driver()
            : new org.postgresql.Driver();
    Connection connection = driver.connect(config.jdbcUrl(), props);
    if (connection == null) {
      throw new SQLException(
          driver.getClass().getName() + " does not accept the URL " + config.jdbcUrl());
    }
    return connection;
  }
}

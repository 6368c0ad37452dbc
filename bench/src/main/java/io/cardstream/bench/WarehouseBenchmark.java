package io.cardstream.bench;

import io.cardstream.common.lake.RunDates;
import io.cardstream.common.lake.WarehouseTable;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.warehouse.Credentials;
import io.cardstream.warehouse.Dialect;
import io.cardstream.warehouse.JdbcSql;
import io.cardstream.warehouse.Migrations;
import io.cardstream.warehouse.PostgresDialect;
import io.cardstream.warehouse.StagingArea;
import io.cardstream.warehouse.TableLoader;
import io.cardstream.warehouse.WarehouseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;

/**
 * The warehouse load path against the usual alternative, on the same rows in the same embedded
 * PostgreSQL in the same run:
 *
 * <ul>
 *   <li>the job's path: gzip CSV part files + manifest, loaded by the job's own {@link TableLoader}
 *       and {@link PostgresDialect} (TRUNCATE stage, COPY FROM STDIN per file, then the
 *       delete+insert swap and the audit row in one transaction);
 *   <li>the baseline: what a naive Spark JDBC writer does, one parameterised INSERT per row sent in
 *       JDBC batches of 1000, autocommit off, one commit at the end, straight into the target. Its
 *       rows are built in memory before its clock starts.
 * </ul>
 *
 * The staging files are written by this class (the Spark export is not what is compared), in the
 * job's CSV dialect. Target: the COPY path at least 10x the batched INSERT rate.
 */
public final class WarehouseBenchmark {

  private static final LocalDate DAY = LocalDate.of(2020, 6, 1);
  private static final String[] CATEGORIES = {
    "grocery_pos", "shopping_net", "gas_transport", "misc_net", "entertainment", "food_dining"
  };
  private static final String[] STATES = {"OH", "CA", "TX", "NY", "FL", "PA", "IL", "WA"};
  private static final String[] DECISIONS = {"APPROVE", "APPROVE", "APPROVE", "REVIEW", "DECLINE"};

  private WarehouseBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = BenchArgs.intArg(args, "--rows", 1_000_000);
    int files = BenchArgs.intArg(args, "--files", 8);
    int batch = BenchArgs.intArg(args, "--batch", 1000);
    Path dir = Files.createTempDirectory("cardstream-bench-warehouse-");

    long g0 = System.nanoTime();
    writeParts(dir, rows, files);
    StagingArea staging = new StagingArea(new Configuration());
    StagingArea.ManifestFile manifest = staging.writeManifest(dir.toUri().toString());
    double genSecs = (System.nanoTime() - g0) / 1e9;

    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "off")
            .setServerConfig("max_wal_size", "2GB")
            .start()) {
      String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
      Credentials credentials = new Credentials("postgres", null);
      Migrations.migrate(WarehouseConfig.Target.POSTGRES, url, credentials, null);

      // The job's path, its own classes.
      double copySecs;
      double copyOnlySecs;
      try (JdbcSql sql = new JdbcSql(DriverManager.getConnection(url, "postgres", null))) {
        // COPY alone first (the share of the load that is COPY), then the whole load.
        PostgresDialect dialect = new PostgresDialect(staging);
        sql.update("TRUNCATE TABLE " + WarehouseTable.FACT_TRANSACTIONS.stage());
        long c0 = System.nanoTime();
        check(
            dialect.copyIntoStage(sql, WarehouseTable.FACT_TRANSACTIONS, manifest.url()),
            rows,
            "COPY into stage");
        copyOnlySecs = (System.nanoTime() - c0) / 1e9;
        TableLoader loader = new TableLoader(sql, dialect, Clock.systemUTC());
        long t0 = System.nanoTime();
        long loaded =
            loader.load(
                WarehouseTable.FACT_TRANSACTIONS,
                RunDates.of(DAY),
                manifest.url(),
                manifest.manifest().entries().size());
        copySecs = (System.nanoTime() - t0) / 1e9;
        check(loaded, rows, "manifest COPY path");
      }

      // The baseline, into the same (emptied) table.
      double insertSecs = insertBaseline(url, rows, batch);

      double copyRate = rows / copySecs;
      double insertRate = rows / insertSecs;
      System.out.println();
      System.out.println(
          "== warehouse benchmark ("
              + Runtime.getRuntime().availableProcessors()
              + " cores, embedded PostgreSQL, fsync off)");
      System.out.printf(
          "  staging files        %,d rows in %d gzip CSV parts, %,d bytes, written in %.1f s%n",
          rows, manifest.manifest().entries().size(), manifest.manifest().totalBytes(), genSecs);
      System.out.printf(
          "  manifest COPY load   %.1f s  %,.0f rows/s (TRUNCATE stage, COPY per file, swap + audit)%n",
          copySecs, copyRate);
      System.out.printf(
          "    of which COPY      %.1f s  %,.0f rows/s (files -> staging table, measured separately)%n",
          copyOnlySecs, rows / copyOnlySecs);
      System.out.printf(
          "    rest of the load   %.1f s  (TRUNCATE, swap into the keyed target, audit; load minus COPY)%n",
          copySecs - copyOnlySecs);
      System.out.printf(
          "  batched INSERTs      %.1f s  %,.0f rows/s (batch %d, autocommit off, one commit)%n",
          insertSecs, insertRate, batch);
      double ratio = copyRate / insertRate;
      System.out.printf(
          "  ratio                %.1fx  target >= 10x: %s%n",
          ratio, ratio >= 10 ? "MET" : "NOT MET");
    } finally {
      LocalStack.deleteRecursively(dir);
    }
  }

  /** Seconds the batched INSERTs of the same rows take (autocommit off, one commit). */
  private static double insertBaseline(String url, int rows, int batch) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", null)) {
      try (Statement st = c.createStatement()) {
        st.execute("TRUNCATE TABLE fraud.fact_transactions");
      }
      WarehouseTable fact = WarehouseTable.FACT_TRANSACTIONS;
      String insert =
          "INSERT INTO "
              + fact.target()
              + " ("
              + fact.columnList()
              + ") VALUES ("
              + String.join(", ", Collections.nCopies(fact.columns().size(), "?"))
              + ")";
      // The rows exist before the clock starts, as the COPY path's files do.
      Object[][] values = new Object[rows][];
      for (int i = 0; i < rows; i++) {
        Object[] v = row(i);
        for (int k = 0; k < v.length; k++) {
          v[k] = jdbcValue(v[k]);
        }
        values[i] = v;
      }
      long t0 = System.nanoTime();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(insert)) {
        for (int i = 0; i < rows; i++) {
          Object[] v = values[i];
          for (int k = 0; k < v.length; k++) {
            ps.setObject(k + 1, v[k]);
          }
          ps.addBatch();
          if ((i + 1) % batch == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
      double insertSecs = (System.nanoTime() - t0) / 1e9;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM fraud.fact_transactions")) {
        rs.next();
        check(rs.getLong(1), rows, "batched INSERT path");
      }
      return insertSecs;
    }
  }

  private static void check(long actual, long expected, String path) {
    if (actual != expected) {
      throw new IllegalStateException(path + " loaded " + actual + " rows, expected " + expected);
    }
  }

  /** One fact row in warehouse column order; deterministic in i. */
  static Object[] row(int i) {
    long h = (i + 1L) * 0x9E3779B97F4A7C15L;
    int card = (int) Math.floorMod(h >>> 17, 20_000);
    String cardId = String.format("%016x%016x%016x%016x", card, card * 31L, card * 131L, card * 7L);
    LocalDateTime time = DAY.atStartOfDay().plusNanos(Math.floorMod(h, 86_400_000_000L) * 1000);
    String decision = DECISIONS[Math.floorMod(h >>> 7, DECISIONS.length)];
    double age = Math.floorMod(h >>> 23, 80) + 18;
    boolean unknownAge = Math.floorMod(h >>> 29, 50) == 0;
    return new Object[] {
      "b" + i,
      time,
      DAY,
      cardId,
      cardId.substring(60),
      "fraud_Merchant " + Math.floorMod(h >>> 11, 700),
      CATEGORIES[Math.floorMod(h >>> 3, CATEGORIES.length)],
      Math.floorMod(h >>> 5, 200_000) / 100.0,
      Math.floorMod(h, 2) == 0 ? "F" : "M",
      unknownAge ? null : age,
      unknownAge
          ? "unknown"
          : age < 25 ? "<25" : age < 35 ? "25-34" : age < 50 ? "35-49" : age < 65 ? "50-64" : "65+",
      "City " + Math.floorMod(h >>> 13, 900),
      STATES[Math.floorMod(h >>> 19, STATES.length)],
      String.format("%05d", Math.floorMod(h >>> 21, 99_999)),
      30 + Math.floorMod(h >>> 9, 1500) / 100.0,
      -120 + Math.floorMod(h >>> 15, 4000) / 100.0,
      (long) Math.floorMod(h >>> 25, 2_000_000),
      "Engineer, \"site\"",
      30 + Math.floorMod(h >>> 10, 1500) / 100.0,
      -120 + Math.floorMod(h >>> 16, 4000) / 100.0,
      Math.floorMod(h >>> 31, 10) == 0
          ? null
          : (Object) (Math.floorMod(h >>> 33, 200) == 0 ? 1 : 0),
      Math.floorMod(h >>> 37, 10) == 0
          ? null
          : (Object) (Math.floorMod(h >>> 3, 10_000) / 10_000.0),
      decision,
      decision.equals("APPROVE") ? null : "AMOUNT_OVER_1000,NEW_CARD",
      "v1",
      "rules-1"
    };
  }

  private static Object jdbcValue(Object v) {
    if (v instanceof LocalDateTime t) {
      return Timestamp.valueOf(t);
    }
    if (v instanceof LocalDate d) {
      return Date.valueOf(d);
    }
    return v;
  }

  /** Writes rows i = 0..rows-1 round-robin into `files` gzip CSV parts, in the job's dialect. */
  private static void writeParts(Path dir, int rows, int files) throws Exception {
    Writer[] out = new Writer[files];
    for (int f = 0; f < files; f++) {
      out[f] =
          new BufferedWriter(
              new OutputStreamWriter(
                  new GZIPOutputStream(
                      Files.newOutputStream(
                          dir.resolve(String.format("part-%05d-bench.csv.gz", f))),
                      1 << 16),
                  StandardCharsets.UTF_8),
              1 << 16);
    }
    StringBuilder line = new StringBuilder(512);
    for (int i = 0; i < rows; i++) {
      line.setLength(0);
      Object[] v = row(i);
      for (int k = 0; k < v.length; k++) {
        if (k > 0) {
          line.append(',');
        }
        line.append(csv(v[k]));
      }
      line.append('\n');
      out[i % files].append(line);
    }
    for (Writer w : out) {
      w.close();
    }
  }

  private static String csv(Object v) {
    if (v == null) {
      return Dialect.NULL_MARKER;
    }
    if (v instanceof LocalDateTime t) {
      return t.toLocalDate()
          + " "
          + String.format(
              "%02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
    }
    String s = v.toString();
    if (s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}

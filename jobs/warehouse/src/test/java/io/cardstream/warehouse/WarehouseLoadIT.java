package io.cardstream.warehouse;

import static io.cardstream.warehouse.TestLake.DAY1;
import static io.cardstream.warehouse.TestLake.DAY2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.lake.RunDates;
import io.cardstream.common.lake.WarehouseTable;
import io.cardstream.common.testing.SparkTestSession;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole load against a real PostgreSQL (embedded, random port) from a small Delta lake: one
 * SparkSession and one server for the class, schema fraud dropped before each test.
 */
class WarehouseLoadIT {

  private static SparkSession spark;
  private static EmbeddedPostgres pg;
  @TempDir static Path dir;
  private static String lake;
  private static String url;
  private static final Credentials CREDENTIALS = new Credentials("postgres", null);
  private static final Map<LocalDate, Map<String, Long>> EXPECTED =
      Map.of(
          DAY1, counts(3, 2, 3, 2),
          DAY2, counts(2, 1, 1, 2));

  @BeforeAll
  static void start() throws Exception {
    spark = SparkTestSession.createWithDelta("WarehouseLoadIT");
    lake = dir.resolve("lake").toUri().toString();
    TestLake.write(spark, lake);
    pg = EmbeddedPostgres.builder().start();
    url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
  }

  @AfterAll
  static void stop() throws Exception {
    spark.stop();
    pg.close();
  }

  @BeforeEach
  void emptyWarehouse() throws SQLException {
    sql(s -> s.update("DROP SCHEMA IF EXISTS fraud CASCADE"));
  }

  private static Map<String, Long> counts(long fact, long regional, long segment, long merchant) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("fact_transactions", fact);
    m.put("regional_daily", regional);
    m.put("segment_daily", segment);
    m.put("merchant_daily", merchant);
    return m;
  }

  private static WarehouseConfig config(RunDates dates, boolean keepStaging) {
    return new WarehouseConfig(
        lake,
        dates,
        WarehouseConfig.Target.POSTGRES,
        url,
        "postgres",
        null,
        null,
        null,
        null,
        null,
        keepStaging);
  }

  private static WarehouseLoad.Result load(LocalDate day) {
    return load(day, false);
  }

  private static WarehouseLoad.Result load(LocalDate day, boolean keepStaging) {
    return load(RunDates.of(day), keepStaging);
  }

  private static WarehouseLoad.Result load(RunDates dates, boolean keepStaging) {
    return new WarehouseLoad(
            spark,
            config(dates, keepStaging),
            CREDENTIALS,
            new PrintStream(new ByteArrayOutputStream()))
        .run();
  }

  interface SqlWork<T> {
    T run(JdbcSql sql) throws SQLException;
  }

  private static <T> T sql(SqlWork<T> work) throws SQLException {
    try (JdbcSql sql =
        new JdbcSql(WarehouseLoad.connect(config(RunDates.of(DAY1), false), CREDENTIALS))) {
      return work.run(sql);
    }
  }

  private static List<List<Object>> query(String q, Object... params) throws SQLException {
    return sql(s -> s.query(q, params));
  }

  private static Map<String, Long> countsIn(LocalDate day) throws SQLException {
    Map<String, Long> m = new LinkedHashMap<>();
    for (WarehouseTable t : WarehouseTable.values()) {
      m.put(
          t.tableName(),
          ((Number)
                  query("SELECT count(*) FROM " + t.target() + " WHERE event_date = ?", day)
                      .get(0)
                      .get(0))
              .longValue());
    }
    return m;
  }

  /** Every row of every table for the day, in a stable order. */
  private static Map<String, List<List<Object>>> snapshot(LocalDate day) throws SQLException {
    Map<String, List<List<Object>>> m = new LinkedHashMap<>();
    for (WarehouseTable t : WarehouseTable.values()) {
      m.put(
          t.tableName(),
          query(
              "SELECT * FROM " + t.target() + " WHERE event_date = ? ORDER BY " + orderBy(t), day));
    }
    return m;
  }

  private static String orderBy(WarehouseTable t) {
    List<String> positions = new ArrayList<>();
    for (int i = 1; i <= t.columns().size(); i++) {
      positions.add(String.valueOf(i));
    }
    return String.join(", ", positions);
  }

  private static List<Path> children(Path p) throws Exception {
    if (!Files.exists(p)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.toList();
    }
  }

  @Test
  void cliLoadsEveryTableOfTheRunDateWithExactValuesAndCleansStaging() throws Exception {
    int exit =
        new CommandLine(new WarehouseLoadJob().withSession(spark))
            .execute(
                "--lake",
                lake,
                "--run-date",
                "2020-06-01",
                "--jdbc-url",
                url,
                "--user",
                "postgres",
                "--password-env",
                "CARDSTREAM_IT_UNSET_PASSWORD");

    assertThat(exit).isZero();
    assertThat(countsIn(DAY1)).isEqualTo(EXPECTED.get(DAY1));
    assertThat(countsIn(DAY2)).isEqualTo(counts(0, 0, 0, 0));

    String factCols =
        "trans_num, event_time::text, event_date::text, card_id, card_last4, merchant, category,"
            + " amt, gender, age, age_band, city, state, zip, lat, long, city_pop, job, merch_lat,"
            + " merch_long, is_fraud, score, decision, reasons, model_version, rules_version";
    assertThat(query("SELECT " + factCols + " FROM fraud.fact_transactions ORDER BY trans_num"))
        .containsExactly(
            row(
                "t1",
                "2020-06-01 08:15:30.123456",
                "2020-06-01",
                "aaaa0001",
                "0001",
                "fraud_Kirlin and Sons",
                "grocery_pos",
                12.5,
                "F",
                30.0,
                "25-34",
                "Columbus",
                "OH",
                "43210",
                40.0,
                -83.0,
                900_000L,
                "Engineer, \"site\"",
                40.1,
                -83.1,
                0,
                0.0123,
                "APPROVE",
                null,
                "v1",
                "rules-1"),
            row(
                "t2",
                "2020-06-01 23:59:59.999999",
                "2020-06-01",
                "bbbb0002",
                "0002",
                "fraud_Haley Group",
                "shopping_net",
                1500.0,
                "M",
                null,
                "unknown",
                null,
                "CA",
                "",
                40.0,
                -83.0,
                900_000L,
                "Nurse",
                40.1,
                -83.1,
                null,
                null,
                "DECLINE",
                "AMOUNT_OVER_1000,NEW_CARD",
                "v1",
                "rules-1"),
            row(
                "t3",
                "2020-06-01 00:00:00",
                "2020-06-01",
                "cccc0003",
                "0003",
                "fraud_Kirlin and Sons",
                "grocery_pos",
                77.0,
                "M",
                70.0,
                "65+",
                "Columbus",
                "OH",
                "43210",
                40.0,
                -83.0,
                900_000L,
                "Teacher",
                40.1,
                -83.1,
                1,
                0.81,
                "REVIEW",
                "HIGH_SCORE",
                "v1",
                "rules-1"));
    assertThat(
            query(
                "SELECT event_date::text, state, city, category, transactions, amount_sum,"
                    + " amount_avg, labelled_fraud, labelled_fraud_rate, flagged, flagged_rate,"
                    + " reviewed, review_rate, declined, decline_rate, distinct_cards"
                    + " FROM fraud.regional_daily ORDER BY state"))
        .containsExactly(
            List.of(
                "2020-06-01",
                "CA",
                "unknown",
                "shopping_net",
                10L,
                425.0,
                42.5,
                1L,
                0.1,
                2L,
                0.2,
                1L,
                0.1,
                1L,
                0.1,
                7L),
            List.of(
                "2020-06-01",
                "OH",
                "Columbus",
                "grocery_pos",
                20L,
                850.0,
                42.5,
                2L,
                0.1,
                4L,
                0.2,
                2L,
                0.1,
                2L,
                0.1,
                17L));
    assertThat(
            query(
                "SELECT gender, age_band, category, transactions FROM fraud.segment_daily"
                    + " ORDER BY transactions"))
        .containsExactly(
            List.of("F", "25-34", "grocery_pos", 40L),
            List.of("M", "unknown", "shopping_net", 50L),
            List.of("M", "65+", "grocery_pos", 60L));
    assertThat(
            query("SELECT merchant, category, transactions FROM fraud.merchant_daily ORDER BY 3"))
        .containsExactly(
            List.of("fraud_Kirlin and Sons", "grocery_pos", 80L),
            List.of("fraud_Haley Group", "shopping_net", 90L));

    assertThat(
            query(
                "SELECT run_date::text, table_name, rows_loaded, status, message,"
                    + " manifest_url LIKE 'file:%/staging/warehouse/2020-06-01/' || table_name"
                    + " || '/%/manifest.json'"
                    + " FROM fraud.load_audit ORDER BY loaded_at, table_name"))
        .containsExactlyInAnyOrder(
            row("2020-06-01", "fact_transactions", 3L, "loaded", null, true),
            row("2020-06-01", "regional_daily", 2L, "loaded", null, true),
            row("2020-06-01", "segment_daily", 3L, "loaded", null, true),
            row("2020-06-01", "merchant_daily", 2L, "loaded", null, true));

    Path staging = dir.resolve("lake/staging/warehouse/2020-06-01");
    for (WarehouseTable t : WarehouseTable.values()) {
      assertThat(children(staging.resolve(t.tableName()))).as(t.tableName()).isEmpty();
    }
  }

  /** An expected row; unlike List.of it may hold null. */
  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  @Test
  void loadingOneDateLeavesOtherDatesUntouched() throws Exception {
    assertThat(load(DAY2).rowsByTable()).isEqualTo(EXPECTED.get(DAY2));
    Map<String, List<List<Object>>> day2 = snapshot(DAY2);

    assertThat(load(DAY1).rowsByTable()).isEqualTo(EXPECTED.get(DAY1));

    assertThat(snapshot(DAY2)).isEqualTo(day2);
    assertThat(countsIn(DAY1)).isEqualTo(EXPECTED.get(DAY1));
    assertThat(countsIn(DAY2)).isEqualTo(EXPECTED.get(DAY2));
  }

  @Test
  void aBackfillRangeLoadsEveryDateInOnePassAndAuditsEachDate() throws Exception {
    WarehouseLoad.Result range = load(new RunDates(DAY1, DAY2), false);

    Map<String, Long> both = new LinkedHashMap<>();
    EXPECTED.get(DAY1).forEach((t, n) -> both.put(t, n + EXPECTED.get(DAY2).get(t)));
    assertThat(range.rowsByTable()).isEqualTo(both);
    assertThat(countsIn(DAY1)).isEqualTo(EXPECTED.get(DAY1));
    assertThat(countsIn(DAY2)).isEqualTo(EXPECTED.get(DAY2));
    // One export and one swap per table, one audit row per table and date.
    assertThat(
            query(
                "SELECT table_name, run_date::text, rows_loaded FROM fraud.load_audit"
                    + " WHERE status = 'loaded' ORDER BY table_name, run_date"))
        .containsExactly(
            List.of("fact_transactions", "2020-06-01", EXPECTED.get(DAY1).get("fact_transactions")),
            List.of("fact_transactions", "2020-06-02", EXPECTED.get(DAY2).get("fact_transactions")),
            List.of("merchant_daily", "2020-06-01", EXPECTED.get(DAY1).get("merchant_daily")),
            List.of("merchant_daily", "2020-06-02", EXPECTED.get(DAY2).get("merchant_daily")),
            List.of("regional_daily", "2020-06-01", EXPECTED.get(DAY1).get("regional_daily")),
            List.of("regional_daily", "2020-06-02", EXPECTED.get(DAY2).get("regional_daily")),
            List.of("segment_daily", "2020-06-01", EXPECTED.get(DAY1).get("segment_daily")),
            List.of("segment_daily", "2020-06-02", EXPECTED.get(DAY2).get("segment_daily")));

    // Loading one date of the range again replaces that date only.
    Map<String, List<List<Object>>> day2 = snapshot(DAY2);
    assertThat(load(DAY1).rowsByTable()).isEqualTo(EXPECTED.get(DAY1));
    assertThat(snapshot(DAY2)).isEqualTo(day2);
  }

  @Test
  void rerunningADateIsIdempotent() throws Exception {
    WarehouseLoad.Result first = load(DAY1);
    Map<String, List<List<Object>>> afterFirst = snapshot(DAY1);

    WarehouseLoad.Result second = load(DAY1);

    assertThat(second.rowsByTable()).isEqualTo(first.rowsByTable()).isEqualTo(EXPECTED.get(DAY1));
    assertThat(countsIn(DAY1)).isEqualTo(EXPECTED.get(DAY1));
    assertThat(snapshot(DAY1)).isEqualTo(afterFirst);
    assertThat(
            query(
                "SELECT table_name, status, count(*) FROM fraud.load_audit"
                    + " GROUP BY table_name, status ORDER BY table_name"))
        .containsExactly(
            List.of("fact_transactions", "loaded", 2L),
            List.of("merchant_daily", "loaded", 2L),
            List.of("regional_daily", "loaded", 2L),
            List.of("segment_daily", "loaded", 2L));
  }

  @Test
  void failureBetweenCopyAndSwapLeavesTheTargetUnchangedAndAuditsIt() throws Exception {
    load(DAY1);
    // Mark the loaded rows: if the failed run's DELETE committed, the marks would be gone.
    sql(
        s ->
            s.update("UPDATE fraud.regional_daily SET amount_sum = -1 WHERE event_date = ?", DAY1));
    Map<String, List<List<Object>>> before = snapshot(DAY1);
    // A real failure inside the swap, after COPY succeeded: a check every new row violates
    // (NOT VALID: the existing rows are not checked).
    sql(
        s ->
            s.update(
                "ALTER TABLE fraud.regional_daily ADD CONSTRAINT it_reject_new_rows"
                    + " CHECK (transactions < 0) NOT VALID"));

    assertThatThrownBy(() -> load(DAY1))
        .isInstanceOf(WarehouseLoadException.class)
        .hasMessageStartingWith(
            "swap into fraud.regional_daily failed after COPY (target unchanged): ")
        .hasMessageContaining("it_reject_new_rows");

    assertThat(snapshot(DAY1).get("regional_daily")).isEqualTo(before.get("regional_daily"));
    assertThat(query("SELECT DISTINCT amount_sum FROM fraud.regional_daily"))
        .containsExactly(List.of(-1.0));
    // COPY had run: the staging table holds the new files' rows.
    assertThat(query("SELECT count(*) FROM fraud.stage_regional_daily"))
        .containsExactly(List.of(2L));
    List<List<Object>> audit =
        query(
            "SELECT table_name, status, rows_loaded, message LIKE 'swap into fraud.regional_daily"
                + " failed after COPY (target unchanged): %it_reject_new_rows%'"
                + " FROM fraud.load_audit ORDER BY loaded_at DESC LIMIT 1");
    assertThat(audit).containsExactly(List.of("regional_daily", "failed", 0L, true));
    // Tables after the failed one were not attempted; the one before it was reloaded.
    assertThat(
            query(
                "SELECT table_name, count(*) FROM fraud.load_audit WHERE status = 'loaded'"
                    + " GROUP BY table_name ORDER BY table_name"))
        .containsExactly(
            List.of("fact_transactions", 2L),
            List.of("merchant_daily", 1L),
            List.of("regional_daily", 1L),
            List.of("segment_daily", 1L));
    // The failed load keeps its staging files for inspection.
    List<Path> kept = children(dir.resolve("lake/staging/warehouse/2020-06-01/regional_daily"));
    assertThat(kept).hasSize(1);
    assertThat(kept.get(0).resolve(Manifest.FILE_NAME)).exists();

    sql(s -> s.update("ALTER TABLE fraud.regional_daily DROP CONSTRAINT it_reject_new_rows"));
    assertThat(load(DAY1).rowsByTable()).isEqualTo(EXPECTED.get(DAY1));
    assertThat(query("SELECT amount_sum FROM fraud.regional_daily ORDER BY 1"))
        .containsExactly(List.of(425.0), List.of(850.0));
    deleteRecursively(kept.get(0));
  }

  @Test
  void keptStagingHoldsTheManifestAndExactlyTheGzipFilesItLists() throws Exception {
    WarehouseLoad.Result result = load(DAY1, true);

    StagingArea staging = new StagingArea(spark.sparkContext().hadoopConfiguration());
    for (WarehouseLoad.TableResult t : result.tables()) {
      assertThat(t.stagingDeleted()).isFalse();
      Manifest manifest = staging.readManifest(t.manifestUrl());
      assertThat(manifest.entries()).hasSize(t.files()).isNotEmpty();
      Path stagingDir = Path.of(java.net.URI.create(t.stagingDir()));
      List<String> parts;
      try (Stream<Path> s = Files.list(stagingDir)) {
        parts =
            s.map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("part-"))
                .sorted()
                .toList();
      }
      assertThat(
              manifest.entries().stream().map(e -> e.url().substring(e.url().lastIndexOf('/') + 1)))
          .containsExactlyElementsOf(parts);
      for (Manifest.Entry e : manifest.entries()) {
        assertThat(e.url()).endsWith(".csv.gz");
        assertThat(Files.size(Path.of(java.net.URI.create(e.url())))).isEqualTo(e.contentLength());
      }
      deleteRecursively(stagingDir);
    }
  }

  @Test
  void migrationsAreIdempotentAndMatchTheLoadersColumnOrder() throws Exception {
    var first = Migrations.migrate(WarehouseConfig.Target.POSTGRES, url, CREDENTIALS, null);
    var second = Migrations.migrate(WarehouseConfig.Target.POSTGRES, url, CREDENTIALS, null);

    assertThat(first.migrationsExecuted).isEqualTo(4);
    assertThat(second.migrationsExecuted).isZero();
    assertThat(
            query(
                "SELECT version FROM fraud.flyway_schema_history"
                    + " WHERE success AND version IS NOT NULL ORDER BY installed_rank"))
        .containsExactly(List.of("1"), List.of("2"), List.of("200"), List.of("201"));
    // PostgreSQL-only V201: a transaction is the card's and the id's together.
    assertThat(
            query(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                    + " AND a.attnum = ANY(i.indkey) WHERE i.indrelid ="
                    + " 'fraud.fact_transactions'::regclass AND i.indisprimary ORDER BY a.attname"))
        .containsExactly(List.of("card_id"), List.of("event_date"), List.of("trans_num"));
    // PostgreSQL-only V200: the staging tables skip the WAL, the targets do not.
    assertThat(
            query(
                "SELECT relname, relpersistence FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'fraud' AND c.relkind = 'r'"
                    + " AND relname <> 'flyway_schema_history' ORDER BY relname"))
        .containsExactly(
            List.of("fact_transactions", "p"),
            List.of("load_audit", "p"),
            List.of("merchant_daily", "p"),
            List.of("regional_daily", "p"),
            List.of("segment_daily", "p"),
            List.of("stage_fact_transactions", "u"),
            List.of("stage_merchant_daily", "u"),
            List.of("stage_regional_daily", "u"),
            List.of("stage_segment_daily", "u"));
    for (WarehouseTable t : WarehouseTable.values()) {
      for (String table : List.of(t.tableName(), "stage_" + t.tableName())) {
        List<Object> columns =
            query(
                    "SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = 'fraud' AND table_name = ? ORDER BY ordinal_position",
                    table)
                .stream()
                .map(r -> r.get(0))
                .toList();
        assertThat(columns).as(table).containsExactlyElementsOf(t.columns());
      }
    }
  }

  @Test
  void analystViewsAnswerFromTheLoadedTables() throws Exception {
    load(DAY1);

    assertThat(
            query(
                "SELECT state, transactions, labelled_fraud, labelled_fraud_rate"
                    + " FROM fraud.v_daily_fraud_rate_by_state WHERE event_date = ? ORDER BY state",
                DAY1))
        .containsExactly(List.of("CA", 10L, 1L, 0.1), List.of("OH", 20L, 2L, 0.1));
    assertThat(
            query(
                "SELECT gender, age_band, fraud_rank FROM fraud.v_segment_leaderboard"
                    + " ORDER BY fraud_rank, transactions DESC"))
        .containsExactly(
            List.of("M", "65+", 1L), List.of("M", "unknown", 2L), List.of("F", "25-34", 3L));
    assertThat(
            query(
                "SELECT merchant, transactions, flagged, flagged_rank"
                    + " FROM fraud.v_top_risky_merchants ORDER BY flagged_rank"))
        .containsExactly(
            List.of("fraud_Haley Group", 90L, 18L, 1L),
            List.of("fraud_Kirlin and Sons", 80L, 16L, 2L));
  }

  @Test
  void missingSourceTableFailsBeforeTouchingTheWarehouse() throws Exception {
    WarehouseConfig empty =
        WarehouseConfig.postgres(
            dir.resolve("no-lake").toUri().toString(), RunDates.of(DAY1), url, "postgres");

    assertThatThrownBy(
            () ->
                new WarehouseLoad(
                        spark, empty, CREDENTIALS, new PrintStream(new ByteArrayOutputStream()))
                    .run())
        .isInstanceOf(WarehouseLoadException.class)
        .hasMessageStartingWith("no Delta table at file:")
        .hasMessageEndingWith(
            "/no-lake/silver/scored_transactions (the stream writes it); nothing loaded into"
                + " fraud.fact_transactions");
    // Not even migrated: no schema, so no audit row either.
    assertThat(
            query("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'fraud'"))
        .containsExactly(List.of(0L));
  }

  private static void deleteRecursively(Path p) throws Exception {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}

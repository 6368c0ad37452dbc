package io.cardstream.warehouse;

import static io.cardstream.warehouse.TestLake.DAY1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.lake.RunDates;
import io.cardstream.common.lake.WarehouseLoader;
import io.cardstream.common.testing.SparkTestSession;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's rights (loader-grants.sql, as the local stack applies them) on a real PostgreSQL:
 * the loader migrates and loads schema fraud by itself, and PostgreSQL refuses it anything outside.
 */
class LoaderRightsIT {

  private static final String LOADER = WarehouseLoader.USER;
  private static SparkSession spark;
  private static EmbeddedPostgres pg;
  @TempDir static Path dir;
  private static String lake;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkTestSession.createWithDelta("LoaderRightsIT");
    lake = dir.resolve("lake").toUri().toString();
    TestLake.write(spark, lake);
    pg = EmbeddedPostgres.builder().start();
    url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
    try (Connection c = DriverManager.getConnection(url, "postgres", null);
        Statement s = c.createStatement()) {
      // Twice: applying the grants again (every `stack init`) must succeed.
      for (int i = 0; i < 2; i++) {
        for (String sql : WarehouseLoader.postgres(LOADER, "postgres")) {
          s.execute(sql);
        }
      }
      // What the loader must not reach: the superuser's tables in public and in a schema of its
      // own.
      s.execute("CREATE TABLE public.notes (note varchar(64))");
      s.execute("INSERT INTO public.notes VALUES ('not the loader''s')");
      s.execute("CREATE SCHEMA other");
      s.execute("CREATE TABLE other.secrets (secret varchar(64))");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    spark.stop();
    pg.close();
  }

  private static Connection asLoader() throws SQLException {
    return DriverManager.getConnection(url, LOADER, null);
  }

  @Test
  void theLoaderMigratesAndLoadsSchemaFraudAndOwnsWhatItCreated() throws Exception {
    WarehouseConfig config = WarehouseConfig.postgres(lake, RunDates.of(DAY1), url, LOADER);

    WarehouseLoad.Result result =
        new WarehouseLoad(
                spark,
                config,
                new Credentials(LOADER, null),
                new PrintStream(new ByteArrayOutputStream()))
            .run();

    assertThat(result.rowsByTable())
        .isEqualTo(
            Map.of(
                "fact_transactions", 3L,
                "regional_daily", 2L,
                "segment_daily", 3L,
                "merchant_daily", 2L));
    try (JdbcSql sql = new JdbcSql(asLoader())) {
      assertThat(sql.query("SELECT count(*) FROM fraud.fact_transactions"))
          .containsExactly(List.of(3L));
      assertThat(
              sql.query(
                  "SELECT count(*) FROM fraud.flyway_schema_history WHERE success"
                      + " AND version IS NOT NULL"))
          .containsExactly(List.of(4L));
      assertThat(
              sql.query(
                  "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'fraud'"
                      + " UNION SELECT nspowner::regrole::text FROM pg_namespace"
                      + " WHERE nspname = 'fraud'"))
          .containsExactly(List.of(LOADER));
    }
  }

  @Test
  void postgresRefusesTheLoaderATableOutsideFraudAndTheRowsOfOthers() throws Exception {
    try (Connection c = asLoader();
        Statement s = c.createStatement()) {
      assertRefused(s, "CREATE TABLE public.loader_probe (id int)", "for schema public");
      assertRefused(s, "CREATE TABLE other.loader_probe (id int)", "for schema other");
      assertRefused(s, "SELECT * FROM public.notes", "for table notes");
      assertRefused(s, "SELECT * FROM other.secrets", "for schema other");
    }
  }

  /** PostgreSQL's own refusal: SQLSTATE 42501 (insufficient_privilege), naming the object. */
  private static void assertRefused(Statement s, String sql, String object) {
    assertThatThrownBy(() -> s.execute(sql))
        .as(sql)
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"))
        .hasMessageContaining("permission denied " + object);
  }
}

package io.cardstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.lake.RunDates;
import io.cardstream.common.lake.WarehouseTable;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statements the Redshift path issues, in order, through {@link RecordingSql} (there is no
 * Redshift here; see that class).
 */
class RedshiftDialectTest {

  private static final LocalDate DAY = LocalDate.of(2020, 6, 1);
  private static final String ROLE = "arn:aws:iam::123456789012:role/cardstream-copy";
  private static final String MANIFEST =
      "s3://bucket/lake/staging/warehouse/2020-06-01/regional_daily/L1/manifest.json";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2020-06-02T03:00:00Z"), ZoneOffset.UTC);
  private static final String COLUMNS =
      "event_date, state, city, category, transactions, amount_sum, amount_avg, labelled_fraud,"
          + " labelled_fraud_rate, flagged, flagged_rate, reviewed, review_rate, declined,"
          + " decline_rate, distinct_cards";
  private static final String AUDIT =
      "INSERT INTO fraud.load_audit (run_date, table_name, manifest_url, rows_loaded, status,"
          + " message, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

  private static TableLoader loader(RecordingSql sql) {
    return new TableLoader(sql, new RedshiftDialect(ROLE, "eu-west-1"), CLOCK);
  }

  @Test
  void loadTruncatesStageCopiesFromTheManifestThenSwapsAndAuditsInOneTransaction() {
    RecordingSql sql =
        new RecordingSql()
            .answer("SELECT pg_last_copy_count()", List.of(List.of(7L)))
            .updateCount("INSERT INTO fraud.regional_daily", 7);

    long rows = loader(sql).load(WarehouseTable.REGIONAL_DAILY, RunDates.of(DAY), MANIFEST, 2);

    assertThat(rows).isEqualTo(7);
    assertThat(sql.log)
        .containsExactly(
            "TRUNCATE TABLE fraud.stage_regional_daily",
            "COPY fraud.stage_regional_daily ("
                + COLUMNS
                + ") FROM '"
                + MANIFEST
                + "' IAM_ROLE '"
                + ROLE
                + "' MANIFEST GZIP CSV NULL AS '__NULL__' DATEFORMAT 'YYYY-MM-DD'"
                + " TIMEFORMAT 'YYYY-MM-DD HH:MI:SS' COMPUPDATE OFF STATUPDATE OFF"
                + " REGION 'eu-west-1'",
            "SELECT pg_last_copy_count()",
            "BEGIN",
            "DELETE FROM fraud.regional_daily WHERE event_date = ? [2020-06-01]",
            "INSERT INTO fraud.regional_daily ("
                + COLUMNS
                + ") SELECT "
                + COLUMNS
                + " FROM fraud.stage_regional_daily WHERE event_date = ? [2020-06-01]",
            AUDIT
                + " [2020-06-01, regional_daily, "
                + MANIFEST
                + ", 7, loaded, null, 2020-06-02T03:00]",
            "COMMIT");
  }

  @Test
  void aBackfillRangeSwapsTheWholeRangeAndAuditsEachDate() {
    LocalDate next = DAY.plusDays(1);
    RecordingSql sql =
        new RecordingSql()
            .answer("SELECT pg_last_copy_count()", List.of(List.of(9L)))
            .updateCount("INSERT INTO fraud.regional_daily", 9)
            .answer(
                "SELECT event_date, COUNT(*)",
                List.of(List.of(java.sql.Date.valueOf(DAY), 4L), List.of(next, 5L)));

    long rows =
        loader(sql).load(WarehouseTable.REGIONAL_DAILY, new RunDates(DAY, next), MANIFEST, 2);

    assertThat(rows).isEqualTo(9);
    assertThat(sql.log.subList(3, sql.log.size()))
        .containsExactly(
            "BEGIN",
            "DELETE FROM fraud.regional_daily WHERE event_date BETWEEN ? AND ?"
                + " [2020-06-01, 2020-06-02]",
            "INSERT INTO fraud.regional_daily ("
                + COLUMNS
                + ") SELECT "
                + COLUMNS
                + " FROM fraud.stage_regional_daily WHERE event_date BETWEEN ? AND ?"
                + " [2020-06-01, 2020-06-02]",
            "SELECT event_date, COUNT(*) FROM fraud.regional_daily"
                + " WHERE event_date BETWEEN ? AND ? GROUP BY event_date [2020-06-01, 2020-06-02]",
            AUDIT
                + " [2020-06-01, regional_daily, "
                + MANIFEST
                + ", 4, loaded, null, 2020-06-02T03:00]",
            AUDIT
                + " [2020-06-02, regional_daily, "
                + MANIFEST
                + ", 5, loaded, null, 2020-06-02T03:00]",
            "COMMIT");
  }

  @Test
  void sqlCarriesTheRoleArnButNoKeysOrSecrets() {
    RecordingSql sql =
        new RecordingSql()
            .answer("SELECT pg_last_copy_count()", List.of(List.of(3L)))
            .updateCount("INSERT INTO fraud.fact_transactions", 3);

    loader(sql).load(WarehouseTable.FACT_TRANSACTIONS, RunDates.of(DAY), MANIFEST, 1);

    assertThat(String.join("\n", sql.log))
        .contains("IAM_ROLE '" + ROLE + "'")
        .doesNotContainIgnoringCase("ACCESS_KEY_ID")
        .doesNotContainIgnoringCase("SECRET_ACCESS_KEY")
        .doesNotContainIgnoringCase("SESSION_TOKEN")
        .doesNotContainIgnoringCase("CREDENTIALS");
  }

  @Test
  void copyFailureListsTheFirstLoadErrorsAndAuditsFailureWithoutTouchingTheTarget() {
    RecordingSql sql =
        new RecordingSql()
            .fail(
                "COPY ",
                "ERROR: Load into table 'stage_regional_daily' failed. Check 'stl_load_errors'")
            .answer(
                "SELECT line_number",
                List.of(
                    List.of(
                        3L,
                        "amount_sum",
                        "Invalid digit, Value 'x', Pos 0, Type: Double",
                        "2020-06-01,OH,x"),
                    List.of(9L, "event_date", "Invalid date format", "06/01/2020,OH,1.0")));

    assertThatThrownBy(
            () -> loader(sql).load(WarehouseTable.REGIONAL_DAILY, RunDates.of(DAY), MANIFEST, 2))
        .isInstanceOf(WarehouseLoadException.class)
        .hasMessage(
            "COPY into fraud.stage_regional_daily failed: ERROR: Load into table"
                + " 'stage_regional_daily' failed. Check 'stl_load_errors'\n"
                + "  line 3, column amount_sum: Invalid digit, Value 'x', Pos 0, Type: Double"
                + " | raw: 2020-06-01,OH,x\n"
                + "  line 9, column event_date: Invalid date format | raw: 06/01/2020,OH,1.0");

    assertThat(sql.log).hasSize(4);
    assertThat(sql.log.get(0)).isEqualTo("TRUNCATE TABLE fraud.stage_regional_daily");
    assertThat(sql.log.get(1)).startsWith("COPY fraud.stage_regional_daily");
    assertThat(sql.log.get(2))
        .isEqualTo(
            "SELECT line_number, TRIM(colname), TRIM(err_reason), TRIM(raw_line)"
                + " FROM stl_load_errors WHERE query = pg_last_copy_id()"
                + " ORDER BY line_number LIMIT 5");
    assertThat(sql.log.get(3))
        .startsWith(AUDIT + " [2020-06-01, regional_daily, " + MANIFEST + ", 0, failed, COPY into")
        .endsWith(", 2020-06-02T03:00]");
    assertThat(sql.log).noneMatch(s -> s.startsWith("DELETE") || s.equals("BEGIN"));
  }

  @Test
  void swapFailureRollsBackThenAuditsFailure() {
    RecordingSql sql =
        new RecordingSql()
            .answer("SELECT pg_last_copy_count()", List.of(List.of(7L)))
            .fail("INSERT INTO fraud.regional_daily", "ERROR: disk full");

    assertThatThrownBy(
            () -> loader(sql).load(WarehouseTable.REGIONAL_DAILY, RunDates.of(DAY), MANIFEST, 2))
        .isInstanceOf(WarehouseLoadException.class)
        .hasMessage(
            "swap into fraud.regional_daily failed after COPY (target unchanged): ERROR: disk full");

    assertThat(sql.log.subList(3, sql.log.size()))
        .containsExactly(
            "BEGIN",
            "DELETE FROM fraud.regional_daily WHERE event_date = ? [2020-06-01]",
            "INSERT INTO fraud.regional_daily ("
                + COLUMNS
                + ") SELECT "
                + COLUMNS
                + " FROM fraud.stage_regional_daily WHERE event_date = ? [2020-06-01]",
            "ROLLBACK",
            AUDIT
                + " [2020-06-01, regional_daily, "
                + MANIFEST
                + ", 0, failed, swap into fraud.regional_daily failed after COPY (target"
                + " unchanged): ERROR: disk full, 2020-06-02T03:00]");
  }

  @Test
  void stagedRowsOfAnotherDateAbortTheSwap() {
    RecordingSql sql =
        new RecordingSql()
            .answer("SELECT pg_last_copy_count()", List.of(List.of(7L)))
            .updateCount("INSERT INTO fraud.regional_daily", 5);

    assertThatThrownBy(
            () -> loader(sql).load(WarehouseTable.REGIONAL_DAILY, RunDates.of(DAY), MANIFEST, 2))
        .isInstanceOf(WarehouseLoadException.class)
        .hasMessageContaining("held 7 copied rows but 5 for 2020-06-01; refusing to swap");
    assertThat(sql.log).contains("ROLLBACK").doesNotContain("COMMIT");
  }

  @Test
  void emptyManifestSkipsCopyAndEmptiesTheDate() {
    RecordingSql sql = new RecordingSql();

    long rows = loader(sql).load(WarehouseTable.MERCHANT_DAILY, RunDates.of(DAY), MANIFEST, 0);

    assertThat(rows).isZero();
    assertThat(sql.log).noneMatch(s -> s.startsWith("COPY"));
    assertThat(sql.log)
        .contains("DELETE FROM fraud.merchant_daily WHERE event_date = ? [2020-06-01]", "COMMIT");
  }

  @Test
  void copyWithoutRegionUsesTheClustersRegionAndQuotesLiterals() {
    RedshiftDialect dialect = new RedshiftDialect(ROLE, null);
    assertThat(dialect.copySql(WarehouseTable.SEGMENT_DAILY, "s3://b/it's/manifest.json"))
        .contains("FROM 's3://b/it''s/manifest.json'")
        .doesNotContain("REGION")
        .endsWith("COMPUPDATE OFF STATUPDATE OFF");
  }
}

package io.cardstream.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.lake.GoldTable;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.RunDates;
import io.cardstream.common.lake.SilverSchema;
import io.cardstream.common.testing.SparkTestSession;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nightly jobs against real Delta tables in a temporary lake. */
class NightlyJobsTest {

  static SparkSession spark;
  @TempDir static Path dir;

  static final LocalDate D1 = LocalDate.of(2019, 1, 1);
  static final LocalDate D2 = D1.plusDays(1);
  static final LocalDate D3 = D1.plusDays(2);
  static final String[] STATES = {"TX", "NY", "CA", null};
  static final String[] CATEGORIES = {"grocery_pos", "shopping_net", "gas_transport"};
  static final String[] DECISIONS = {"APPROVE", "APPROVE", "APPROVE", "REVIEW", "DECLINE"};

  @BeforeAll
  static void start() {
    spark = SparkTestSession.createWithDelta("nightly-jobs-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Seeded silver rows: {@code perDay} per date, ids unique across the lake. */
  static Dataset<Row> silverRows(long seed, int perDay, LocalDate... dates) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (LocalDate d : dates) {
      for (int i = 0; i < perDay; i++) {
        String state = STATES[r.nextInt(STATES.length)];
        rows.add(
            RowFactory.create(
                "s" + seed + "-" + d + "-" + i,
                "card" + r.nextInt(40),
                "m" + r.nextInt(15),
                CATEGORIES[r.nextInt(CATEGORIES.length)],
                Math.round(r.nextDouble() * 50_000) / 100.0,
                r.nextBoolean() ? "F" : "M",
                state == null ? null : state + "-city" + r.nextInt(3),
                state,
                r.nextInt(10) == 0 ? -1.0 : 18 + r.nextInt(70),
                r.nextInt(50) == 0 ? 1 : 0,
                DECISIONS[r.nextInt(DECISIONS.length)],
                Date.valueOf(d)));
      }
    }
    return spark.createDataFrame(rows, GoldAggregatesTest.SILVER);
  }

  static Lake lakeWithSilver(String name, Dataset<Row> silver) {
    Lake lake = new Lake(dir.resolve(name).toUri().toString());
    silver
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .partitionBy("event_date")
        .save(lake.path(LakeTable.SILVER));
    return lake;
  }

  static Dataset<Row> gold(Lake lake, GoldTable t) {
    return spark.read().format("delta").load(lake.path(t.lakeTable()));
  }

  static List<Row> sorted(Dataset<Row> d) {
    return d.orderBy(d.columns()[0], java.util.Arrays.copyOfRange(d.columns(), 1, 4))
        .collectAsList();
  }

  @Test
  void analyticsWritesOnlyTheRunDatesAndARerunChangesNothing() {
    Lake lake = lakeWithSilver("rerun", silverRows(1, 200, D1, D2, D3));
    Analytics analytics = new Analytics(spark, System.out);

    Map<GoldTable, Long> first = analytics.run(lake, RunDates.of(D2));
    for (GoldTable t : GoldTable.values()) {
      Dataset<Row> g = gold(lake, t);
      assertThat(g.select("event_date").distinct().collectAsList())
          .extracting(r -> r.getDate(0).toLocalDate())
          .containsExactly(D2);
      assertThat(g.count()).isEqualTo(first.get(t)).isPositive();
      assertThat(g.agg(org.apache.spark.sql.functions.sum("transactions")).first().getLong(0))
          .isEqualTo(200);
    }

    analytics.run(lake, new RunDates(D1, D3));
    List<Row> d2Before =
        sorted(
            gold(lake, GoldTable.SEGMENT_DAILY).where(col("event_date").equalTo(Date.valueOf(D2))));
    List<Row> d1Before =
        sorted(
            gold(lake, GoldTable.SEGMENT_DAILY).where(col("event_date").equalTo(Date.valueOf(D1))));
    Map<GoldTable, Long> again = analytics.run(lake, RunDates.of(D2));

    assertThat(again).isEqualTo(first);
    assertThat(
            sorted(
                gold(lake, GoldTable.SEGMENT_DAILY)
                    .where(col("event_date").equalTo(Date.valueOf(D2)))))
        .isEqualTo(d2Before);
    assertThat(
            sorted(
                gold(lake, GoldTable.SEGMENT_DAILY)
                    .where(col("event_date").equalTo(Date.valueOf(D1)))))
        .isEqualTo(d1Before);
    for (GoldTable t : GoldTable.values()) {
      assertThat(
              gold(lake, t)
                  .agg(org.apache.spark.sql.functions.sum("transactions"))
                  .first()
                  .getLong(0))
          .isEqualTo(600);
    }
    assertThat(QualityGateJob.problems(spark, lake, new RunDates(D1, D3))).isEmpty();
  }

  @Test
  void customerDailyCountsEachCardsPaymentsAlertsAndAnswers() {
    Dataset<Row> rows = silverRows(7, 60, D1);
    Lake lake = lakeWithSilver("customers", rows);
    // Two answers about card7's first two payments: one fraud, one genuine.
    List<Row> card = rows.where("card_id = 'card7'").orderBy("trans_num").limit(2).collectAsList();
    assertThat(card).hasSize(2);
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(card.get(0).getString(0), "confirmed_fraud"),
                RowFactory.create(card.get(1).getString(0), "not_fraud")),
            new org.apache.spark.sql.types.StructType()
                .add("trans_num", org.apache.spark.sql.types.DataTypes.StringType)
                .add("answer", org.apache.spark.sql.types.DataTypes.StringType))
        .write()
        .format("delta")
        .save(lake.path(LakeTable.FEEDBACK_LABELS));

    new Analytics(spark, System.out).run(lake, RunDates.of(D1));

    Row c = gold(lake, GoldTable.CUSTOMER_DAILY).where("card_id = 'card7'").first();
    long payments = rows.where("card_id = 'card7'").count();
    long alerts = rows.where("card_id = 'card7' AND decision <> 'APPROVE'").count();
    assertThat(c.<Long>getAs("transactions")).isEqualTo(payments);
    assertThat(c.<Long>getAs("flagged")).isEqualTo(alerts);
    assertThat(c.<Long>getAs("confirmed_fraud")).isEqualTo(1);
    assertThat(c.<Long>getAs("confirmed_legit")).isEqualTo(1);
    assertThat(c.<Long>getAs("distinct_cards")).isEqualTo(1);
    assertThat(gold(lake, GoldTable.CUSTOMER_DAILY).agg(sum("transactions")).first().getLong(0))
        .isEqualTo(60);
    assertThat(gold(lake, GoldTable.CUSTOMER_DAILY).agg(sum("confirmed_fraud")).first().getLong(0))
        .isEqualTo(1);
  }

  @Test
  void aFailedCheckExplainsItselfAndWritesNothing() {
    Dataset<Row> rows = silverRows(2, 50, D1);
    Lake lake = lakeWithSilver("duplicates", rows.union(rows.limit(3)));

    assertThatThrownBy(() -> new Analytics(spark, System.out).run(lake, new RunDates(D1, D2)))
        .isInstanceOf(Analytics.QualityException.class)
        .hasMessage(
            "data-quality checks failed for 2019-01-01..2019-01-02, nothing was written:\n"
                + "  2019-01-01: silver has 53 rows but 50 distinct trans_num (duplicates)\n"
                + "  2019-01-02: silver has no rows for this date, so there is nothing to aggregate");
    for (GoldTable t : GoldTable.values()) {
      assertThat(DeltaTable.isDeltaTable(spark, lake.path(t.lakeTable()))).isFalse();
    }
  }

  @Test
  void theQualityGateCatchesGoldThatNoLongerAddsUp() {
    Lake lake = lakeWithSilver("gate", silverRows(3, 100, D1));
    assertThat(QualityGateJob.problems(spark, lake, RunDates.of(D1)))
        .containsExactly(
            "regional_daily does not exist at "
                + lake.path("gold/regional_daily")
                + ": run analytics first");

    new Analytics(spark, System.out).run(lake, RunDates.of(D1));
    assertThat(QualityGateJob.problems(spark, lake, RunDates.of(D1))).isEmpty();

    Row removed = gold(lake, GoldTable.MERCHANT_DAILY).orderBy(col("transactions").desc()).first();
    DeltaTable.forPath(spark, lake.path("gold/merchant_daily"))
        .delete(
            col("merchant")
                .equalTo(removed.getAs("merchant"))
                .and(col("category").equalTo(removed.getAs("category"))));
    long left = 100 - removed.<Long>getAs("transactions");
    assertThat(QualityGateJob.problems(spark, lake, RunDates.of(D1)))
        .contains(
            "2019-01-01: merchant_daily transactions add up to " + left + " but silver has 100");
  }

  @Test
  void catalogRegistersTheTablesByNameAndIsIdempotent() {
    Lake lake = lakeWithSilver("catalog", silverRows(4, 80, D1));
    new Analytics(spark, System.out).run(lake, RunDates.of(D1));

    List<String> first = CatalogJob.register(spark, lake, "cardstream_test");
    assertThat(first)
        .contains(
            "cardstream_test.bronze_transactions: skipped, no Delta table at "
                + lake.path("bronze/transactions"),
            "cardstream_test.scored_transactions: registered at " + lake.path(LakeTable.SILVER),
            "cardstream_test.regional_daily: registered at " + lake.path("gold/regional_daily"));
    assertThat(spark.table("cardstream_test.scored_transactions").count()).isEqualTo(80);
    assertThat(
            spark
                .sql("SELECT SUM(transactions) FROM cardstream_test.segment_daily")
                .first()
                .getLong(0))
        .isEqualTo(80);

    assertThat(CatalogJob.register(spark, lake, "cardstream_test"))
        .contains("cardstream_test.regional_daily: up to date");
    assertThatThrownBy(() -> CatalogJob.register(spark, lake, "Bad-Name"))
        .hasMessageContaining("database name 'Bad-Name' is not valid");
  }

  @Test
  void maintenanceCompactsTheRunDateAndVacuumsReplacedFiles() {
    Lake lake = lakeWithSilver("maintenance", silverRows(5, 10, D1, D2));
    for (int i = 0; i < 4; i++) {
      silverRows(100 + i, 10, D1, D2)
          .write()
          .format("delta")
          .mode(SaveMode.Append)
          .partitionBy("event_date")
          .save(lake.path(LakeTable.SILVER));
    }
    String path = lake.path(LakeTable.SILVER);
    long filesBefore = MaintenanceJob.filesOnDisk(spark, path);

    List<MaintenanceJob.Result> results = MaintenanceJob.run(spark, lake, D1, 0);

    assertThat(results).hasSize(1);
    MaintenanceJob.Result r = results.get(0);
    assertThat(r.table()).isEqualTo(LakeTable.SILVER);
    assertThat(r.filesAdded()).isEqualTo(1);
    assertThat(r.filesRemoved()).isGreaterThanOrEqualTo(5);
    assertThat(r.filesVacuumed()).isEqualTo(r.filesRemoved());
    assertThat(MaintenanceJob.filesOnDisk(spark, path))
        .isEqualTo(filesBefore - r.filesRemoved() + 1);
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(100);
  }

  @Test
  void glueDefinitionsMatchTheGoldTablesTheJobWritesAndSilversSchema() {
    Lake lake = lakeWithSilver("glue", silverRows(6, 30, D1));
    new Analytics(spark, System.out).run(lake, RunDates.of(D1));
    Map<String, GlueDefinitions.Table> defined =
        GlueDefinitions.load(Path.of("../../glue/tables").toAbsolutePath().normalize());

    for (GoldTable t : GoldTable.values()) {
      GlueDefinitions.Table actual = GlueDefinitions.ofDeltaTable(spark, lake, t.lakeTable());
      assertThat(defined).containsKey(t.tableName());
      assertThat(GlueDefinitions.differences(defined.get(t.tableName()), actual))
          .as(t.tableName())
          .isEmpty();
    }
    assertThat(defined.keySet())
        .containsAll(
            java.util.Arrays.stream(LakeTable.values()).map(LakeTable::catalogName).toList());
    // Silver's columns as Java defines them (the stream's real table: StreamIT).
    GlueDefinitions.Table silver =
        GlueDefinitions.fromSchema(
            LakeTable.SILVER, SilverSchema.SCHEMA, List.of(LakeTable.SILVER.partitionColumn()));
    assertThat(GlueDefinitions.differences(defined.get(LakeTable.SILVER.catalogName()), silver))
        .as(LakeTable.SILVER.catalogName())
        .isEmpty();
  }
}

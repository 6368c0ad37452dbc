package io.cardstream.local.demo;

import io.cardstream.batch.Analytics;
import io.cardstream.batch.CatalogJob;
import io.cardstream.batch.QualityGateJob;
import io.cardstream.common.lake.GoldTable;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.RunDates;
import io.cardstream.common.lake.WarehouseTable;
import io.cardstream.local.kafka.Progress;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.warehouse.Credentials;
import io.cardstream.warehouse.WarehouseConfig;
import io.cardstream.warehouse.WarehouseLoad;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The demo's nightly part: the batch jobs the Airflow DAG runs, in-process on the demo's data. */
public final class NightlyDemo {

  /** What the nightly part wrote: gold rows and warehouse rows per table, the catalog's lines. */
  record Result(Map<String, Long> gold, Map<String, Long> warehouse, List<String> catalog) {}

  private NightlyDemo() {}

  /** Analytics with the quality gate, the warehouse load, the catalog: three phases of the demo. */
  static Result run(SparkSession spark, Lake lake, Endpoints e, Phases phases, PrintStream out)
      throws Exception {
    phases.next("analytics", "== 8/11 nightly analytics: gold tables and the quality gate");
    List<LocalDate> silverDates = silverDates(spark, lake);
    Map<String, Long> gold = analytics(spark, lake, silverDates, out);
    phases.next("warehouse", "== 9/11 warehouse load (manifest COPY into PostgreSQL)");
    Map<String, Long> warehouse = warehouse(spark, lake, silverDates, e, out);
    phases.next("catalog", "== 10/11 register the tables in the catalog");
    return new Result(gold, warehouse, catalog(spark, lake, out));
  }

  /** The event dates silver holds, in order. */
  public static List<LocalDate> silverDates(SparkSession spark, Lake lake) {
    return spark
        .read()
        .format("delta")
        .load(lake.path(LakeTable.SILVER))
        .select("event_date")
        .distinct()
        .collectAsList()
        .stream()
        .map(r -> r.getDate(0).toLocalDate())
        .sorted()
        .toList();
  }

  /** Gold rows per table written for {@code dates} (silver's), after the quality gate passed. */
  public static Map<String, Long> analytics(
      SparkSession spark, Lake lake, List<LocalDate> dates, PrintStream out) {
    Map<String, Long> rows = new LinkedHashMap<>();
    Progress progress = new Progress(out, "dates analysed", dates.size());
    long done = 0;
    for (RunDates range : pieces(dates)) {
      Map<GoldTable, Long> written = new Analytics(spark, out).run(lake, range);
      written.forEach((t, n) -> rows.merge(t.tableName(), n, Long::sum));
      List<String> problems = QualityGateJob.problems(spark, lake, range);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("quality gate failed for " + range + ": " + problems);
      }
      out.println("  quality gate passed for " + range);
      done += range.dates().size();
      progress.update(done);
    }
    progress.done(done);
    return rows;
  }

  /**
   * Loads every event date silver holds into the warehouse, one backfill run per range of
   * consecutive dates (as the nightly load runs with --end-date), and returns the warehouse's row
   * count per table afterwards.
   */
  public static Map<String, Long> warehouse(
      SparkSession spark, Lake lake, List<LocalDate> dates, Endpoints e, PrintStream out)
      throws Exception {
    // As the loader, which owns schema fraud (StackInit), as on Redshift.
    Credentials credentials = new Credentials(e.warehouseUser(), null);
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    Progress progress = new Progress(out, "dates loaded", dates.size());
    long done = 0;
    for (RunDates range : pieces(dates)) {
      WarehouseConfig config =
          WarehouseConfig.postgres(lake.root(), range, e.postgresJdbcUrl(), e.warehouseUser());
      WarehouseLoad.Result r = new WarehouseLoad(spark, config, credentials, quiet).run();
      out.printf("  %s  %s%n", range, r.rowsByTable());
      done += range.dates().size();
      progress.update(done);
    }
    progress.done(done);
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(e.postgresJdbcUrl(), e.postgresUser(), "");
        Statement st = c.createStatement()) {
      for (WarehouseTable t : WarehouseTable.values()) {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t.target())) {
          rs.next();
          rows.put(t.tableName(), rs.getLong(1));
        }
      }
    }
    return rows;
  }

  /** Days per nightly run of the demo: a piece of a long history, so progress can be shown. */
  static final int PIECE_DAYS = 92;

  /**
   * Runs of consecutive dates (a gap in the data must not fail a range's checks), cut into pieces
   * of at most {@link #PIECE_DAYS}, in order.
   */
  static List<RunDates> pieces(List<LocalDate> dates) {
    return RunDates.covering(dates, PIECE_DAYS);
  }

  /** The analytics preview, queried from the warehouse: what an analyst would look at first. */
  static void preview(Endpoints e, PrintStream out) throws Exception {
    try (Connection c = DriverManager.getConnection(e.postgresJdbcUrl(), e.postgresUser(), "");
        Statement st = c.createStatement()) {
      out.println("  top states by labelled fraud rate (warehouse: fraud.regional_daily)");
      out.printf(
          "    %-6s %12s %8s %8s %10s%n", "state", "transactions", "fraud", "flagged", "rate");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT state, SUM(transactions), SUM(labelled_fraud), SUM(flagged),"
                  + " SUM(labelled_fraud)::float / SUM(transactions) AS rate"
                  + " FROM fraud.regional_daily GROUP BY state"
                  + " ORDER BY rate DESC, state LIMIT 5")) {
        while (rs.next()) {
          out.printf(
              "    %-6s %,12d %,8d %,8d %9.2f%%%n",
              rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), 100 * rs.getDouble(5));
        }
      }
      out.println("  segments (warehouse: fraud.segment_daily)");
      out.printf("    %-7s %-8s %12s %8s %10s%n", "gender", "age", "transactions", "fraud", "rate");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT gender, age_band, SUM(transactions), SUM(labelled_fraud),"
                  + " SUM(labelled_fraud)::float / SUM(transactions)"
                  + " FROM fraud.segment_daily GROUP BY gender, age_band"
                  + " ORDER BY gender, age_band")) {
        while (rs.next()) {
          out.printf(
              "    %-7s %-8s %,12d %,8d %9.2f%%%n",
              rs.getString(1),
              rs.getString(2),
              rs.getLong(3),
              rs.getLong(4),
              100 * rs.getDouble(5));
        }
      }
    }
  }

  static List<String> catalog(SparkSession spark, Lake lake, PrintStream out) {
    List<String> lines = CatalogJob.register(spark, lake, CatalogJob.DEFAULT_DATABASE);
    lines.forEach(l -> out.println("  " + l));
    // Queryable by name, as an analyst would on Athena or EMR.
    String query =
        "SELECT COUNT(*) FROM "
            + CatalogJob.DEFAULT_DATABASE
            + "."
            + LakeTable.SILVER.catalogName();
    out.printf("  %s -> %,d%n", query, spark.sql(query).first().getLong(0));
    return lines;
  }
}

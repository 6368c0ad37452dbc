package io.cardstream.local.cli;

import io.cardstream.batch.Analytics;
import io.cardstream.batch.CatalogJob;
import io.cardstream.batch.GoldTable;
import io.cardstream.batch.Lake;
import io.cardstream.batch.QualityGateJob;
import io.cardstream.batch.RunDates;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.warehouse.Credentials;
import io.cardstream.warehouse.WarehouseConfig;
import io.cardstream.warehouse.WarehouseLoad;
import io.cardstream.warehouse.WarehouseTable;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The demo's nightly part: the batch jobs the Airflow DAG runs, in-process on the demo's data. */
final class NightlyDemo {

  private NightlyDemo() {}

  /** Consecutive runs of dates, so that a gap in the data does not fail a range's checks. */
  static List<RunDates> ranges(List<LocalDate> dates) {
    List<RunDates> out = new ArrayList<>();
    LocalDate start = null;
    LocalDate prev = null;
    for (LocalDate d : dates.stream().sorted().distinct().toList()) {
      if (start != null && !d.equals(prev.plusDays(1))) {
        out.add(new RunDates(start, prev));
        start = null;
      }
      if (start == null) {
        start = d;
      }
      prev = d;
    }
    if (start != null) {
      out.add(new RunDates(start, prev));
    }
    return out;
  }

  /** The event dates silver holds, in order. */
  static List<LocalDate> silverDates(SparkSession spark, Lake lake) {
    return spark
        .read()
        .format("delta")
        .load(lake.path(Lake.SILVER))
        .select("event_date")
        .distinct()
        .collectAsList()
        .stream()
        .map(r -> r.getDate(0).toLocalDate())
        .sorted()
        .toList();
  }

  /** Gold rows per table written for {@code dates} (silver's), after the quality gate passed. */
  static Map<String, Long> analytics(
      SparkSession spark, Lake lake, List<LocalDate> dates, PrintStream out) {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (RunDates range : ranges(dates)) {
      Map<GoldTable, Long> written = new Analytics(spark, out).run(lake, range);
      written.forEach((t, n) -> rows.merge(t.tableName(), n, Long::sum));
      List<String> problems = QualityGateJob.problems(spark, lake, range);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("quality gate failed for " + range + ": " + problems);
      }
      out.println("  quality gate passed for " + range);
    }
    return rows;
  }

  /**
   * Loads the last {@code days} of silver's event {@code dates} into the warehouse, one nightly run
   * per date, and returns the warehouse's row count per table afterwards.
   */
  static Map<String, Long> warehouse(
      SparkSession spark, Lake lake, List<LocalDate> dates, Endpoints e, int days, PrintStream out)
      throws Exception {
    List<LocalDate> last = dates.subList(Math.max(0, dates.size() - days), dates.size());
    out.printf(
        "  loading the last %d of %d event dates (%s..%s), one nightly run each%n",
        last.size(), dates.size(), last.get(0), last.get(last.size() - 1));
    Credentials credentials = new Credentials(e.postgresUser(), null);
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    for (LocalDate date : last) {
      WarehouseConfig config =
          WarehouseConfig.postgres(lake.root(), date, e.postgresJdbcUrl(), e.postgresUser());
      WarehouseLoad.Result r = new WarehouseLoad(spark, config, credentials, quiet).run();
      out.printf("  %s  %s%n", date, r.rowsByTable());
    }
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
    List<String> lines = CatalogJob.register(spark, lake, "cardstream");
    lines.forEach(l -> out.println("  " + l));
    // Queryable by name, as an analyst would on Athena or EMR.
    String query = "SELECT COUNT(*) FROM cardstream.scored_transactions";
    out.printf("  %s -> %,d%n", query, spark.sql(query).first().getLong(0));
    return lines;
  }
}

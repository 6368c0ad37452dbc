package io.cardstream.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.cardstream.common.lake.GoldTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The checks that must pass before gold rows are written (and again, by the quality gate, after):
 * input for every date, no duplicate ids in silver, no null keys, rates in [0, 1], and gold counts
 * that add up to silver's. Statistics are gathered with one query per table; the verdict is a pure
 * function of them.
 */
public final class QualityChecks {

  /** What silver holds for one date. */
  public record SilverDay(long rows, long distinctIds, long labelled, long flagged) {}

  /** What one gold table holds for one date. */
  public record GoldDay(
      long groups, long transactions, long labelled, long flagged, long nullKeys, long badRates) {}

  private QualityChecks() {}

  /** The problems found for {@code dates}; empty when every check passes. */
  public static List<String> verdict(
      List<LocalDate> dates,
      Map<LocalDate, SilverDay> silver,
      Map<GoldTable, Map<LocalDate, GoldDay>> gold) {
    List<String> problems = new ArrayList<>();
    for (LocalDate date : dates) {
      SilverDay s = silver.get(date);
      if (s == null || s.rows() == 0) {
        problems.add(date + ": silver has no rows for this date, so there is nothing to aggregate");
        continue;
      }
      if (s.distinctIds() != s.rows()) {
        problems.add(
            String.format(
                "%s: silver has %d rows but %d distinct trans_num (duplicates)",
                date, s.rows(), s.distinctIds()));
      }
      for (Map.Entry<GoldTable, Map<LocalDate, GoldDay>> e : gold.entrySet()) {
        String t = e.getKey().tableName();
        GoldDay g = e.getValue().get(date);
        if (g == null || g.groups() == 0) {
          problems.add(date + ": " + t + " has no rows");
          continue;
        }
        if (g.nullKeys() > 0) {
          problems.add(String.format("%s: %s has %d rows with a null key", date, t, g.nullKeys()));
        }
        if (g.badRates() > 0) {
          problems.add(
              String.format(
                  "%s: %s has %d rows with a rate outside [0, 1]", date, t, g.badRates()));
        }
        reconcile(problems, date, t, "transactions", g.transactions(), s.rows());
        reconcile(problems, date, t, "labelled_fraud", g.labelled(), s.labelled());
        reconcile(problems, date, t, "flagged", g.flagged(), s.flagged());
      }
    }
    return problems;
  }

  private static void reconcile(
      List<String> problems, LocalDate date, String table, String measure, long gold, long silver) {
    if (gold != silver) {
      problems.add(
          String.format(
              "%s: %s %s add up to %d but silver has %d", date, table, measure, gold, silver));
    }
  }

  /** Per-date statistics of silver rows (already restricted to the dates of interest). */
  public static Map<LocalDate, SilverDay> silverDays(Dataset<Row> silver) {
    Map<LocalDate, SilverDay> days = new TreeMap<>();
    for (Row r :
        silver
            .groupBy(col(GoldTable.DATE))
            .agg(
                count(lit(1)),
                countDistinct(col("trans_num")),
                sum(GoldAggregates.labelledFraud()),
                sum(GoldAggregates.flagged()))
            .collectAsList()) {
      days.put(
          r.getDate(0).toLocalDate(),
          new SilverDay(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)));
    }
    return days;
  }

  /** Per-date statistics of one gold table's rows. */
  public static Map<LocalDate, GoldDay> goldDays(Dataset<Row> gold, GoldTable table) {
    Column nullKey = lit(false);
    for (String k : table.keys()) {
      nullKey = nullKey.or(col(k).isNull());
    }
    Column badRate = lit(false);
    for (String m : GoldTable.MEASURES) {
      if (m.endsWith("_rate")) {
        badRate = badRate.or(col(m).isNull()).or(col(m).lt(0)).or(col(m).gt(1));
      }
    }
    Map<LocalDate, GoldDay> days = new TreeMap<>();
    for (Row r :
        gold.groupBy(col(GoldTable.DATE))
            .agg(
                count(lit(1)),
                sum("transactions"),
                sum("labelled_fraud"),
                sum("flagged"),
                sum(when(nullKey, 1L).otherwise(0L)),
                sum(when(badRate, 1L).otherwise(0L)))
            .collectAsList()) {
      days.put(
          r.getDate(0).toLocalDate(),
          new GoldDay(
              r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6)));
    }
    return days;
  }

  /** Runs {@link #verdict} on datasets: gathers the statistics of silver and every gold table. */
  public static List<String> check(
      List<LocalDate> dates, Dataset<Row> silver, Map<GoldTable, Dataset<Row>> gold) {
    Map<GoldTable, Map<LocalDate, GoldDay>> goldStats = new EnumMap<>(GoldTable.class);
    gold.forEach((t, rows) -> goldStats.put(t, goldDays(rows, t)));
    return verdict(dates, silverDays(silver), goldStats);
  }
}

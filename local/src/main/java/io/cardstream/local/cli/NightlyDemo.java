package io.cardstream.local.cli;

import io.cardstream.batch.Analytics;
import io.cardstream.batch.CatalogJob;
import io.cardstream.batch.GoldTable;
import io.cardstream.batch.Lake;
import io.cardstream.batch.QualityGateJob;
import io.cardstream.batch.RunDates;
import java.io.PrintStream;
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

  /** Gold rows per table written for every date in silver, after the quality gate passed. */
  static Map<String, Long> analytics(SparkSession spark, Lake lake, PrintStream out) {
    List<LocalDate> dates =
        spark
            .read()
            .format("delta")
            .load(lake.path(Lake.SILVER))
            .select("event_date")
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.getDate(0).toLocalDate())
            .toList();
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

  static List<String> catalog(SparkSession spark, Lake lake, PrintStream out) {
    List<String> lines = CatalogJob.register(spark, lake, "cardstream");
    lines.forEach(l -> out.println("  " + l));
    return lines;
  }
}

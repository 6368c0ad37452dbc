package io.cardstream.batch;

import static org.apache.spark.sql.functions.expr;

import io.cardstream.common.cli.JobMain;
import io.cardstream.common.cli.LakeOption;
import io.cardstream.common.cli.RunDateOptions;
import io.cardstream.common.lake.GoldTable;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.RunDates;
import io.delta.tables.DeltaTable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The nightly data-quality gate: re-runs the analytics checks on what the gold tables hold now for
 * the run date, against silver. It fails (exit 1, every problem listed) so that nothing downstream
 * loads numbers that do not add up.
 */
@Command(
    name = "quality-gate",
    mixinStandardHelpOptions = true,
    description =
        "Check the gold tables of the run date against silver: rows present, no null keys,"
            + " rates in [0, 1], counts that reconcile. Exit 1 lists the problems.")
public final class QualityGateJob implements Callable<Integer> {

  @Mixin LakeOption lake;

  @Mixin RunDateOptions dates;

  /** The problems found; empty when the gate passes. */
  public static List<String> problems(SparkSession spark, Lake lake, RunDates dates) {
    Dataset<Row> silver = Analytics.silver(spark, lake, dates);
    Map<GoldTable, Dataset<Row>> gold = new EnumMap<>(GoldTable.class);
    for (GoldTable t : GoldTable.values()) {
      String path = lake.path(t.lakeTable());
      if (!DeltaTable.isDeltaTable(spark, path)) {
        return List.of(t.tableName() + " does not exist at " + path + ": run analytics first");
      }
      gold.put(
          t, spark.read().format("delta").load(path).where(expr(dates.predicate("event_date"))));
    }
    return QualityChecks.check(dates.dates(), silver, gold);
  }

  @Override
  public Integer call() {
    RunDates runDates = dates.dates();
    List<String> problems =
        problems(JobMain.session("cardstream-quality-gate"), lake.lake(), runDates);
    if (!problems.isEmpty()) {
      throw new Analytics.QualityException("quality gate failed for " + runDates, problems);
    }
    System.out.println("quality gate passed for " + runDates);
    return 0;
  }

  public static void main(String[] args) {
    JobMain.run(new QualityGateJob(), args);
  }
}

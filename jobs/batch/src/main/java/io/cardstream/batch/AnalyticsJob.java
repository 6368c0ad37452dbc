package io.cardstream.batch;

import io.cardstream.common.cli.JobMain;
import io.cardstream.common.cli.LakeOption;
import io.cardstream.common.cli.RunDateOptions;
import io.cardstream.common.delta.DeltaLogOptions;
import io.cardstream.common.lake.GoldTable;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.RunDates;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * spark-submit entry point of the nightly analytics.
 *
 * <pre>
 * spark-submit --class io.cardstream.batch.AnalyticsJob cardstream-batch-emr.jar \
 *   --lake s3://bucket/lake --run-date 2019-01-05
 * </pre>
 */
@Command(
    name = "analytics",
    mixinStandardHelpOptions = true,
    description =
        "Build the gold tables regional_daily, segment_daily and merchant_daily for the run date"
            + " from silver, after data-quality checks; reruns replace the date.")
public final class AnalyticsJob implements Callable<Integer> {

  @Mixin LakeOption lake;

  @Mixin RunDateOptions dates;

  @Mixin DeltaLogOptions deltaLog;

  @Override
  public Integer call() {
    Lake root = lake.lake();
    RunDates runDates = dates.dates();
    System.out.println("analytics for " + runDates + " from " + root.path(LakeTable.SILVER));
    Map<GoldTable, Long> rows =
        new Analytics(
                JobMain.session(
                    "cardstream-analytics", deltaLog.sparkConf(lake.root(), System.err)),
                System.out)
            .run(root, runDates);
    System.out.println("analytics done: " + rows);
    return 0;
  }

  public static void main(String[] args) {
    JobMain.run(new AnalyticsJob(), args);
  }
}

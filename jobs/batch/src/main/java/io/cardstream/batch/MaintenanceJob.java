package io.cardstream.batch;

import io.cardstream.common.cli.JobMain;
import io.cardstream.common.cli.LakeOption;
import io.cardstream.common.delta.DeltaLogOptions;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.RunDates;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * OPTIMIZE and VACUUM for the tables the stream appends to: every micro-batch adds small files, so
 * the nightly run compacts them (only the run date's partition when one is given) and removes files
 * no version within the retention still needs.
 */
@Command(
    name = "maintenance",
    mixinStandardHelpOptions = true,
    description = "Compact (OPTIMIZE) and VACUUM the stream-written Delta tables.")
public final class MaintenanceJob implements Callable<Integer> {

  /** Delta's own safety floor: readers and the stream may still need a week of history. */
  public static final int DEFAULT_RETENTION_HOURS = 168;

  @Mixin LakeOption lake;

  @Option(
      names = "--run-date",
      description = "Compact only this date's partition (yyyy-MM-dd); default: whole tables.")
  LocalDate runDate;

  @Option(
      names = "--retention-hours",
      defaultValue = "" + DEFAULT_RETENTION_HOURS,
      description =
          "VACUUM keeps files younger than this (default ${DEFAULT-VALUE}); below 168 the"
              + " stream or a long query may lose files it still reads.")
  int retentionHours;

  @Mixin DeltaLogOptions deltaLog;

  /** The result of one table's maintenance. */
  public record Result(LakeTable table, long filesRemoved, long filesAdded, long filesVacuumed) {}

  public static List<Result> run(
      SparkSession spark, Lake lake, LocalDate runDate, int retentionHours) {
    if (retentionHours < 0) {
      throw new IllegalArgumentException("--retention-hours must be >= 0, got " + retentionHours);
    }
    // Delta refuses a retention below its default unless told that the caller knows the risk; the
    // session's own setting is restored afterwards.
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    String previous = spark.conf().get(check, "true");
    spark.conf().set(check, String.valueOf(retentionHours >= DEFAULT_RETENTION_HOURS));
    try {
      List<Result> results = new ArrayList<>();
      for (LakeTable table : LakeTable.streamTables()) {
        String path = lake.path(table);
        if (!DeltaTable.isDeltaTable(spark, path)) {
          continue;
        }
        DeltaTable delta = DeltaTable.forPath(spark, path);
        var optimize = delta.optimize();
        if (runDate != null) {
          optimize = optimize.where(RunDates.of(runDate).predicate(table.partitionColumn()));
        }
        Row metrics = optimize.executeCompaction().select("metrics").first().getStruct(0);
        long onDisk = filesOnDisk(spark, path);
        delta.vacuum(retentionHours);
        long vacuumed = onDisk - filesOnDisk(spark, path);
        results.add(
            new Result(
                table,
                metrics.getAs("numFilesRemoved"),
                metrics.getAs("numFilesAdded"),
                Math.max(0, vacuumed)));
      }
      return results;
    } finally {
      spark.conf().set(check, previous);
    }
  }

  /** Data files under the table directory, referenced or not. */
  static long filesOnDisk(SparkSession spark, String path) {
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long n = 0;
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        if (f.getPath().getName().endsWith(".parquet")
            && !f.getPath().toString().contains("/_delta_log/")) {
          n++;
        }
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + path + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Integer call() {
    for (Result r :
        run(
            JobMain.session("cardstream-maintenance", deltaLog.sparkConf(lake.root(), System.err)),
            lake.lake(),
            runDate,
            retentionHours)) {
      System.out.printf(
          "  %-25s optimize: %d files -> %d; vacuum: %d files deleted%n",
          r.table().path(), r.filesRemoved(), r.filesAdded(), r.filesVacuumed());
    }
    return 0;
  }

  public static void main(String[] args) {
    JobMain.run(new MaintenanceJob(), args);
  }
}

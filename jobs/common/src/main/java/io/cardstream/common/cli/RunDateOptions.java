package io.cardstream.common.cli;

import io.cardstream.common.lake.RunDates;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** {@code --run-date} and the optional backfill end, shared by the date-driven jobs. */
public final class RunDateOptions {

  @Option(
      names = "--run-date",
      required = true,
      description = "Event date to (re)build, yyyy-MM-dd; Airflow passes the data interval's date.")
  LocalDate runDate;

  @Option(
      names = "--end-date",
      description =
          "Backfill: last date (inclusive) of a range done in one pass; default: run date.")
  LocalDate endDate;

  public RunDates dates() {
    return new RunDates(runDate, endDate);
  }
}

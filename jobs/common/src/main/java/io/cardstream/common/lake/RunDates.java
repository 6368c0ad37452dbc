package io.cardstream.common.lake;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The event dates one batch run touches: a single {@code --run-date}, or a backfill range up to
 * {@code --end-date} (inclusive) done in one pass. Each date is still replaced as a whole.
 */
public record RunDates(LocalDate start, LocalDate end) {

  /** A year at most: a longer backfill should be split into several runs. */
  public static final int MAX_DAYS = 366;

  public RunDates {
    if (start == null) {
      throw new IllegalArgumentException("--run-date is required (yyyy-MM-dd)");
    }
    if (end == null) {
      end = start;
    }
    if (end.isBefore(start)) {
      throw new IllegalArgumentException(
          "--end-date " + end + " is before --run-date " + start + ": give an inclusive range");
    }
    if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
      throw new IllegalArgumentException(
          "the range " + start + ".." + end + " is longer than " + MAX_DAYS + " days: split it");
    }
  }

  public static RunDates of(LocalDate date) {
    return new RunDates(date, date);
  }

  /**
   * The fewest ranges that cover exactly {@code dates}: runs of consecutive dates, each at most
   * {@link #MAX_DAYS} long, in order (a gap in the data never becomes part of a range).
   */
  public static List<RunDates> covering(Collection<LocalDate> dates) {
    return covering(dates, MAX_DAYS);
  }

  /** As {@link #covering(Collection)}, each range at most {@code maxDays} long. */
  public static List<RunDates> covering(Collection<LocalDate> dates, int maxDays) {
    if (maxDays < 1 || maxDays > MAX_DAYS) {
      throw new IllegalArgumentException(
          "a range is 1 to " + MAX_DAYS + " days long, got " + maxDays);
    }
    List<RunDates> out = new ArrayList<>();
    LocalDate start = null;
    LocalDate prev = null;
    for (LocalDate d : new TreeSet<>(dates)) {
      if (start != null
          && (!d.equals(prev.plusDays(1)) || ChronoUnit.DAYS.between(start, d) >= maxDays)) {
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

  public List<LocalDate> dates() {
    return start.datesUntil(end.plusDays(1)).toList();
  }

  /** A SQL predicate on a date column, for filters and Delta's {@code replaceWhere}. */
  public String predicate(String column) {
    return start.equals(end)
        ? String.format("%s = DATE'%s'", column, start)
        : String.format("%s BETWEEN DATE'%s' AND DATE'%s'", column, start, end);
  }

  @Override
  public String toString() {
    return start.equals(end) ? start.toString() : start + ".." + end;
  }
}

package io.cardstream.common.lake;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The customer segments analysts group by: age bands (gold/segment_daily and the warehouse facts
 * band alike) and the key value of a missing attribute.
 */
public final class Segments {

  /** The key value for a missing state, city, gender, merchant, category or age. */
  public static final String UNKNOWN = "unknown";

  /** The age bands in order, {@link #UNKNOWN} last. */
  public static final List<String> AGE_BANDS =
      List.of("<25", "25-34", "35-49", "50-64", "65+", UNKNOWN);

  private Segments() {}

  /** True where the age is unknown: the stream stores an unknown age as -1. */
  public static Column unknownAge(Column age) {
    return age.isNull().or(age.lt(0));
  }

  /** The age band of an age in years. */
  public static Column ageBand(Column age) {
    return when(unknownAge(age), lit(UNKNOWN))
        .when(age.lt(25), lit(AGE_BANDS.get(0)))
        .when(age.lt(35), lit(AGE_BANDS.get(1)))
        .when(age.lt(50), lit(AGE_BANDS.get(2)))
        .when(age.lt(65), lit(AGE_BANDS.get(3)))
        .otherwise(lit(AGE_BANDS.get(4)));
  }
}

package io.cardstream.common.features;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Per-card, point-in-time features over tokenized transactions (docs/features.md). A transaction's
 * features use only the same card's earlier transactions: "earlier" is the order (event_time,
 * trans_num) for running values and the previous transaction, and strictly earlier seconds within
 * [t - window, t - 1] for the 1 h / 24 h windows. {@link CardFeatureState} computes the same values
 * incrementally for the stream.
 *
 * <p>Missing values use sentinels rather than nulls so every model can consume them: {@value #NONE}
 * for "no such value" (no previous transaction, unknown location or age).
 */
public final class CardFeatures {

  /** Sentinel for a feature that has no value (first transaction of a card, unknown location). */
  public static final double NONE = -1.0;

  public static final String EVENT_SECONDS = "event_seconds";
  public static final String CARD_MEAN_AMT = "card_mean_amt";

  /** Numeric model features, in vector order. The category is indexed by the model pipeline. */
  public static final List<String> NUMERIC =
      List.of(
          "log_amt",
          "amt_to_card_mean",
          "card_txn_count",
          "secs_since_prev",
          "count_1h",
          "sum_1h",
          "count_24h",
          "sum_24h",
          "dist_home_km",
          "dist_prev_merchant_km",
          "hour_of_day",
          "day_of_week",
          "age",
          "log_city_pop",
          "card_cat_txn_count",
          "amt_to_card_cat_mean",
          "hour_share",
          "night_share",
          "count_7d",
          "sum_7d",
          "max_amt_24h",
          "night_count_24h");

  /** Night, for the night features: hours of day (UTC) from 22:00 to 03:59. */
  private static final int NIGHT_FROM_HOUR = 22;

  private static final int NIGHT_TO_HOUR = 3;

  /** Whether an hour of day (0-23, UTC) is night for the night features. */
  public static boolean isNightHour(long hour) {
    return hour >= NIGHT_FROM_HOUR || hour <= NIGHT_TO_HOUR;
  }

  public static final String CATEGORY = "category";

  private CardFeatures() {}

  /** Adds the feature columns (and {@value #CARD_MEAN_AMT}, which the seed rule needs). */
  public static Dataset<Row> add(Dataset<Row> tokenized) {
    Column seconds = col("event_time").cast("long");
    WindowSpec ordered = Window.partitionBy("card_id").orderBy(EVENT_SECONDS, "trans_num");
    WindowSpec prior = ordered.rowsBetween(Window.unboundedPreceding(), -1);
    WindowSpec lastHour =
        Window.partitionBy("card_id").orderBy(EVENT_SECONDS).rangeBetween(-3600, -1);
    WindowSpec lastDay =
        Window.partitionBy("card_id").orderBy(EVENT_SECONDS).rangeBetween(-86_400, -1);
    WindowSpec lastWeek =
        Window.partitionBy("card_id").orderBy(EVENT_SECONDS).rangeBetween(-7 * 86_400, -1);
    WindowSpec priorInCategory =
        Window.partitionBy(col("card_id"), col(CATEGORY))
            .orderBy(EVENT_SECONDS, "trans_num")
            .rowsBetween(Window.unboundedPreceding(), -1);
    WindowSpec priorInHour =
        Window.partitionBy(col("card_id"), col("hour_of_day"))
            .orderBy(EVENT_SECONDS, "trans_num")
            .rowsBetween(Window.unboundedPreceding(), -1);
    Column hour = floor(col(EVENT_SECONDS).mod(86_400).divide(3600));
    Column night =
        when(hour.geq(NIGHT_FROM_HOUR).or(hour.leq(NIGHT_TO_HOUR)), lit(1.0)).otherwise(lit(0.0));

    Dataset<Row> df =
        tokenized
            .withColumn(EVENT_SECONDS, seconds)
            // From epoch seconds, so the session time zone cannot shift them (events are UTC).
            .withColumn("hour_of_day", hour.cast("double"))
            .withColumn("is_night", night)
            .withColumn(CARD_MEAN_AMT, avg("amt").over(prior))
            .withColumn("card_txn_count", count("amt").over(prior).cast("double"))
            .withColumn("prev_seconds", lag(EVENT_SECONDS, 1).over(ordered))
            .withColumn("prev_merch_lat", lag("merch_lat", 1).over(ordered))
            .withColumn("prev_merch_long", lag("merch_long", 1).over(ordered))
            .withColumn("count_1h", count("amt").over(lastHour).cast("double"))
            .withColumn("sum_1h", coalesce(sum("amt").over(lastHour), lit(0.0)))
            .withColumn("count_24h", count("amt").over(lastDay).cast("double"))
            .withColumn("sum_24h", coalesce(sum("amt").over(lastDay), lit(0.0)))
            .withColumn("card_cat_txn_count", count("amt").over(priorInCategory).cast("double"))
            .withColumn("card_cat_mean_amt", avg("amt").over(priorInCategory))
            .withColumn("hour_txn_count", count("amt").over(priorInHour).cast("double"))
            .withColumn("night_txn_count", coalesce(sum("is_night").over(prior), lit(0.0)))
            .withColumn("count_7d", count("amt").over(lastWeek).cast("double"))
            .withColumn("sum_7d", coalesce(sum("amt").over(lastWeek), lit(0.0)))
            .withColumn("max_amt_24h", coalesce(max("amt").over(lastDay), lit(0.0)))
            .withColumn("night_count_24h", coalesce(sum("is_night").over(lastDay), lit(0.0)));

    Column distHome = Geo.haversineKm(col("lat"), col("long"), col("merch_lat"), col("merch_long"));
    Column distPrev =
        Geo.haversineKm(
            col("prev_merch_lat"), col("prev_merch_long"), col("merch_lat"), col("merch_long"));
    Column day = floor(col(EVENT_SECONDS).divide(86_400));
    return df.withColumn("log_amt", log1p(col("amt")))
        .withColumn(
            "amt_to_card_mean",
            when(col(CARD_MEAN_AMT).isNull(), lit(1.0))
                .otherwise(col("amt").divide(col(CARD_MEAN_AMT))))
        .withColumn(
            "secs_since_prev",
            coalesce(col(EVENT_SECONDS).minus(col("prev_seconds")).cast("double"), lit(NONE)))
        .withColumn("dist_home_km", coalesce(distHome, lit(NONE)))
        .withColumn("dist_prev_merchant_km", coalesce(distPrev, lit(NONE)))
        .withColumn("day_of_week", day.plus(3).mod(7).plus(1).cast("double"))
        .withColumn("age", coalesce(col("age").cast("double"), lit(NONE)))
        .withColumn("log_city_pop", coalesce(log1p(col("city_pop").cast("double")), lit(NONE)))
        .withColumn(
            "amt_to_card_cat_mean",
            when(col("card_cat_mean_amt").isNull(), lit(1.0))
                .otherwise(col("amt").divide(col("card_cat_mean_amt"))))
        .withColumn(
            "hour_share",
            when(col("card_txn_count").equalTo(0), lit(NONE))
                .otherwise(col("hour_txn_count").divide(col("card_txn_count"))))
        .withColumn(
            "night_share",
            when(col("card_txn_count").equalTo(0), lit(NONE))
                .otherwise(col("night_txn_count").divide(col("card_txn_count"))))
        .drop(
            "prev_seconds",
            "prev_merch_lat",
            "prev_merch_long",
            "is_night",
            "card_cat_mean_amt",
            "hour_txn_count",
            "night_txn_count");
  }
}

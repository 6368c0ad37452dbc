package io.cardstream.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.cardstream.common.decision.Decision;
import io.cardstream.common.lake.GoldTable;
import io.cardstream.common.lake.Segments;
import io.cardstream.common.lake.SilverSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Silver rows to the daily gold aggregates. Pure {@code Dataset -> Dataset} functions: the nightly
 * job and the tests call the same code.
 */
public final class GoldAggregates {

  private GoldAggregates() {}

  /**
   * Adds {@code age_band} and replaces null or blank key values by {@value Segments#UNKNOWN}, so
   * every transaction lands in exactly one group of every table (PaySim rows have no demographics).
   */
  public static Dataset<Row> withKeys(Dataset<Row> silver) {
    Dataset<Row> keyed = silver.withColumn("age_band", Segments.ageBand(col("age")));
    for (String key : List.of("state", "city", "category", "gender", "merchant")) {
      Column c = col(key);
      keyed =
          keyed.withColumn(
              key, when(c.isNull().or(trim(c).equalTo("")), Segments.UNKNOWN).otherwise(c));
    }
    return keyed;
  }

  /** 1 where the feedback answer is {@code status}, else 0 (0 too without a feedback column). */
  static Column answered(String status) {
    return when(col(GoldTable.ANSWER).equalTo(status), 1L).otherwise(0L);
  }

  /** 1 for a labelled fraud, else 0: summed into {@code labelled_fraud}. */
  static Column labelledFraud() {
    return when(col("is_fraud").equalTo(1), 1L).otherwise(0L);
  }

  /** 1 for a row the stream flagged (REVIEW or DECLINE), else 0: summed into {@code flagged}. */
  static Column flagged() {
    return when(col(SilverSchema.DECISION).isin(Decision.REVIEW, Decision.DECLINE), 1L)
        .otherwise(0L);
  }

  /** One table's rows: event date, keys, then {@link GoldTable#MEASURES} in order. */
  public static Dataset<Row> aggregate(Dataset<Row> silver, GoldTable table) {
    List<Column> groupBy = new ArrayList<>();
    groupBy.add(col(GoldTable.DATE));
    table.keys().forEach(k -> groupBy.add(col(k)));
    Dataset<Row> rows =
        java.util.Arrays.asList(silver.columns()).contains(GoldTable.ANSWER)
            ? silver
            : silver.withColumn(GoldTable.ANSWER, lit(null).cast("string"));
    Dataset<Row> counts =
        withKeys(rows)
            .groupBy(groupBy.toArray(Column[]::new))
            .agg(
                count(lit(1)).as("transactions"),
                // Rounded to cents so that a rerun gives the same value whatever the summation
                // order.
                round(sum("amt"), 2).as("amount_sum"),
                sum(labelledFraud()).as("labelled_fraud"),
                sum(flagged()).as("flagged"),
                sum(when(col(SilverSchema.DECISION).equalTo(Decision.REVIEW), 1L).otherwise(0L))
                    .as("reviewed"),
                sum(when(col(SilverSchema.DECISION).equalTo(Decision.DECLINE), 1L).otherwise(0L))
                    .as("declined"),
                countDistinct(col("card_id")).as("distinct_cards"),
                // The customer_daily answers; null-safe when silver carries no feedback column.
                sum(answered("confirmed_fraud")).as("confirmed_fraud"),
                sum(answered("not_fraud")).as("confirmed_legit"));
    Column n = col("transactions");
    List<Column> out = new ArrayList<>(groupBy);
    out.add(n);
    out.add(col("amount_sum"));
    out.add(round(col("amount_sum").divide(n), 4).as("amount_avg"));
    out.add(col("labelled_fraud"));
    out.add(col("labelled_fraud").divide(n).as("labelled_fraud_rate"));
    out.add(col("flagged"));
    out.add(col("flagged").divide(n).as("flagged_rate"));
    out.add(col("reviewed"));
    out.add(col("reviewed").divide(n).as("review_rate"));
    out.add(col("declined"));
    out.add(col("declined").divide(n).as("decline_rate"));
    out.add(col("distinct_cards"));
    for (String extra : table.extraMeasures()) {
      out.add(col(extra));
    }
    return counts.select(out.toArray(Column[]::new));
  }
}

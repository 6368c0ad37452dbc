package io.cardstream.training;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.cardstream.common.feedback.FeedbackEvent;
import io.delta.tables.DeltaTable;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Customers' and analysts' answers ({@code feedback/labels}) as training labels: an answer wins
 * over the dataset's {@code is_fraud} where both exist and adds a label where none existed. Rows
 * are matched on trans_num and the card's token, so an answer never labels another card's row.
 */
final class FeedbackLabels {

  /**
   * The rows with their labels, and what the answers did.
   *
   * @param fromAnalysts rows labelled by an analyst's answer (null: the table has no source)
   * @param fromCustomers rows labelled by a customer's answer (null: the table has no source)
   */
  record Applied(
      Dataset<Row> rows,
      long answers,
      long matched,
      long changed,
      long added,
      Long fromAnalysts,
      Long fromCustomers) {}

  private FeedbackLabels() {}

  static Applied apply(SparkSession spark, Dataset<Row> rows, String table) {
    if (!DeltaTable.isDeltaTable(spark, table)) {
      throw new IllegalArgumentException(
          "--feedback " + table + " is not a Delta table (the feedback-labels job writes it)");
    }
    Dataset<Row> stored = spark.read().format("delta").load(table);
    boolean sourced = Arrays.asList(stored.columns()).contains("source");
    Dataset<Row> answers =
        stored.select(
            col("trans_num").as("fb_trans_num"),
            col("card_id").as("fb_card_id"),
            col("is_fraud").as("fb_is_fraud"),
            (sourced ? col("source") : lit(null).cast("string")).as("fb_source"));
    Dataset<Row> joined =
        rows.join(
                answers,
                col("trans_num")
                    .equalTo(col("fb_trans_num"))
                    .and(col("card_id").equalTo(col("fb_card_id"))),
                "left")
            .persist();
    Row stats =
        joined
            .agg(
                count(col("fb_is_fraud")),
                sum(
                    when(
                            col("is_fraud")
                                .isNotNull()
                                .and(col("fb_is_fraud").isNotNull())
                                .and(col("is_fraud").notEqual(col("fb_is_fraud"))),
                            1)
                        .otherwise(0)),
                sum(
                    when(col("is_fraud").isNull().and(col("fb_is_fraud").isNotNull()), 1)
                        .otherwise(0)),
                bySource(FeedbackEvent.ANALYST),
                bySource(FeedbackEvent.CUSTOMER))
            .first();
    Dataset<Row> labelled =
        joined
            .withColumn("is_fraud", coalesce(col("fb_is_fraud"), col("is_fraud")))
            .drop("fb_trans_num", "fb_card_id", "fb_is_fraud", "fb_source");
    return new Applied(
        labelled,
        answers.count(),
        stats.getLong(0),
        stats.isNullAt(1) ? 0 : stats.getLong(1),
        stats.isNullAt(2) ? 0 : stats.getLong(2),
        sourced ? (stats.isNullAt(3) ? 0 : stats.getLong(3)) : null,
        sourced ? (stats.isNullAt(4) ? 0 : stats.getLong(4)) : null);
  }

  /** The rows an answer of {@code source} labelled. */
  private static Column bySource(String source) {
    return sum(
        when(col("fb_is_fraud").isNotNull().and(col("fb_source").equalTo(source)), 1).otherwise(0));
  }
}

package io.cardstream.batch;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.lake.GoldTable;
import io.cardstream.common.testing.SparkTestSession;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GoldAggregatesTest {

  static SparkSession spark;

  /** The silver columns the aggregates read. */
  static final StructType SILVER =
      new StructType()
          .add("trans_num", DataTypes.StringType)
          .add("card_id", DataTypes.StringType)
          .add("merchant", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("amt", DataTypes.DoubleType)
          .add("gender", DataTypes.StringType)
          .add("city", DataTypes.StringType)
          .add("state", DataTypes.StringType)
          .add("age", DataTypes.DoubleType)
          .add("is_fraud", DataTypes.IntegerType)
          .add("decision", DataTypes.StringType)
          .add("event_date", DataTypes.DateType);

  static final Date D5 = Date.valueOf("2019-01-05");
  static final Date D6 = Date.valueOf("2019-01-06");

  @BeforeAll
  static void start() {
    spark = SparkTestSession.create("gold-aggregates-test");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Dataset<Row> silver() {
    List<Row> rows =
        List.of(
            RowFactory.create(
                "t1", "A", "m1", "grocery_pos", 10.10, "F", "Austin", "TX", 30.0, 0, "APPROVE", D5),
            RowFactory.create(
                "t2", "A", "m1", "grocery_pos", 20.20, "F", "Austin", "TX", 30.0, 1, "DECLINE", D5),
            RowFactory.create(
                "t3",
                "B",
                "m2",
                "shopping_net",
                1500.0,
                "M",
                "Austin",
                "TX",
                70.0,
                0,
                "REVIEW",
                D5),
            RowFactory.create(
                "t4", "C", "m1", "grocery_pos", 5.0, null, " ", null, -1.0, null, "APPROVE", D5),
            RowFactory.create(
                "t5", "A", "m1", "grocery_pos", 7.0, "F", "Austin", "TX", 30.0, 0, "APPROVE", D6));
    return spark.createDataFrame(rows, SILVER);
  }

  static List<String> lines(Dataset<Row> d) {
    List<String> out = new ArrayList<>();
    for (Row r : d.collectAsList()) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < r.size(); i++) {
        v[i] = r.get(i);
      }
      out.add(Arrays.toString(v));
    }
    return out;
  }

  @Test
  void regionalDailyCountsAmountsFraudAndDecisionsPerDateAndPlace() {
    Dataset<Row> gold = GoldAggregates.aggregate(silver(), GoldTable.REGIONAL_DAILY);
    assertThat(gold.columns())
        .containsExactly(
            "event_date",
            "state",
            "city",
            "category",
            "transactions",
            "amount_sum",
            "amount_avg",
            "labelled_fraud",
            "labelled_fraud_rate",
            "flagged",
            "flagged_rate",
            "reviewed",
            "review_rate",
            "declined",
            "decline_rate",
            "distinct_cards");
    assertThat(lines(gold))
        .containsExactlyInAnyOrder(
            "[2019-01-05, TX, Austin, grocery_pos, 2, 30.3, 15.15, 1, 0.5, 1, 0.5, 0, 0.0, 1, 0.5, 1]",
            "[2019-01-05, TX, Austin, shopping_net, 1, 1500.0, 1500.0, 0, 0.0, 1, 1.0, 1, 1.0, 0, 0.0, 1]",
            "[2019-01-05, unknown, unknown, grocery_pos, 1, 5.0, 5.0, 0, 0.0, 0, 0.0, 0, 0.0, 0, 0.0, 1]",
            "[2019-01-06, TX, Austin, grocery_pos, 1, 7.0, 7.0, 0, 0.0, 0, 0.0, 0, 0.0, 0, 0.0, 1]");
  }

  @Test
  void segmentDailyGroupsByGenderAndAgeBand() {
    assertThat(lines(GoldAggregates.aggregate(silver(), GoldTable.SEGMENT_DAILY)))
        .containsExactlyInAnyOrder(
            "[2019-01-05, F, 25-34, grocery_pos, 2, 30.3, 15.15, 1, 0.5, 1, 0.5, 0, 0.0, 1, 0.5, 1]",
            "[2019-01-05, M, 65+, shopping_net, 1, 1500.0, 1500.0, 0, 0.0, 1, 1.0, 1, 1.0, 0, 0.0, 1]",
            "[2019-01-05, unknown, unknown, grocery_pos, 1, 5.0, 5.0, 0, 0.0, 0, 0.0, 0, 0.0, 0, 0.0, 1]",
            "[2019-01-06, F, 25-34, grocery_pos, 1, 7.0, 7.0, 0, 0.0, 0, 0.0, 0, 0.0, 0, 0.0, 1]");
  }

  @Test
  void merchantDailyCountsDistinctCards() {
    assertThat(lines(GoldAggregates.aggregate(silver(), GoldTable.MERCHANT_DAILY)))
        .containsExactlyInAnyOrder(
            "[2019-01-05, m1, grocery_pos, 3, 35.3, 11.7667, 1, 0.3333333333333333, 1, 0.3333333333333333, 0, 0.0, 1, 0.3333333333333333, 2]",
            "[2019-01-05, m2, shopping_net, 1, 1500.0, 1500.0, 0, 0.0, 1, 1.0, 1, 1.0, 0, 0.0, 1]",
            "[2019-01-06, m1, grocery_pos, 1, 7.0, 7.0, 0, 0.0, 0, 0.0, 0, 0.0, 0, 0.0, 1]");
  }

  @Test
  void ageBandsHaveInclusiveLowerBounds() {
    StructType s = new StructType().add("age", DataTypes.DoubleType);
    List<Row> ages = new ArrayList<>();
    for (Double a :
        Arrays.asList(null, -1.0, 0.0, 24.0, 25.0, 34.0, 35.0, 49.0, 50.0, 64.0, 65.0, 99.0)) {
      ages.add(RowFactory.create(a));
    }
    List<String> bands =
        spark
            .createDataFrame(ages, s)
            .select(io.cardstream.common.lake.Segments.ageBand(col("age")))
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    assertThat(bands)
        .containsExactly(
            "unknown", "unknown", "<25", "<25", "25-34", "25-34", "35-49", "35-49", "50-64",
            "50-64", "65+", "65+");
  }
}

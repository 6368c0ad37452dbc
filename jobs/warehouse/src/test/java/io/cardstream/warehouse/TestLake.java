package io.cardstream.warehouse;

import io.cardstream.common.lake.GoldTable;
import io.cardstream.common.lake.WarehouseTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A small lake in the contract's shapes (silver/scored_transactions and the three gold tables),
 * written as Delta tables partitioned by event_date, for the warehouse tests.
 */
final class TestLake {

  static final LocalDate DAY1 = LocalDate.of(2020, 6, 1);
  static final LocalDate DAY2 = LocalDate.of(2020, 6, 2);

  static final List<String> FEATURES =
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
          "log_city_pop",
          "card_mean_amt");

  static final StructType SILVER = silverSchema();

  private TestLake() {}

  private static StructType silverSchema() {
    List<StructField> f = new ArrayList<>();
    add(f, "trans_num", DataTypes.StringType);
    add(f, "event_time", DataTypes.TimestampType);
    add(f, "card_id", DataTypes.StringType);
    add(f, "card_last4", DataTypes.StringType);
    add(f, "merchant", DataTypes.StringType);
    add(f, "category", DataTypes.StringType);
    add(f, "amt", DataTypes.DoubleType);
    add(f, "gender", DataTypes.StringType);
    add(f, "city", DataTypes.StringType);
    add(f, "state", DataTypes.StringType);
    add(f, "zip", DataTypes.StringType);
    add(f, "lat", DataTypes.DoubleType);
    add(f, "long", DataTypes.DoubleType);
    add(f, "city_pop", DataTypes.LongType);
    add(f, "job", DataTypes.StringType);
    add(f, "age", DataTypes.DoubleType);
    add(f, "merch_lat", DataTypes.DoubleType);
    add(f, "merch_long", DataTypes.DoubleType);
    add(f, "is_fraud", DataTypes.IntegerType);
    add(f, "source", DataTypes.StringType);
    add(f, "source_partition", DataTypes.StringType);
    add(f, "source_offset", DataTypes.StringType);
    add(f, "produce_time", DataTypes.TimestampType);
    add(f, "ingest_time", DataTypes.TimestampType);
    for (String feature : FEATURES) {
      add(f, feature, DataTypes.DoubleType);
    }
    add(f, "score", DataTypes.DoubleType);
    add(f, "decision", DataTypes.StringType);
    add(f, "reasons", DataTypes.createArrayType(DataTypes.StringType));
    add(f, "rule_ids", DataTypes.createArrayType(DataTypes.StringType));
    add(f, "model_version", DataTypes.StringType);
    add(f, "rules_version", DataTypes.StringType);
    add(f, "batch_id", DataTypes.LongType);
    add(f, "event_date", DataTypes.DateType);
    return new StructType(f.toArray(StructField[]::new));
  }

  private static void add(List<StructField> fields, String name, DataType type) {
    fields.add(DataTypes.createStructField(name, type, true));
  }

  /** A silver row; the columns the warehouse does not load get plausible constants. */
  static Row silver(
      String transNum,
      String eventTime,
      String cardId,
      String merchant,
      String category,
      double amt,
      String gender,
      String city,
      String state,
      String zip,
      String job,
      double age,
      Integer isFraud,
      Double score,
      String decision,
      List<String> reasons) {
    Timestamp ts = Timestamp.from(Instant.parse(eventTime));
    List<Object> v = new ArrayList<>();
    v.addAll(
        Arrays.asList(
            transNum,
            ts,
            cardId,
            cardId.substring(cardId.length() - 4),
            merchant,
            category,
            amt,
            gender,
            city,
            state,
            zip,
            40.0,
            -83.0,
            900_000L,
            job,
            age,
            40.1,
            -83.1,
            isFraud,
            "kafka",
            "0",
            "17",
            ts,
            ts));
    for (int i = 0; i < FEATURES.size(); i++) {
      v.add((double) i);
    }
    v.addAll(
        Arrays.asList(
            score,
            decision,
            reasons,
            reasons,
            "v1",
            "rules-1",
            3L,
            Date.valueOf(Instant.parse(eventTime).atZone(java.time.ZoneOffset.UTC).toLocalDate())));
    return RowFactory.create(v.toArray());
  }

  static StructType goldSchema(WarehouseTable table) {
    List<StructField> f = new ArrayList<>();
    for (String c : table.columns()) {
      DataType type;
      if (c.equals("event_date")) {
        type = DataTypes.DateType;
      } else if (GoldTable.MEASURES.contains(c)) {
        type =
            c.endsWith("_rate") || c.startsWith("amount_")
                ? DataTypes.DoubleType
                : DataTypes.LongType;
      } else {
        type = DataTypes.StringType;
      }
      f.add(DataTypes.createStructField(c, type, true));
    }
    return new StructType(f.toArray(StructField[]::new));
  }

  /** A gold row: date, keys, then measures derived from {@code transactions} so rows differ. */
  static Row gold(LocalDate date, List<String> keys, long transactions) {
    List<Object> v = new ArrayList<>();
    v.add(Date.valueOf(date));
    v.addAll(keys);
    long fraud = transactions / 10;
    long flagged = transactions / 5;
    long reviewed = flagged / 2;
    long declined = flagged - reviewed;
    double sum = transactions * 42.5;
    v.addAll(
        List.of(
            transactions,
            sum,
            sum / transactions,
            fraud,
            (double) fraud / transactions,
            flagged,
            (double) flagged / transactions,
            reviewed,
            (double) reviewed / transactions,
            declined,
            (double) declined / transactions,
            Math.max(1, transactions - 3)));
    return RowFactory.create(v.toArray());
  }

  /** Writes the standard test lake: 3 + 2 facts, and gold rows on both days. */
  static void write(SparkSession spark, String lake) {
    List<Row> silver =
        List.of(
            silver(
                "t1",
                "2020-06-01T08:15:30.123456Z",
                "aaaa0001",
                "fraud_Kirlin and Sons",
                "grocery_pos",
                12.5,
                "F",
                "Columbus",
                "OH",
                "43210",
                "Engineer, \"site\"",
                30.0,
                0,
                0.0123,
                "APPROVE",
                List.of()),
            silver(
                "t2",
                "2020-06-01T23:59:59.999999Z",
                "bbbb0002",
                "fraud_Haley Group",
                "shopping_net",
                1500.0,
                "M",
                null,
                "CA",
                "",
                "Nurse",
                -1.0,
                null,
                null,
                "DECLINE",
                List.of("AMOUNT_OVER_1000", "NEW_CARD")),
            silver(
                "t3",
                "2020-06-01T00:00:00Z",
                "cccc0003",
                "fraud_Kirlin and Sons",
                "grocery_pos",
                77.0,
                "M",
                "Columbus",
                "OH",
                "43210",
                "Teacher",
                70.0,
                1,
                0.81,
                "REVIEW",
                List.of("HIGH_SCORE")),
            silver(
                "t4",
                "2020-06-02T10:00:00Z",
                "aaaa0001",
                "fraud_Haley Group",
                "shopping_net",
                20.0,
                "F",
                "Columbus",
                "OH",
                "43210",
                "Engineer",
                30.0,
                0,
                0.02,
                "APPROVE",
                null),
            silver(
                "t5",
                "2020-06-02T11:00:00Z",
                "dddd0004",
                "fraud_Haley Group",
                "shopping_net",
                30.0,
                "F",
                "Austin",
                "TX",
                "73301",
                "Lawyer",
                22.0,
                0,
                0.03,
                "APPROVE",
                List.of()));
    spark
        .createDataFrame(silver, SILVER)
        .write()
        .format("delta")
        .partitionBy("event_date")
        .save(lake + "/" + WarehouseTable.FACT_TRANSACTIONS.source().path());

    writeGold(
        spark,
        lake,
        WarehouseTable.REGIONAL_DAILY,
        List.of(
            gold(DAY1, List.of("OH", "Columbus", "grocery_pos"), 20),
            gold(DAY1, List.of("CA", "unknown", "shopping_net"), 10),
            gold(DAY2, List.of("OH", "Columbus", "shopping_net"), 30)));
    writeGold(
        spark,
        lake,
        WarehouseTable.SEGMENT_DAILY,
        List.of(
            gold(DAY1, List.of("F", "25-34", "grocery_pos"), 40),
            gold(DAY1, List.of("M", "unknown", "shopping_net"), 50),
            gold(DAY1, List.of("M", "65+", "grocery_pos"), 60),
            gold(DAY2, List.of("F", "<25", "shopping_net"), 70)));
    writeGold(
        spark,
        lake,
        WarehouseTable.MERCHANT_DAILY,
        List.of(
            gold(DAY1, List.of("fraud_Kirlin and Sons", "grocery_pos"), 80),
            gold(DAY1, List.of("fraud_Haley Group", "shopping_net"), 90),
            gold(DAY2, List.of("fraud_Haley Group", "shopping_net"), 100),
            gold(DAY2, List.of("fraud_Kirlin and Sons", "grocery_pos"), 110)));
  }

  private static void writeGold(
      SparkSession spark, String lake, WarehouseTable table, List<Row> rows) {
    spark
        .createDataFrame(rows, goldSchema(table))
        .write()
        .format("delta")
        .partitionBy("event_date")
        .save(lake + "/" + table.source().path());
  }
}

package io.cardstream.common.contract;

import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Spark schemas of the data contract. Column names are the contract's. */
public final class TransactionSchema {

  /** The tokenized transaction, as stored in bronze and carried through the pipeline. */
  public static final StructType TOKENIZED =
      new StructType(
          new StructField[] {
            field("trans_num", DataTypes.StringType, false),
            field("event_time", DataTypes.TimestampType, false),
            field("card_id", DataTypes.StringType, false),
            field("card_last4", DataTypes.StringType, false),
            field("merchant", DataTypes.StringType, true),
            field("category", DataTypes.StringType, true),
            field("amt", DataTypes.DoubleType, false),
            field("gender", DataTypes.StringType, true),
            field("city", DataTypes.StringType, true),
            field("state", DataTypes.StringType, true),
            field("zip", DataTypes.StringType, true),
            field("lat", DataTypes.DoubleType, true),
            field("long", DataTypes.DoubleType, true),
            field("city_pop", DataTypes.LongType, true),
            field("job", DataTypes.StringType, true),
            field("age", DataTypes.IntegerType, true),
            field("merch_lat", DataTypes.DoubleType, true),
            field("merch_long", DataTypes.DoubleType, true),
            field("is_fraud", DataTypes.IntegerType, true)
          });

  /**
   * {@link #TOKENIZED} with every column nullable, for rows that may be rejects: a rejected record
   * is a row of nulls beside its {@link #REJECT_REASON}.
   */
  public static final StructType TOKENIZED_OR_REJECTED =
      new StructType(
          java.util.Arrays.stream(TOKENIZED.fields())
              .map(f -> f.copy(f.name(), f.dataType(), true, f.metadata()))
              .toArray(StructField[]::new));

  /** The reason code of a rejected record (null: the record is valid). */
  public static final String REJECT_REASON = "reject_reason";

  /**
   * Where an event came from and when it arrived: every row of bronze, silver and the quarantine
   * carries it.
   */
  public static final StructType INGEST =
      new StructType(
          new StructField[] {
            field("source", DataTypes.StringType, true),
            field("source_partition", DataTypes.StringType, true),
            field("source_offset", DataTypes.StringType, true),
            field("produce_time", DataTypes.TimestampType, true),
            field("ingest_time", DataTypes.TimestampType, true)
          });

  /** A rejected record, as stored in the quarantine table (payload already masked). */
  public static final StructType REJECTED =
      new StructType(
          new StructField[] {
            field("reason", DataTypes.StringType, false),
            field("detail", DataTypes.StringType, false),
            field("payload", DataTypes.StringType, true)
          });

  private TransactionSchema() {}

  private static StructField field(
      String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }

  public static Row toRow(TokenizedTransaction t) {
    return RowFactory.create(
        t.transNum(),
        Timestamp.from(t.eventTime()),
        t.cardId(),
        t.cardLast4(),
        t.merchant(),
        t.category(),
        t.amt(),
        t.gender(),
        t.city(),
        t.state(),
        t.zip(),
        t.lat(),
        t.lon(),
        t.cityPop(),
        t.job(),
        t.age(),
        t.merchLat(),
        t.merchLong(),
        t.isFraud());
  }

  public static Row toRow(ParseResult.Rejected r) {
    return RowFactory.create(r.reason().name(), r.detail(), r.maskedPayload());
  }
}

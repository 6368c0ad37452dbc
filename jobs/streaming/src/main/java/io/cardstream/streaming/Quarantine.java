package io.cardstream.streaming;

import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.contract.TransactionSchema;
import io.cardstream.common.lake.LakeTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The quarantine table's rows: why, the masked payload, where the message came from. */
public final class Quarantine {

  /** Why, the masked payload, the event's ingest metadata and the ingest date (the partition). */
  public static final StructType SCHEMA = schema();

  private Quarantine() {}

  private static StructType schema() {
    StructType s =
        new StructType()
            .add("reason", DataTypes.StringType, true)
            .add("detail", DataTypes.StringType, true)
            .add("payload", DataTypes.StringType, true);
    for (StructField f : TransactionSchema.INGEST.fields()) {
      s = s.add(f);
    }
    return s.add(LakeTable.QUARANTINE.partitionColumn(), DataTypes.DateType, true);
  }

  /** One row; {@code payload} must be masked already. */
  public static Row row(
      ReasonCode reason,
      String detail,
      String payload,
      String source,
      String partition,
      String offset,
      Timestamp produced,
      Timestamp ingested) {
    return RowFactory.create(
        reason.name(),
        detail,
        payload,
        source,
        partition,
        offset,
        produced,
        ingested,
        ingested == null
            ? null
            : Date.valueOf(ingested.toInstant().atZone(ZoneOffset.UTC).toLocalDate()));
  }
}

package io.cardstream.streaming;

import io.cardstream.common.contract.ReasonCode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The quarantine table's rows: why, the masked payload, where the message came from. */
public final class Quarantine {

  public static final StructType SCHEMA =
      new StructType()
          .add("reason", DataTypes.StringType, true)
          .add("detail", DataTypes.StringType, true)
          .add("payload", DataTypes.StringType, true)
          .add("source", DataTypes.StringType, true)
          .add("source_partition", DataTypes.StringType, true)
          .add("source_offset", DataTypes.StringType, true)
          .add("produce_time", DataTypes.TimestampType, true)
          .add("ingest_time", DataTypes.TimestampType, true)
          .add("ingest_date", DataTypes.DateType, true);

  private Quarantine() {}

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

package io.cardstream.streaming.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.cardstream.common.lake.SilverSchema;
import io.cardstream.streaming.Quarantine;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructType;

/**
 * The rows the decisions query hands to the lake query on {@link
 * io.cardstream.common.lake.Topics#LAKE}: one message per silver row ({@code {"silver": {...}}}) or
 * quarantine row ({@code {"quarantine": {...}}}), as Spark's JSON of exactly the table's columns,
 * so the lake query reads them back with the tables' own schemas.
 */
public final class LakeMessages {

  /** The top-level field of a silver row's message. */
  public static final String SILVER = "silver";

  /** The top-level field of a quarantine row's message. */
  public static final String QUARANTINE = "quarantine";

  /** What a lake message holds: one of the two, the other null. */
  public static final StructType SCHEMA =
      new StructType()
          .add(SILVER, SilverSchema.SCHEMA, true)
          .add(QUARANTINE, Quarantine.SCHEMA, true);

  /** Microseconds and the offset, so a timestamp comes back as it was stored before the split. */
  private static final Map<String, String> JSON =
      Map.of("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", "dateFormat", "yyyy-MM-dd");

  private LakeMessages() {}

  /** The JSON of a silver row, every silver column in the table's order. */
  public static Column silverJson() {
    return json(SilverSchema.SCHEMA);
  }

  /** The JSON of a quarantine row. */
  public static Column quarantineJson() {
    return json(Quarantine.SCHEMA);
  }

  /** A row's JSON as the message value of its kind. */
  public static String value(String kind, String rowJson) {
    return "{\"" + kind + "\":" + rowJson + "}";
  }

  /** A message value parsed into {@link #SCHEMA}. */
  public static Column parse(Column value) {
    return from_json(value, SCHEMA, JSON);
  }

  private static Column json(StructType schema) {
    return to_json(
        struct(Arrays.stream(schema.fieldNames()).map(c -> col(c)).toArray(Column[]::new)), JSON);
  }
}

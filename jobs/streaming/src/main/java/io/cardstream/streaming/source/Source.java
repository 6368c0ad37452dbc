package io.cardstream.streaming.source;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where the stream's events come from, normalised to one shape whatever the source: {@code payload}
 * (the message text), {@code source}, {@code source_partition}, {@code source_offset}, {@code
 * produce_time} (the broker's timestamp), {@code ingest_time}; the columns of {@link #COLUMNS}, in
 * that order.
 */
public interface Source {

  /** The normalised columns, in order. */
  java.util.List<String> COLUMNS =
      java.util.List.of(
          "payload", "source", "source_partition", "source_offset", "produce_time", "ingest_time");

  /** The streaming Dataset of this source in the normalised shape. */
  Dataset<Row> read(SparkSession spark);
}

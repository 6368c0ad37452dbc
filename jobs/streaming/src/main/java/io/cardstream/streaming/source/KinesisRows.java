package io.cardstream.streaming.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A Kinesis connector's records as the source rows both Kinesis sources give the stream. */
final class KinesisRows {

  private KinesisRows() {}

  /**
   * @param partition the connector's column that plays the Kafka partition's part
   */
  static Dataset<Row> select(Dataset<Row> records, String partition) {
    return records.select(
        col("data").cast("string").as("payload"),
        concat(lit("kinesis:"), col("streamName")).as("source"),
        col(partition).as("source_partition"),
        col("sequenceNumber").as("source_offset"),
        col("approximateArrivalTimestamp").as("produce_time"),
        current_timestamp().as("ingest_time"));
  }
}

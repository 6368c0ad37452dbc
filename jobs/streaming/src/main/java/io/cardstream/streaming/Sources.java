package io.cardstream.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The stream's input, normalised to one shape whatever the source: {@code payload} (the message
 * text), {@code source}, {@code source_partition}, {@code source_offset}, {@code produce_time} (the
 * broker's timestamp), {@code ingest_time}.
 */
public final class Sources {

  private Sources() {}

  public static Dataset<Row> read(SparkSession spark, StreamConfig c) {
    if (c.source().equals("kinesis")) {
      return spark
          .readStream()
          .format("aws-kinesis")
          .options(kinesisOptions(c))
          .load()
          .select(
              col("data").cast("string").as("payload"),
              concat(lit("kinesis:"), col("streamName")).as("source"),
              col("partitionKey").as("source_partition"),
              col("sequenceNumber").as("source_offset"),
              col("approximateArrivalTimestamp").as("produce_time"),
              current_timestamp().as("ingest_time"));
    }
    return spark
        .readStream()
        .format("kafka")
        .options(kafkaOptions(c))
        .load()
        .select(
            col("value").cast("string").as("payload"),
            concat(lit("kafka:"), col("topic")).as("source"),
            col("partition").cast("string").as("source_partition"),
            col("offset").cast("string").as("source_offset"),
            col("timestamp").as("produce_time"),
            current_timestamp().as("ingest_time"));
  }

  static Map<String, String> kafkaOptions(StreamConfig c) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("kafka.bootstrap.servers", c.kafkaBootstrap());
    o.put("subscribe", c.inputTopic());
    o.put("startingOffsets", c.startingOffsets());
    o.put("maxOffsetsPerTrigger", Long.toString(c.maxEventsPerTrigger()));
    // Read only what the upstream producer committed.
    o.put("kafka.isolation.level", "read_committed");
    return o;
  }

  /** Options of the {@code aws-kinesis} connector that EMR 7.1+ pre-installs. */
  static Map<String, String> kinesisOptions(StreamConfig c) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("kinesis.streamName", c.kinesisStream());
    o.put("kinesis.region", c.kinesisRegion());
    o.put(
        "kinesis.endpointUrl",
        c.kinesisEndpoint() != null
            ? c.kinesisEndpoint()
            : "https://kinesis." + c.kinesisRegion() + ".amazonaws.com");
    o.put("kinesis.startingPosition", c.kinesisStartingPosition());
    o.put("kinesis.consumerType", c.kinesisConsumerType());
    if (c.kinesisConsumerType().equals("SubscribeToShard")) {
      // Enhanced fan-out needs a consumer name that is unique per application.
      o.put("kinesis.consumerName", "cardstream-scoring");
    }
    // The connector bounds a micro-batch per shard.
    o.put("kinesis.maxFetchRecordsPerShard", Long.toString(c.maxEventsPerTrigger()));
    return o;
  }
}

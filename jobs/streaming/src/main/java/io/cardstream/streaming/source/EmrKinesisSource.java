package io.cardstream.streaming.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.cardstream.streaming.StreamConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code aws-kinesis} connector that EMR 7.1+ pre-installs (it is not on Maven Central, so it
 * runs on EMR only).
 */
public record EmrKinesisSource(StreamConfig.Source config) implements Source {

  @Override
  public Dataset<Row> read(SparkSession spark) {
    return spark
        .readStream()
        .format("aws-kinesis")
        .options(options())
        .load()
        .select(
            col("data").cast("string").as("payload"),
            concat(lit("kinesis:"), col("streamName")).as("source"),
            col("partitionKey").as("source_partition"),
            col("sequenceNumber").as("source_offset"),
            col("approximateArrivalTimestamp").as("produce_time"),
            current_timestamp().as("ingest_time"));
  }

  Map<String, String> options() {
    StreamConfig.Kinesis k = config.kinesis();
    Map<String, String> o = new LinkedHashMap<>();
    o.put("kinesis.streamName", k.stream());
    o.put("kinesis.region", k.region());
    o.put(
        "kinesis.endpointUrl",
        k.endpoint() != null ? k.endpoint() : "https://kinesis." + k.region() + ".amazonaws.com");
    o.put("kinesis.startingPosition", k.startingPosition());
    o.put("kinesis.consumerType", k.consumerType());
    if (k.consumerType().equals("SubscribeToShard")) {
      // Enhanced fan-out needs a consumer name that is unique per application.
      o.put("kinesis.consumerName", "cardstream-scoring");
    }
    // The connector bounds a micro-batch per shard.
    o.put("kinesis.maxFetchRecordsPerShard", Long.toString(config.maxEventsPerTrigger()));
    return o;
  }
}

package io.cardstream.streaming.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.cardstream.streaming.SourceConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Spark's Kafka source on the transactions topic, reading only what producers committed. */
public record KafkaSource(SourceConfig config) implements Source {

  @Override
  public Dataset<Row> read(SparkSession spark) {
    return spark
        .readStream()
        .format("kafka")
        .options(options())
        .load()
        .select(
            col("value").cast("string").as("payload"),
            concat(lit("kafka:"), col("topic")).as("source"),
            col("partition").cast("string").as("source_partition"),
            col("offset").cast("string").as("source_offset"),
            col("timestamp").as("produce_time"),
            current_timestamp().as("ingest_time"));
  }

  Map<String, String> options() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("kafka.bootstrap.servers", config.kafkaBootstrap());
    o.put("subscribe", config.topic());
    o.put("startingOffsets", config.startingOffsets());
    o.put("maxOffsetsPerTrigger", Long.toString(config.maxEventsPerTrigger()));
    // Read only what the upstream producer committed.
    o.put("kafka.isolation.level", "read_committed");
    o.putAll(config.kafkaAuth().sparkOptions());
    return o;
  }
}

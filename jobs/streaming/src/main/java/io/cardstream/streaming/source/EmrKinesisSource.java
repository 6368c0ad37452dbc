package io.cardstream.streaming.source;

import io.cardstream.streaming.SourceConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code aws-kinesis} connector that EMR 7.1+ pre-installs (it is not on Maven Central, so it
 * runs on EMR only).
 */
public record EmrKinesisSource(SourceConfig config) implements Source {

  @Override
  public Dataset<Row> read(SparkSession spark) {
    return KinesisRows.select(
        spark.readStream().format("aws-kinesis").options(options()).load(), "partitionKey");
  }

  Map<String, String> options() {
    SourceConfig.Kinesis k = config.kinesis();
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

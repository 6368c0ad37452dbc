package io.cardstream.streaming.source;

import io.cardstream.kinesis.KinesisOptions;
import io.cardstream.kinesis.KinesisSourceProvider;
import io.cardstream.streaming.SourceConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The project's own Kinesis source (module jobs/kinesis), which runs anywhere the SDK reaches a
 * Kinesis endpoint: AWS or the local emulator. A shard plays the part of a Kafka partition, a
 * sequence number that of an offset.
 */
public record CardstreamKinesisSource(SourceConfig config) implements Source {

  @Override
  public Dataset<Row> read(SparkSession spark) {
    return KinesisRows.select(
        spark.readStream().format(KinesisSourceProvider.class.getName()).options(options()).load(),
        "shardId");
  }

  Map<String, String> options() {
    SourceConfig.Kinesis k = config.kinesis();
    Map<String, String> o = new LinkedHashMap<>();
    o.put(KinesisOptions.STREAM, k.stream());
    o.put(KinesisOptions.REGION, k.region());
    if (k.endpoint() != null) {
      o.put(KinesisOptions.ENDPOINT, k.endpoint());
    }
    o.put(KinesisOptions.STARTING_POSITION, k.startingPosition());
    o.put(KinesisOptions.MAX_RECORDS_PER_TRIGGER, Long.toString(config.maxEventsPerTrigger()));
    return o;
  }
}

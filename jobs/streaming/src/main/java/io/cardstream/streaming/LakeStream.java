package io.cardstream.streaming;

import static org.apache.spark.sql.functions.col;

import io.cardstream.streaming.sink.BatchSink;
import io.cardstream.streaming.sink.ConcurrentSinks;
import io.cardstream.streaming.sink.DeltaSink;
import io.cardstream.streaming.sink.DynamoDbSink;
import io.cardstream.streaming.sink.LakeMessages;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The cold half of the stream: the rows the decisions query committed to the lake topic (read
 * read_committed, so a batch the decisions query aborted or has not committed yet is never seen)
 * into Delta bronze, silver and quarantine and DynamoDB, at the longer trigger. Every write is
 * idempotent per lake batch (Delta's txnAppId/txnVersion, DynamoDB's keyed puts), so a replayed
 * lake batch changes nothing: exactly once end to end with the decisions' Kafka transaction.
 */
public final class LakeStream {

  /** The lake query's name (the status listener and the Spark UI know it by this). */
  public static final String QUERY_NAME = "cardstream-lake";

  /** Lake messages per micro-batch at most, so a lake query that was down catches up in steps. */
  static final long MAX_ROWS_PER_BATCH = 500_000;

  private final StreamConfig config;
  private final BatchSink sinks;

  public LakeStream(StreamConfig config, BatchSink sinks) {
    this.config = config;
    this.sinks = sinks;
  }

  /** Delta bronze, quarantine and silver and DynamoDB, written concurrently. */
  public static BatchSink sinks(SinksConfig c) {
    return new ConcurrentSinks(
        List.of(
            DeltaSink.bronze(c.lake()),
            DeltaSink.quarantine(c.lake()),
            DeltaSink.silver(c.lake()),
            new DynamoDbSink(c.dynamodb())));
  }

  /** The lake query's checkpoint: a folder of the stream's own, so one location serves both. */
  public static String checkpoint(RunConfig run) {
    return run.checkpoint().replaceAll("/+$", "") + "/lake";
  }

  /** Starts the lake query; with available-now it ends once the lake topic is read to its end. */
  StreamingQuery start(SparkSession spark, StreamStatus status) throws TimeoutException {
    return SchedulerPools.start(spark, SchedulerPools.LAKE, () -> startInPool(spark, status));
  }

  private StreamingQuery startInPool(SparkSession spark, StreamStatus status)
      throws TimeoutException {
    RunConfig run = config.run();
    StreamingQuery query =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", config.sinks().kafkaBootstrap())
            .options(config.sinks().kafkaAuth().sparkOptions())
            .option("subscribe", config.sinks().lakeTopic())
            .option("startingOffsets", "earliest")
            .option("maxOffsetsPerTrigger", Long.toString(MAX_ROWS_PER_BATCH))
            // Only what the decisions query committed: its Kafka transaction is the hand-off.
            .option("kafka.isolation.level", "read_committed")
            .load()
            .select(
                LakeMessages.parse(col("value").cast("string")).as(LakeBatch.MESSAGE),
                col("timestamp").as(LakeBatch.HANDED_AT))
            .writeStream()
            .queryName(QUERY_NAME)
            .option("checkpointLocation", checkpoint(run))
            .trigger(
                run.availableNow()
                    ? Trigger.AvailableNow()
                    : Trigger.ProcessingTime(run.triggerSeconds() * 1000L))
            .foreachBatch(new LakeBatch(sinks, status, Duration.ofMinutes(run.sinkOutageMinutes())))
            .start();
    CloseOnTermination.register(spark, query, sinks::close);
    return query;
  }
}

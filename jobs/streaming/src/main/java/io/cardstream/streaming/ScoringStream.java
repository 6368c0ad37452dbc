package io.cardstream.streaming;

import io.cardstream.common.decision.DecisionEngine;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.privacy.PanTokenizer;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The scoring pipeline: source → parse + tokenize → per-card state → foreachBatch sinks. Takes its
 * session and configuration from the caller (the spark-submit main or the local CLI).
 */
public final class ScoringStream {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ScoringStream.class);

  private ScoringStream() {}

  /**
   * Stops the query once it has committed every Kafka offset that existed when this was called (the
   * "available now" run of the demo, tests and backfills). Returns when the query stops.
   */
  public static void runUntilCaughtUp(StreamingQuery q, StreamConfig c) throws Exception {
    java.util.Map<Integer, Long> target = endOffsets(c.kafkaBootstrap(), c.inputTopic());
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    while (q.isActive()) {
      org.apache.spark.sql.streaming.StreamingQueryProgress p = q.lastProgress();
      if (p != null && p.sources().length > 0 && p.sources()[0].endOffset() != null) {
        com.fasterxml.jackson.databind.JsonNode end =
            json.readTree(p.sources()[0].endOffset()).path(c.inputTopic());
        boolean done =
            target.entrySet().stream()
                .allMatch(e -> end.path(Integer.toString(e.getKey())).asLong(-1) >= e.getValue());
        if (done) {
          LOG.info("caught up with offsets {}; stopping", target);
          // Stop between triggers, not in the middle of one (the empty batches a state timeout
          // schedules would otherwise be interrupted while committing their state).
          long deadline = System.nanoTime() + 30_000_000_000L;
          while (q.status().isTriggerActive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
          }
          q.stop();
          break;
        }
      }
      q.awaitTermination(1000);
    }
    q.awaitTermination();
  }

  private static java.util.Map<Integer, Long> endOffsets(String bootstrap, String topic) {
    java.util.Properties p = new java.util.Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put(
        "key.deserializer",
        org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
    p.put(
        "value.deserializer",
        org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
    try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(p)) {
      java.util.List<org.apache.kafka.common.TopicPartition> parts =
          consumer.partitionsFor(topic, java.time.Duration.ofSeconds(30)).stream()
              .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition()))
              .toList();
      java.util.Map<Integer, Long> out = new java.util.HashMap<>();
      consumer.endOffsets(parts).forEach((tp, o) -> out.put(tp.partition(), o));
      return out;
    }
  }

  public static StreamingQuery start(SparkSession spark, StreamConfig c, PanTokenizer tokenizer)
      throws TimeoutException {
    // RocksDB keeps large per-card state off the JVM heap.
    spark
        .conf()
        .set(
            "spark.sql.streaming.stateStore.providerClass",
            "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider");
    // Without this, the processing-time state timeout makes Spark run a batch with no data on
    // every trigger, and an AvailableNow query never ends: it keeps running empty batches back to
    // back. Idle-card expiry then happens in the next batch with data, which is all it needs.
    spark.conf().set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
    // Delta collects min/max statistics on the first 32 columns of every file it writes, which
    // costs ~0.4 s of each ~1.8 s append here (measured with bench/run streaming). Bronze and
    // silver keep them on their leading columns only: trans_num, event_time, card_id, card_last4,
    // merchant, the ones point look-ups filter on (quarantine: reason, detail, payload, source,
    // source_partition). This is a session default, so other Delta tables this session creates
    // later get it too (the demo's gold tables). A value set by the user wins.
    String statsColumns = "spark.databricks.delta.properties.defaults.dataSkippingNumIndexedCols";
    if (!spark.conf().contains(statsColumns)) {
      spark.conf().set(statsColumns, "5");
    }
    RuleSet rules =
        c.rulesFile() == null ? RuleSet.defaults() : RuleSet.load(Path.of(c.rulesFile()));
    DecisionEngine engine = new DecisionEngine(rules);

    Dataset<Row> parsed =
        EventParsing.parse(Sources.read(spark, c), tokenizer, ReaderOptions.defaults());
    Dataset<Row> featured = CardStateFunction.apply(parsed, c.stateIdleDays());

    // One status listener per session: a listener sees every query, so a second one (a restart
    // in the same JVM) would log each batch twice.
    for (org.apache.spark.sql.streaming.StreamingQueryListener l :
        spark.streams().listListeners()) {
      if (l instanceof StreamStatus) {
        spark.streams().removeListener(l);
      }
    }
    spark
        .streams()
        .addListener(new StreamStatus(c.statusFile() == null ? null : Path.of(c.statusFile())));
    Trigger trigger =
        c.availableNow()
            ? Trigger.AvailableNow()
            : Trigger.ProcessingTime(c.triggerSeconds() * 1000L);
    BatchWriter writer = BatchWriter.create(c, engine, spark.sparkContext().hadoopConfiguration());
    StreamingQuery query =
        featured
            .writeStream()
            .queryName("cardstream-scoring")
            .option("checkpointLocation", c.checkpoint())
            .trigger(trigger)
            .foreachBatch(writer)
            .start();
    // The writer's transactional Kafka producer lives as long as the query: close it when the
    // query ends, or it keeps reconnecting to the broker for the rest of the JVM's life.
    spark.streams().addListener(new CloseOnTermination(spark, query.id(), writer));
    if (!query.isActive()) {
      // It ended before the listener was there to see it.
      writer.close();
    }
    return query;
  }

  /** Closes a query's batch writer when that query terminates. */
  private static final class CloseOnTermination extends StreamingQueryListener {
    private final SparkSession spark;
    private final java.util.UUID id;
    private final BatchWriter writer;

    CloseOnTermination(SparkSession spark, java.util.UUID id, BatchWriter writer) {
      this.spark = spark;
      this.id = id;
      this.writer = writer;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {}

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
      if (event.id().equals(id)) {
        writer.close();
        spark.streams().removeListener(this);
      }
    }
  }
}

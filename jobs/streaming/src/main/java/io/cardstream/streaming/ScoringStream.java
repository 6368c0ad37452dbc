package io.cardstream.streaming;

import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.streaming.control.Controls;
import io.cardstream.streaming.control.KafkaControls;
import io.cardstream.streaming.sink.BatchSink;
import io.cardstream.streaming.sink.ConcurrentSinks;
import io.cardstream.streaming.sink.DeltaSink;
import io.cardstream.streaming.sink.DynamoDbSink;
import io.cardstream.streaming.sink.TopicsSink;
import io.cardstream.streaming.source.CardstreamKinesisSource;
import io.cardstream.streaming.source.EmrKinesisSource;
import io.cardstream.streaming.source.KafkaSource;
import io.cardstream.streaming.source.Source;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The scoring pipeline, stage by stage: {@link Source} → {@link EventParsing} (parse, validate,
 * tokenize) → {@link CardStateFunction} (per-card state and features) → {@link Decide} (model and
 * rules, per micro-batch) → {@link BatchSink}s. It takes its source, its control plane (rules and
 * flags, read between micro-batches) and its sinks as arguments: {@link #onServices} wires the real
 * ones (Kafka or Kinesis in; the control topics; Delta, DynamoDB and topics out), tests wire
 * in-memory ones.
 */
public final class ScoringStream {

  /** The scoring query's name (the status listener and the Spark UI know it by this). */
  public static final String QUERY_NAME = "cardstream-scoring";

  private final StreamConfig config;
  private final Source source;
  private final Controls controls;
  private final BatchSink sinks;
  private final PanTokenizer tokenizer;

  public ScoringStream(
      StreamConfig config,
      Source source,
      Controls controls,
      BatchSink sinks,
      PanTokenizer tokenizer) {
    this.config = config;
    this.source = source;
    this.controls = controls;
    this.sinks = sinks;
    this.tokenizer = tokenizer;
  }

  /** The stream on its real source, control topics and sinks, as configured. */
  public static ScoringStream onServices(StreamConfig c, PanTokenizer tokenizer) {
    return new ScoringStream(c, source(c.source()), controls(c), sinks(c.sinks()), tokenizer);
  }

  /**
   * The control topics on the sinks' Kafka, starting from the configured rules (the {@code --rules}
   * file or the seed rules) until a rules document is published.
   */
  public static Controls controls(StreamConfig c) {
    return new KafkaControls(
        c.sinks().kafkaBootstrap(), c.sinks().kafkaAuth(), initialRules(c.scoring()));
  }

  /** The {@code --rules} file, or the seed rules. */
  public static RuleSet initialRules(StreamConfig.Scoring c) {
    return c.rulesFile() == null ? RuleSet.defaults() : RuleSet.load(Path.of(c.rulesFile()));
  }

  /** The configured source: Kafka, or the Kinesis connector EMR pre-installs. */
  public static Source source(StreamConfig.Source c) {
    if (!c.isKinesis()) {
      return new KafkaSource(c);
    }
    return c.kinesis().onEmr() ? new EmrKinesisSource(c) : new CardstreamKinesisSource(c);
  }

  /** Delta bronze, quarantine and silver, DynamoDB and the topics, written concurrently. */
  public static BatchSink sinks(StreamConfig.Sinks c) {
    return new ConcurrentSinks(
        List.of(
            DeltaSink.bronze(c.lake()),
            DeltaSink.quarantine(c.lake()),
            DeltaSink.silver(c.lake()),
            new DynamoDbSink(c.dynamodb()),
            new TopicsSink(c.kafkaBootstrap(), c.kafkaAuth())));
  }

  /** Starts the query and returns it running. */
  public StreamingQuery start(SparkSession spark) throws TimeoutException {
    configure(spark);
    Decide decide =
        new Decide(
            controls,
            new ModelRegistry(
                config.scoring().registry(), spark.sparkContext().hadoopConfiguration()));

    Dataset<Row> parsed =
        EventParsing.parse(source.read(spark), tokenizer, config.source().reader());
    Dataset<Row> featured = CardStateFunction.apply(parsed, config.scoring().stateIdleDays());

    StreamStatus status = status(spark);
    StreamConfig.Run run = config.run();
    Trigger trigger =
        run.availableNow()
            ? Trigger.AvailableNow()
            : Trigger.ProcessingTime(run.triggerSeconds() * 1000L);
    StreamingQuery query =
        featured
            .writeStream()
            .queryName(QUERY_NAME)
            .option("checkpointLocation", run.checkpoint())
            .trigger(trigger)
            .foreachBatch(
                new MicroBatch(
                    decide, sinks, status, java.time.Duration.ofMinutes(run.sinkOutageMinutes())))
            .start();
    // The sinks' clients (the topics' transactional producer) live as long as the query: close
    // them when it ends, or they keep reconnecting to the broker for the rest of the JVM's life.
    spark.streams().addListener(new CloseOnTermination(spark, query.id(), this::close));
    if (!query.isActive()) {
      // It ended before the listener was there to see it.
      close();
    }
    return query;
  }

  /**
   * Runs the query to its end: with {@code --available-now}, until what the source held at the
   * start is processed; otherwise until it is stopped or fails.
   */
  public void run(SparkSession spark) throws TimeoutException, StreamingQueryException {
    start(spark).awaitTermination();
  }

  /** Closes the sinks' and the control plane's clients (reopened if the stream starts again). */
  private void close() {
    sinks.close();
    controls.close();
  }

  private static void configure(SparkSession spark) {
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
  }

  /**
   * The session's one status listener, new for this query: a listener sees every query, so a second
   * one (a restart in the same JVM) would log each batch twice.
   */
  private StreamStatus status(SparkSession spark) {
    for (StreamingQueryListener l : spark.streams().listListeners()) {
      if (l instanceof StreamStatus) {
        spark.streams().removeListener(l);
      }
    }
    String file = config.run().statusFile();
    StreamStatus status = new StreamStatus(file == null ? null : Path.of(file));
    spark.streams().addListener(status);
    return status;
  }

  /** Closes a query's clients when that query terminates. */
  private static final class CloseOnTermination extends StreamingQueryListener {
    private final SparkSession spark;
    private final java.util.UUID id;
    private final Runnable close;

    CloseOnTermination(SparkSession spark, java.util.UUID id, Runnable close) {
      this.spark = spark;
      this.id = id;
      this.close = close;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {}

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
      if (event.id().equals(id)) {
        close.run();
        spark.streams().removeListener(this);
      }
    }
  }
}

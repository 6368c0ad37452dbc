package io.cardstream.streaming;

import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.streaming.control.Controls;
import io.cardstream.streaming.control.KafkaControls;
import io.cardstream.streaming.sink.BatchSink;
import io.cardstream.streaming.sink.TopicsSink;
import io.cardstream.streaming.source.CardstreamKinesisSource;
import io.cardstream.streaming.source.EmrKinesisSource;
import io.cardstream.streaming.source.KafkaSource;
import io.cardstream.streaming.source.Source;
import java.nio.file.Path;
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
 * rules, per micro-batch) → {@link BatchSink}s. That is the decisions query, at a short trigger; on
 * the real services its sink is the decision, alert and dead-letter topics plus the lake topic, in
 * one Kafka transaction, and a second query, the {@link LakeStream}, takes the lake topic into
 * Delta and DynamoDB at a longer trigger. It takes its source, its control plane (rules and flags,
 * read between micro-batches), its sinks and its lake query as arguments: {@link #onServices} wires
 * the real ones, tests wire in-memory ones (and no lake query).
 */
public final class ScoringStream {

  /** The decisions query's name (the status listener and the Spark UI know it by this). */
  public static final String QUERY_NAME = "cardstream-decisions";

  private final StreamConfig config;
  private final Source source;
  private final Controls controls;
  private final BatchSink sinks;
  private final PanTokenizer tokenizer;
  private final LakeStream lake;

  /** The decisions query alone, on these sinks. */
  public ScoringStream(
      StreamConfig config,
      Source source,
      Controls controls,
      BatchSink sinks,
      PanTokenizer tokenizer) {
    this(config, source, controls, sinks, null, tokenizer);
  }

  /** The decisions query on these sinks and the lake query ({@code lake} null: none). */
  public ScoringStream(
      StreamConfig config,
      Source source,
      Controls controls,
      BatchSink sinks,
      LakeStream lake,
      PanTokenizer tokenizer) {
    this.config = config;
    this.source = source;
    this.controls = controls;
    this.sinks = sinks;
    this.lake = lake;
    this.tokenizer = tokenizer;
  }

  /** The stream on its real source, control topics and sinks, as configured. */
  public static ScoringStream onServices(StreamConfig c, PanTokenizer tokenizer) {
    return new ScoringStream(
        c,
        source(c.source()),
        controls(c),
        sinks(c.sinks()),
        new LakeStream(c, LakeStream.sinks(c.sinks())),
        tokenizer);
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
  public static RuleSet initialRules(ScoringConfig c) {
    return c.rulesFile() == null ? RuleSet.defaults() : RuleSet.load(Path.of(c.rulesFile()));
  }

  /** The configured source: Kafka, or the Kinesis connector EMR pre-installs. */
  public static Source source(SourceConfig c) {
    if (!c.isKinesis()) {
      return new KafkaSource(c);
    }
    return c.kinesis().onEmr() ? new EmrKinesisSource(c) : new CardstreamKinesisSource(c);
  }

  /**
   * The decisions query's sink: the decision, alert and dead-letter topics and the lake topic, in
   * one Kafka transaction per micro-batch.
   */
  public static BatchSink sinks(SinksConfig c) {
    return new TopicsSink(c.kafkaBootstrap(), c.kafkaAuth(), c.lakeTopic());
  }

  /**
   * Starts the configured queries ({@link RunConfig#queries}) and returns them running, as one
   * handle when both run ({@link BothQueries}).
   */
  public StreamingQuery start(SparkSession spark) throws TimeoutException {
    configure(spark);
    StreamStatus status = status(spark);
    RunConfig.Queries queries = config.run().queries();
    boolean withLake = lake != null && queries.lake();
    if (!queries.decisions()) {
      if (!withLake) {
        throw new IllegalStateException("--queries lake, but no lake query is wired");
      }
      close(); // this application's decisions clients are not used
      return lake.start(spark, status);
    }
    StreamingQuery decisions =
        SchedulerPools.start(spark, SchedulerPools.DECISIONS, () -> startDecisions(spark, status));
    if (!withLake) {
      return decisions;
    }
    SchedulerPools.warnIfFifo(spark);
    if (config.run().availableNow()) {
      return BothQueries.oneAfterTheOther(decisions, () -> lake.start(spark, status));
    }
    return BothQueries.together(decisions, lake.start(spark, status));
  }

  private StreamingQuery startDecisions(SparkSession spark, StreamStatus status)
      throws TimeoutException {
    Decide decide =
        new Decide(
            controls,
            new ModelRegistry(
                config.scoring().registry(), spark.sparkContext().hadoopConfiguration()));

    Dataset<Row> parsed =
        EventParsing.parse(source.read(spark), tokenizer, config.source().reader());
    Dataset<Row> featured = CardStateFunction.apply(parsed, config.scoring().stateIdleDays());

    RunConfig run = config.run();
    Trigger trigger =
        run.availableNow()
            ? Trigger.AvailableNow()
            : Trigger.ProcessingTime(run.decisionTriggerMillis());
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
    CloseOnTermination.register(spark, query, this::close);
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
}

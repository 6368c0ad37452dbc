package io.cardstream.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.contract.TransactionSchema;
import io.cardstream.common.decision.Decision;
import io.cardstream.common.decision.DecisionEngine;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.streaming.sink.DynamoDbBatchWriter;
import io.cardstream.streaming.sink.DynamoItems;
import io.cardstream.streaming.sink.KafkaTopicSink;
import io.cardstream.streaming.sink.Tasks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sinks of one micro-batch, in an order that makes a replayed batch change nothing: Delta
 * bronze, quarantine and silver are appended with {@code txnAppId = query id} and {@code txnVersion
 * = batch id} (Delta skips a version it has seen), DynamoDB items have deterministic keys, and the
 * topics are written in a Kafka transaction with a batch marker. Only then may Spark commit the
 * checkpoint.
 */
final class BatchWriter implements VoidFunction2<Dataset<Row>, Long>, AutoCloseable {

  /** Per-batch numbers for the progress listener, keyed by batch id. */
  record BatchStats(
      long valid,
      long quarantined,
      Map<String, Long> decisions,
      String modelVersion,
      boolean topicsWritten,
      Map<String, Long> stepMillis) {}

  static final Map<Long, BatchStats> STATS = new ConcurrentHashMap<>();

  /**
   * BatchWriteItem calls in flight per partition: one call takes a round trip, so a sequential
   * writer is bound by latency, not by the table's capacity.
   */
  static final int DYNAMODB_CALLS_IN_FLIGHT = 8;

  /** Rows per Delta data file a micro-batch writes (before splitting by event date). */
  static final long ROWS_PER_FILE = 250_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StreamConfig config;
  private final DecisionEngine engine;
  private final ChampionModel champion;
  private KafkaTopicSink topics;

  private BatchWriter(StreamConfig config, DecisionEngine engine, ChampionModel champion) {
    this.config = config;
    this.engine = engine;
    this.champion = champion;
  }

  static BatchWriter create(
      StreamConfig config, DecisionEngine engine, org.apache.hadoop.conf.Configuration hadoop) {
    return new BatchWriter(
        config, engine, new ChampionModel(new ModelRegistry(config.registry(), hadoop)));
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) throws Exception {
    String queryId = batch.sparkSession().sparkContext().getLocalProperty("sql.streaming.queryId");
    String appId = "cardstream-scoring-" + queryId;
    Dataset<Row> rows = batch.persist();
    try {
      // count() computes and caches every partition once: the stateful operator upstream must not
      // run again for this batch (a partial action such as isEmpty() would leave partitions
      // uncached, and recomputing them contends for the RocksDB state store).
      Map<String, Long> steps = Collections.synchronizedMap(new LinkedHashMap<>());
      long t = System.nanoTime();
      long total = rows.count();
      if (total == 0) {
        return;
      }
      // Files per Delta write: one per ROWS_PER_FILE rows (at least one), instead of one per
      // input partition and date. Small micro-batches would otherwise make many tiny files, and
      // each file costs a task and a writer.
      // (coalesce never adds partitions, so a small batch keeps its own.)
      int files = (int) (1 + total / ROWS_PER_FILE);
      t = lap(steps, "state+parse", t);
      Dataset<Row> valid = rows.filter(col(EventParsing.REJECT_REASON).isNull());
      Dataset<Row> rejected = rows.filter(col(EventParsing.REJECT_REASON).isNotNull());

      Optional<ChampionModel.Loaded> model = champion.refresh();
      Dataset<Row> silver =
          Scoring.score(
                  valid.drop(
                      EventParsing.REJECT_REASON,
                      EventParsing.REJECT_DETAIL,
                      EventParsing.MASKED_PAYLOAD),
                  model,
                  engine)
              .withColumn("event_date", to_date(col("event_time")))
              // Lineage: which micro-batch scored the row (also gives end-to-end latency).
              .withColumn("batch_id", org.apache.spark.sql.functions.lit(batchId))
              .persist();
      // Scoring keeps one row per valid row, so the rest of the batch is the rejects.
      long rejectedCount = total - silver.count();
      lap(steps, "score", t);

      List<String> bronzeCols =
          new ArrayList<>(Arrays.asList(TransactionSchema.TOKENIZED.fieldNames()));
      bronzeCols.addAll(Arrays.asList(EventParsing.METADATA.fieldNames()));
      Dataset<Row> bronze =
          valid
              .select(cols(bronzeCols))
              // The age feature replaced the input column (-1 = unknown); bronze keeps the input.
              .withColumn("age", when(col("age").geq(0), col("age").cast("int")))
              .withColumn("event_date", to_date(col("event_time")));
      Dataset<Row> quarantine =
          rejected.select(
              col(EventParsing.REJECT_REASON).as("reason"),
              col(EventParsing.REJECT_DETAIL).as("detail"),
              col(EventParsing.MASKED_PAYLOAD).as("payload"),
              col("source"),
              col("source_partition"),
              col("source_offset"),
              col("produce_time"),
              col("ingest_time"),
              to_date(col("ingest_time")).as("ingest_date"));
      // The sinks are independent and each is idempotent on its own, so they run concurrently: a
      // Delta commit is mostly driver-side waiting, which overlaps with the other sinks' work.
      // All of them finish before this method returns, i.e. before Spark commits the batch.
      Map<String, Runnable> sinks = new LinkedHashMap<>();
      sinks.put(
          "bronze",
          () -> appendDelta(bronze.coalesce(files), "bronze/transactions", appId, batchId));
      if (rejectedCount > 0) {
        sinks.put(
            "quarantine",
            () ->
                appendDelta(quarantine, "quarantine/transactions", appId, batchId, "ingest_date"));
      }
      sinks.put(
          "silver",
          () -> appendDelta(silver.coalesce(files), "silver/scored_transactions", appId, batchId));
      sinks.put("dynamodb", () -> writeDynamo(silver));
      // The topics have their own batch marker, so they need not wait for the other sinks.
      AtomicReference<TopicsWritten> topicsWritten = new AtomicReference<>();
      sinks.put("topics", () -> topicsWritten.set(writeTopics(queryId, batchId, silver, rejected)));
      runAll(sinks, steps);
      TopicsWritten written = topicsWritten.get();

      STATS.put(
          batchId,
          new BatchStats(
              written.decided(),
              written.dlq(),
              written.decisions(),
              model.map(ChampionModel.Loaded::version).orElse(DecisionEngine.NO_MODEL),
              written.sent(),
              new LinkedHashMap<>(steps)));
      silver.unpersist();
      injectFailureOnce(batchId);
    } finally {
      rows.unpersist();
    }
  }

  /** What the topics sink wrote: decided rows, dead letters, decisions, and whether it sent. */
  private record TopicsWritten(long decided, long dlq, Map<String, Long> decisions, boolean sent) {}

  /**
   * Decisions to the approved/declined/alerts topics and rejects to the DLQ, in one Kafka
   * transaction with the batch marker (a replayed batch that was sent is not sent again).
   */
  private TopicsWritten writeTopics(
      String queryId, long batchId, Dataset<Row> silver, Dataset<Row> rejected) {
    List<Row> decided =
        silver
            .select(
                "trans_num",
                "card_id",
                "card_last4",
                "event_time",
                "amt",
                "merchant",
                "category",
                "score",
                "decision",
                "reasons",
                "rule_ids",
                "model_version",
                "rules_version",
                "produce_time")
            .collectAsList();
    List<KafkaTopicSink.Message> messages = new ArrayList<>();
    Map<String, Long> decisions =
        new LinkedHashMap<>(
            Map.of(Decision.APPROVE, 0L, Decision.REVIEW, 0L, Decision.DECLINE, 0L));
    for (Row r : decided) {
      String d = r.getAs("decision");
      decisions.merge(d, 1L, Long::sum);
      String json = decisionJson(r);
      String key = r.getAs("trans_num");
      if (Decision.APPROVE.equals(d)) {
        messages.add(new KafkaTopicSink.Message(StreamConfig.TOPIC_APPROVED, key, json));
      } else {
        messages.add(new KafkaTopicSink.Message(StreamConfig.TOPIC_DECLINED, key, json));
        messages.add(new KafkaTopicSink.Message(StreamConfig.TOPIC_ALERTS, key, json));
      }
    }
    List<Row> dlq =
        rejected
            .select(
                EventParsing.REJECT_REASON,
                EventParsing.REJECT_DETAIL,
                EventParsing.MASKED_PAYLOAD,
                "source",
                "source_partition",
                "source_offset")
            .collectAsList();
    for (Row r : dlq) {
      ObjectNode n = JSON.createObjectNode();
      n.put("reason", r.getString(0));
      n.put("detail", r.getString(1));
      n.put("payload", r.getString(2));
      n.put("source", r.getString(3));
      n.put("source_partition", r.getString(4));
      n.put("source_offset", r.getString(5));
      messages.add(
          new KafkaTopicSink.Message(
              StreamConfig.TOPIC_DLQ,
              r.getString(3) + "/" + r.getString(4) + "/" + r.getString(5),
              n.toString()));
    }
    boolean sent = topics(queryId).write(batchId, messages);
    return new TopicsWritten(decided.size(), dlq.size(), decisions, sent);
  }

  /** Runs every sink on its own thread, times each, and rethrows the first failure. */
  private static void runAll(Map<String, Runnable> sinks, Map<String, Long> steps) {
    ExecutorService pool = Executors.newFixedThreadPool(sinks.size());
    try {
      List<Future<?>> running = new ArrayList<>();
      sinks.forEach(
          (name, sink) ->
              running.add(
                  pool.submit(
                      () -> {
                        long start = System.nanoTime();
                        sink.run();
                        lap(steps, name, start);
                      })));
      Tasks.awaitAll(running, "writing the sinks of a batch");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Records the milliseconds since {@code start} under {@code step}; returns now. */
  private static long lap(Map<String, Long> steps, String step, long start) {
    long now = System.nanoTime();
    steps.put(step, (now - start) / 1_000_000);
    return now;
  }

  /** Closes the Kafka producer, if a batch opened one. */
  @Override
  public synchronized void close() {
    if (topics != null) {
      topics.close();
      topics = null;
    }
  }

  private synchronized KafkaTopicSink topics(String queryId) {
    if (topics == null) {
      topics =
          new KafkaTopicSink(config.kafkaBootstrap(), StreamConfig.TOPIC_SINK_COMMITS, queryId);
    }
    return topics;
  }

  private void appendDelta(Dataset<Row> df, String table, String appId, long batchId) {
    appendDelta(df, table, appId, batchId, "event_date");
  }

  private void appendDelta(
      Dataset<Row> df, String table, String appId, long batchId, String partition) {
    df.write()
        .format("delta")
        .mode(SaveMode.Append)
        .partitionBy(partition)
        // Delta records (txnAppId, txnVersion) in the commit and skips a version it has seen.
        .option("txnAppId", appId + "/" + table)
        .option("txnVersion", batchId)
        .save(config.lakePath(table));
  }

  private void writeDynamo(Dataset<Row> silver) {
    String endpoint = config.dynamodbEndpoint();
    String region = config.dynamodbRegion();
    String txTable = config.table(DynamoItems.TRANSACTIONS);
    String auditTable = config.table(DynamoItems.FRAUD_AUDIT);
    silver.foreachPartition(
        (ForeachPartitionFunction<Row>)
            it -> {
              List<Map<String, AttributeValue>> tx = new ArrayList<>();
              List<Map<String, AttributeValue>> audit = new ArrayList<>();
              while (it.hasNext()) {
                Row r = it.next();
                tx.add(DynamoItems.transaction(r));
                if (!Decision.APPROVE.equals(r.getAs("decision"))) {
                  audit.add(DynamoItems.audit(r));
                }
              }
              if (tx.isEmpty()) {
                return;
              }
              try (DynamoDbBatchWriter w =
                  new DynamoDbBatchWriter(
                      DynamoDbBatchWriter.client(endpoint, region),
                      10,
                      50,
                      DYNAMODB_CALLS_IN_FLIGHT)) {
                w.putAll(txTable, tx, DynamoItems.TRANSACTIONS_KEY);
                w.putAll(auditTable, audit, DynamoItems.FRAUD_AUDIT_KEY);
              }
            });
  }

  private static String decisionJson(Row r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("trans_num", (String) r.getAs("trans_num"));
    n.put("card_id", (String) r.getAs("card_id"));
    n.put("card_last4", (String) r.getAs("card_last4"));
    n.put("event_time", ((java.sql.Timestamp) r.getAs("event_time")).toInstant().toString());
    n.put("amt", (Double) r.getAs("amt"));
    n.put("merchant", (String) r.getAs("merchant"));
    n.put("category", (String) r.getAs("category"));
    Object score = r.getAs("score");
    if (score != null) {
      n.put("score", (Double) score);
    }
    n.put("decision", (String) r.getAs("decision"));
    n.set("reasons", JSON.valueToTree(r.getList(r.fieldIndex("reasons"))));
    n.set("rule_ids", JSON.valueToTree(r.getList(r.fieldIndex("rule_ids"))));
    n.put("model_version", (String) r.getAs("model_version"));
    n.put("rules_version", (String) r.getAs("rules_version"));
    java.sql.Timestamp produced = r.getAs("produce_time");
    if (produced != null) {
      n.put("produce_time", produced.toInstant().toString());
    }
    return n.toString();
  }

  /** Test hook: fail once, after every sink of the batch wrote and before the checkpoint commit. */
  private void injectFailureOnce(long batchId) throws IOException {
    if (config.failAfterSinksOnBatch() != batchId) {
      return;
    }
    Path marker = new Path(config.checkpoint(), "_injected_failure_" + batchId);
    FileSystem fs = marker.getFileSystem(new org.apache.hadoop.conf.Configuration());
    if (fs.exists(marker)) {
      return;
    }
    fs.create(marker, true).close();
    throw new IllegalStateException(
        "injected failure after the sinks of batch "
            + batchId
            + " wrote, before the checkpoint commit");
  }

  private static Column[] cols(List<String> names) {
    return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }
}

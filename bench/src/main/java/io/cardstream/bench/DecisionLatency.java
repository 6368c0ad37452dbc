package io.cardstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.streaming.LakeStream;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import io.cardstream.streaming.sink.ConcurrentSinks;
import io.cardstream.streaming.sink.TopicsSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Issue 29's figures, measured as Spark's own Kafka benchmarks do: events sent at a steady rate
 * with their CreateTime; a decision's latency is its record's CreateTime (set by the stream's
 * transactional producer) minus its event's. The lake's freshness is the Delta commit that made a
 * row visible in silver minus its event's CreateTime. The split design (decisions query + lake
 * query) and the single query before it run on the same events in the same run.
 */
final class DecisionLatency {

  /**
   * One design's figures.
   *
   * @param visibleP99 to the moment a read_committed consumer got the decision (after the commit)
   * @param decided of the {@code sent} events, those decided within 3 minutes of the last one sent
   *     (a design that falls behind decides fewer: its percentiles are of those alone)
   * @param throughput events/s from a backlog to every row in silver, DynamoDB and the topics
   */
  record Figures(
      double p50,
      double p99,
      double visibleP99,
      double lakeP50,
      double lakeP99,
      long sent,
      long decided,
      double throughput) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Distinct cards the paced events go to. */
  private static final int CARDS = 20_000;

  private final SparkSession spark;
  private final Path dir;
  private final Endpoints e;
  private final String registry;
  private final PanTokenizer tokenizer;
  private final List<String> messages;

  DecisionLatency(
      SparkSession spark,
      Path dir,
      Endpoints e,
      String registry,
      PanTokenizer tokenizer,
      List<String> messages) {
    this.spark = spark;
    this.dir = dir;
    this.e = e;
    this.registry = registry;
    this.tokenizer = tokenizer;
    this.messages = messages;
  }

  /**
   * The design ({@code split}: two queries; else the one query with every sink) paced at {@code
   * rate} events/s for {@code seconds}, then from a backlog of {@code backlog} events.
   */
  Figures measure(String name, boolean split, int rate, int seconds, int backlog) throws Exception {
    Map<String, Long> sent = new ConcurrentHashMap<>();
    Map<String, long[]> decided = new ConcurrentHashMap<>();
    StreamConfig c = config(name + "-paced", split, StreamConfig.DEFAULT_TRIGGER_SECONDS);
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread reader = decisions(decided, reading);
    StreamingQuery q = start(c, split);
    try {
      send(c.source().topic(), name + "p", rate, seconds, sent);
      long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
      while (decided.size() < sent.size() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      waitForSilver(c, sent.size(), Duration.ofSeconds(c.run().triggerSeconds() + 120L));
    } finally {
      reading.set(false);
      reader.join();
      q.stop();
    }
    double[] decision = new double[decided.size()];
    double[] visible = new double[decided.size()];
    int i = 0;
    for (Map.Entry<String, long[]> d : decided.entrySet()) {
      Long in = sent.get(d.getKey());
      if (in != null) {
        decision[i] = d.getValue()[0] - in;
        visible[i++] = d.getValue()[1] - in;
      }
    }
    decision = java.util.Arrays.copyOf(decision, i);
    visible = java.util.Arrays.copyOf(visible, i);
    java.util.Arrays.sort(decision);
    java.util.Arrays.sort(visible);
    double[] lake = freshness(c, sent);

    // Throughput with every sink: a backlog on the topic, then the clock runs until silver holds
    // every event (the decisions are on their topics before that). The lake query at a 1 s
    // trigger, so that it runs back to back while behind, as the single query does.
    StreamConfig b = config(name + "-backlog", split, 1);
    send(b.source().topic(), name + "b", 0, backlog, new ConcurrentHashMap<>());
    long t0 = System.nanoTime();
    StreamingQuery bq = start(b, split);
    try {
      waitForSilver(b, backlog, Duration.ofMinutes(6));
    } finally {
      bq.stop();
    }
    double throughput = backlog / ((System.nanoTime() - t0) / 1e9);
    return new Figures(
        pct(decision, 0.50),
        pct(decision, 0.99),
        pct(visible, 0.99),
        pct(lake, 0.50),
        pct(lake, 0.99),
        sent.size(),
        i,
        throughput);
  }

  private StreamConfig config(String name, boolean split, int lakeTriggerSeconds) throws Exception {
    String input = "bench-" + name;
    String lakeTopic = Topics.LAKE + "-" + name;
    try (var admin = KafkaClients.admin(e.kafkaBootstrap(), e.kafkaAuth(), Map.of())) {
      admin
          .createTopics(
              List.of(new NewTopic(input, 2, (short) 1), new NewTopic(lakeTopic, 2, (short) 1)))
          .all()
          .get();
    }
    return StreamConfig.builder()
        .kafkaBootstrap(e.kafkaBootstrap())
        .dynamodb(e.dynamodb())
        .inputTopic(input)
        .lakeTopic(lakeTopic)
        .lakeRoot(dir.resolve("lake-" + name).toUri().toString())
        .checkpoint(dir.resolve("checkpoint-" + name).toUri().toString())
        .registry(registry)
        .triggerSeconds(lakeTriggerSeconds)
        // The single query as it ran before the split: its default 5 s trigger.
        .decisionTriggerMillis(split ? StreamConfig.DEFAULT_DECISION_TRIGGER_MS : 5_000)
        .build();
  }

  private StreamingQuery start(StreamConfig c, boolean split) throws Exception {
    if (split) {
      return ScoringStream.onServices(c, tokenizer).start(spark);
    }
    // Before the split: one query whose micro-batch writes Delta, DynamoDB and the topics.
    return new ScoringStream(
            c,
            ScoringStream.source(c.source()),
            ScoringStream.controls(c),
            new ConcurrentSinks(
                List.of(
                    LakeStream.sinks(c.sinks()),
                    new TopicsSink(c.sinks().kafkaBootstrap(), c.sinks().kafkaAuth()))),
            tokenizer)
        .start(spark);
  }

  /**
   * Sends {@code count} events ({@code rate} 0: all at once, else {@code rate} a second for {@code
   * count} seconds), each a new id and today's time, keeping each id's CreateTime.
   */
  private void send(String topic, String tag, int rate, int count, Map<String, Long> sent)
      throws Exception {
    long total = rate == 0 ? count : (long) rate * count;
    long start = System.currentTimeMillis();
    try (KafkaProducer<String, String> p =
        KafkaClients.producer(e.kafkaBootstrap(), e.kafkaAuth(), Map.of("linger.ms", 2))) {
      for (long n = 0; n < total; n++) {
        if (rate > 0) {
          long due = start + n * 1000 / rate;
          long wait = due - System.currentTimeMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
        }
        ObjectNode event = (ObjectNode) JSON.readTree(messages.get((int) (n % messages.size())));
        String id = event.path("trans_num").asText() + "-" + tag + n;
        event.put("trans_num", id);
        // Live traffic spread over many cards (each sees an event every CARDS / rate seconds),
        // not the file's few hundred cards at 1,000 events/s, which would flag every event.
        event.put("cc_num", String.format("4%015d", 400_000_000L + n % CARDS));
        long now = System.currentTimeMillis();
        event.put("event_time", Instant.ofEpochMilli(now).toString());
        sent.put(id, now);
        p.send(new ProducerRecord<>(topic, null, now, id, event.toString()));
      }
    }
  }

  /** Reads the decision topics from their ends now: per id, its CreateTime and when it came. */
  private Thread decisions(Map<String, long[]> out, AtomicBoolean reading) {
    KafkaConsumer<String, String> c =
        KafkaClients.consumer(e.kafkaBootstrap(), e.kafkaAuth(), Map.of());
    List<TopicPartition> parts =
        new java.util.ArrayList<>(KafkaClients.partitions(c, Topics.APPROVED));
    parts.addAll(KafkaClients.partitions(c, Topics.DECLINED));
    c.assign(parts);
    c.seekToEnd(parts);
    parts.forEach(c::position);
    Thread t =
        new Thread(
            () -> {
              try (c) {
                while (reading.get()) {
                  for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                    out.put(r.key(), new long[] {r.timestamp(), System.currentTimeMillis()});
                  }
                }
              }
            },
            "bench-decisions");
    t.start();
    return t;
  }

  /** Waits until silver holds {@code rows}; false when it did not within {@code limit}. */
  private boolean waitForSilver(StreamConfig c, long rows, Duration limit) throws Exception {
    String path = c.sinks().lake().path(LakeTable.SILVER);
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (io.delta.tables.DeltaTable.isDeltaTable(spark, path)
          && spark.read().format("delta").load(path).count() >= rows) {
        return true;
      }
      Thread.sleep(1000);
    }
    // A design that cannot keep up: its figures cover the rows it wrote, and say so.
    System.out.printf("  silver did not hold %,d rows within %s%n", rows, limit);
    return false;
  }

  /**
   * Per silver row, the Delta commit that added its file minus its event's CreateTime (the commit
   * times from the table's log: when the row became visible to readers).
   */
  private double[] freshness(StreamConfig c, Map<String, Long> sent) {
    String path = c.sinks().lake().path(LakeTable.SILVER);
    Map<String, Long> committedAt = new java.util.HashMap<>();
    for (Row v :
        spark
            .read()
            .json(path + "/_delta_log/*.json")
            .filter("add IS NOT NULL OR commitInfo IS NOT NULL")
            .withColumn("file", functions.input_file_name())
            .groupBy("file")
            .agg(
                functions.max("commitInfo.timestamp").as("at"),
                functions.collect_list("add.path").as("paths"))
            .collectAsList()) {
      long at = v.getLong(1);
      for (Object p : v.getList(2)) {
        committedAt.put(fileName((String) p), at);
      }
    }
    double[] out =
        spark
            .read()
            .format("delta")
            .load(path)
            .select(functions.col("trans_num"), functions.input_file_name().as("file"))
            .collectAsList()
            .stream()
            .filter(r -> sent.containsKey(r.getString(0)))
            .mapToDouble(
                r ->
                    committedAt.getOrDefault(fileName(r.getString(1)), 0L)
                        - sent.get(r.getString(0)))
            .sorted()
            .toArray();
    return out;
  }

  private static String fileName(String path) {
    String decoded = java.net.URLDecoder.decode(path, java.nio.charset.StandardCharsets.UTF_8);
    return decoded.substring(decoded.lastIndexOf('/') + 1);
  }

  static double pct(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }
}

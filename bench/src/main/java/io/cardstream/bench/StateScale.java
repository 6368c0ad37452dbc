package io.cardstream.bench;

import io.cardstream.common.contract.Transaction;
import io.cardstream.common.input.TransactionJson;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The per-card state at growing sizes: one checkpoint fills up to each level of distinct cards (one
 * event per new card), then scores probe batches of the same shape at every level: 20,000 events on
 * 10,000 cards drawn from those in state. Batch time of the probes, state rows (from Spark's
 * progress), the checkpoint's state files on disk and the heap after a GC are printed per level.
 * The sinks are no-ops, so what changes between levels is the state alone, not DynamoDB Local's
 * table growing with it.
 */
final class StateScale {

  /** One level's figures; {@code batchMs} is the median probe batch's trigger execution time. */
  record Level(
      long cards, long stateRows, double batchMs, long stateBytes, long heapBytes, long rssBytes) {}

  static final int PROBE_EVENTS = 20_000;
  static final int PROBE_CARDS = 10_000;
  static final int PROBE_BATCHES = 3;
  private static final int FILL_BATCH = 100_000;

  private final SparkSession spark;
  private final Path dir;
  private final String bootstrap;
  private final PanTokenizer tokenizer;
  private final List<Transaction> templates;
  private final Function<StreamConfig.Builder, StreamConfig.Builder> base;
  private final PrintStream out;
  private final Instant start = Instant.parse("2020-06-01T00:00:00Z");

  /**
   * @param base the stream's configuration without checkpoint, lake, batch size and trigger
   * @param templates valid transactions whose fields (all but card, id and time) the events copy
   */
  StateScale(
      SparkSession spark,
      Path dir,
      String bootstrap,
      PanTokenizer tokenizer,
      List<Transaction> templates,
      Function<StreamConfig.Builder, StreamConfig.Builder> base,
      PrintStream out) {
    this.spark = spark;
    this.dir = dir;
    this.bootstrap = bootstrap;
    this.tokenizer = tokenizer;
    this.templates = templates;
    this.base = base;
    this.out = out;
  }

  List<Level> run(long... levels) throws Exception {
    Map<Long, StreamingQueryProgress> progress = new ConcurrentHashMap<>();
    StreamingQueryListener listener = new Collect(progress);
    spark.streams().addListener(listener);
    List<Level> result = new ArrayList<>();
    long cards = 0;
    SplittableRandom random = new SplittableRandom(7);
    try {
      for (long level : levels) {
        long f0 = System.nanoTime();
        produce(cards, level, 0, i -> i);
        score(FILL_BATCH);
        double fillSecs = (System.nanoTime() - f0) / 1e9;
        cards = level;
        int round = result.size() + 1;
        long[] probeCards = random.longs(PROBE_CARDS, 0, cards).toArray();
        // Progress events arrive on Spark's listener bus after the query returned.
        spark.sparkContext().listenerBus().waitUntilEmpty();
        long lastFill = progress.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
        produce(
            0,
            (long) PROBE_BATCHES * PROBE_EVENTS,
            round,
            i -> probeCards[(int) (i % PROBE_CARDS)]);
        score(PROBE_EVENTS);
        spark.sparkContext().listenerBus().waitUntilEmpty();
        List<StreamingQueryProgress> probes =
            progress.values().stream()
                .filter(p -> p.batchId() > lastFill && p.numInputRows() > 0)
                .sorted((a, b) -> Long.compare(a.batchId(), b.batchId()))
                .toList();
        double[] ms =
            probes.stream()
                .mapToDouble(p -> p.durationMs().getOrDefault("triggerExecution", 0L))
                .sorted()
                .toArray();
        long stateRows =
            probes.isEmpty()
                ? -1
                : probes.get(probes.size() - 1).stateOperators()[0].numRowsTotal();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        Level l =
            new Level(
                cards,
                stateRows,
                ms.length == 0 ? Double.NaN : ms[ms.length / 2],
                size(dir.resolve("checkpoint-state/state")),
                rt.totalMemory() - rt.freeMemory(),
                rss());
        result.add(l);
        out.printf(
            "  state %,9d cards: %,d state rows, probe batch %,.0f ms (median of %d: %s),"
                + " state on disk %,.0f MB, heap %,.0f MB, process RSS %,.0f MB, filled in %.0f s%n",
            l.cards(),
            l.stateRows(),
            l.batchMs(),
            ms.length,
            java.util.Arrays.toString(ms),
            l.stateBytes() / 1e6,
            l.heapBytes() / 1e6,
            l.rssBytes() / 1e6,
            fillSecs);
        out.flush();
      }
    } finally {
      spark.streams().removeListener(listener);
    }
    return result;
  }

  /**
   * Events {@code from..to} (exclusive), event {@code i} on card {@code card(i)}; a round's events
   * are dated a day after the last round's, so each probe is the cards' newest traffic.
   */
  private void produce(long from, long to, int round, Function<Long, Long> card) {
    try (KafkaProducer<String, String> producer =
        KafkaClients.producer(
            bootstrap,
            KafkaAuth.NONE,
            Map.of(
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.LINGER_MS_CONFIG,
                20))) {
      for (long i = from; i < to; i++) {
        Transaction t = templates.get((int) (i % templates.size()));
        String ccNum = String.format("99%017d", card.apply(i));
        Instant at = start.plus(Duration.ofDays(round)).plusMillis(i * 50 % 86_400_000L);
        Transaction e =
            new Transaction(
                "state-" + round + "-" + i,
                at,
                ccNum,
                t.merchant(),
                t.category(),
                t.amt(),
                t.first(),
                t.last(),
                t.gender(),
                t.street(),
                t.city(),
                t.state(),
                t.zip(),
                t.lat(),
                t.lon(),
                t.cityPop(),
                t.job(),
                t.dob(),
                at.getEpochSecond(),
                t.merchLat(),
                t.merchLong(),
                t.isFraud(),
                null,
                null,
                null);
        producer.send(
            new ProducerRecord<>(
                Topics.TRANSACTIONS, tokenizer.cardId(ccNum), TransactionJson.write(e)));
      }
      producer.flush();
    }
  }

  /** Scores everything on the topic in batches of {@code max}, on the one state checkpoint. */
  private void score(long max) throws Exception {
    StreamConfig c =
        base.apply(StreamConfig.builder())
            .lakeRoot(dir.resolve("lake-state").toUri().toString())
            .checkpoint(dir.resolve("checkpoint-state").toUri().toString())
            .triggerSeconds(1)
            .maxEventsPerTrigger(max)
            .availableNow(true)
            .build();
    new ScoringStream(
            c,
            ScoringStream.source(c.source()),
            ScoringStream.controls(c),
            b -> List.of(),
            tokenizer)
        .run(spark);
  }

  private static long size(Path root) throws IOException {
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Resident memory of this process (RocksDB keeps the state off the heap). */
  private static long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    return -1;
  }

  private static final class Collect extends StreamingQueryListener {
    private final Map<Long, StreamingQueryProgress> out;

    Collect(Map<Long, StreamingQueryProgress> out) {
      this.out = out;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
      out.put(event.progress().batchId(), event.progress());
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {}
  }
}

package io.cardstream.local.kafka;

import io.cardstream.common.aws.KinesisTarget;
import io.cardstream.common.aws.KinesisWriter;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.input.InputFiles;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import io.cardstream.common.input.TransactionJson;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.privacy.PanTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Replays a file into a topic as the upstream producer would: valid records as edge-tokenized JSON
 * events ({@code card_id}, {@code card_last4}, age; no card number, names, street or birth date)
 * keyed by card token (so a card's events stay in order on one partition), with an idempotent
 * producer and {@code acks=all}; or into a Kinesis stream with PutRecords, the card token as
 * partition key (one shard per card, in order). Records that fail validation are counted per reason
 * and not sent.
 */
public final class Replayer {

  /**
   * Options of one replay. {@code rate <= 0} means as fast as possible; {@code kinesis} null means
   * the Kafka topic; {@code labels}: the file is a labelled dataset whose {@code is_fraud} goes on
   * with each event (otherwise it is dropped, as the collector drops it); {@code kafkaAuth}: how
   * the producer authenticates (none unless given).
   */
  public record Options(
      Path input,
      InputFormat format,
      String bootstrap,
      String topic,
      double rate,
      long limit,
      KinesisTarget kinesis,
      boolean labels,
      KafkaAuth kafkaAuth)
      implements Input {

    public Options {
      kafkaAuth = kafkaAuth == null ? KafkaAuth.NONE : kafkaAuth;
    }
  }

  /**
   * A replay's file: the records of {@code input}, all or the first {@code limit} ({@code > 0}).
   */
  public interface Input {
    Path input();

    InputFormat format();

    long limit();

    /** How many records the replay reads (for its progress). */
    default long records() throws IOException {
      long n = countRecords(input(), format());
      return limit() > 0 ? Math.min(n, limit()) : n;
    }

    /** Reads the records in file order, with the default reader options; returns how many. */
    default long read(Consumer<ParseResult> each) throws IOException {
      return TransactionFiles.read(input(), format(), ReaderOptions.defaults(), limit(), each);
    }
  }

  /** Where the events go: Kafka sends asynchronously, Kinesis in PutRecords calls. */
  private interface Sink extends AutoCloseable {
    void send(String key, String json);

    /** Everything sent so far is acknowledged (or counted as failed) when this returns. */
    void flush();

    @Override
    void close();
  }

  /** What a replay did. */
  public record Summary(
      long read, long sent, long failed, Map<ReasonCode, Long> rejected, double seconds) {
    public long rejectedTotal() {
      return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What was read, sent, rejected (by reason) and failed, and how long it took. */
    public void print(PrintStream out) {
      out.printf(
          "Replay: read %,d records, sent %,d, rejected %,d, failed %,d in %.1f s%n",
          read, sent, rejectedTotal(), failed, seconds);
      rejected.forEach((reason, n) -> out.printf("  rejected %-20s %,d%n", reason, n));
    }
  }

  private final PanTokenizer tokenizer;
  private final PrintStream out;

  public Replayer(PanTokenizer tokenizer, PrintStream out) {
    this.tokenizer = tokenizer;
    this.out = out;
  }

  public Summary run(Options o) throws IOException {
    long total = o.records();
    if (o.kinesis() == null) {
      KafkaClients.requireTopic(o.bootstrap(), o.kafkaAuth(), o.topic());
    }
    Map<ReasonCode, Long> rejected = new EnumMap<>(ReasonCode.class);
    AtomicLong sent = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<Exception> firstError = new AtomicReference<>();
    Progress progress = new Progress(out, "produced", total);
    long start = System.nanoTime();
    long read;
    try (Sink producer =
        o.kinesis() == null ? kafka(o, sent, failed, firstError) : kinesis(o.kinesis(), sent)) {
      long[] n = {0};
      read =
          o.read(
              r -> {
                n[0]++;
                pace(o.rate(), start, n[0]);
                if (r instanceof ParseResult.Valid v) {
                  // Tokenized here, at the edge, like the collector does: the topic holds no card
                  // number, name, street or birth date, whichever producer wrote it.
                  String key = tokenizer.cardId(v.transaction().ccNum());
                  producer.send(
                      key, TransactionJson.write(v.transaction().tokenized(key, o.labels())));
                } else if (r instanceof ParseResult.Rejected rej) {
                  rejected.merge(rej.reason(), 1L, Long::sum);
                }
                progress.update(n[0]);
              });
      producer.flush();
    }
    progress.done(read);
    if (firstError.get() != null) {
      out.println("  first send error: " + firstError.get().getMessage());
    }
    return new Summary(read, sent.get(), failed.get(), rejected, (System.nanoTime() - start) / 1e9);
  }

  private static Sink kafka(
      Options o, AtomicLong sent, AtomicLong failed, AtomicReference<Exception> firstError) {
    KafkaProducer<String, String> producer =
        KafkaClients.producer(
            o.bootstrap(),
            o.kafkaAuth(),
            Map.of(
                ProducerConfig.BATCH_SIZE_CONFIG,
                128 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                60_000));
    return new Sink() {
      @Override
      public void send(String key, String json) {
        producer.send(
            new ProducerRecord<>(o.topic(), key, json),
            (meta, err) -> {
              if (err == null) {
                sent.incrementAndGet();
              } else {
                failed.incrementAndGet();
                firstError.compareAndSet(null, err);
              }
            });
      }

      @Override
      public void flush() {
        producer.flush();
      }

      @Override
      public void close() {
        producer.close();
      }
    };
  }

  /**
   * Buffers a few PutRecords calls' worth, so that the writer can fill its calls even though it
   * sends one record per card per call. A record the stream does not take after the writer's
   * retries fails the replay with the stream's error.
   */
  private static Sink kinesis(KinesisTarget t, AtomicLong sent) {
    KinesisClient client = t.client(Duration.ofSeconds(30));
    try {
      client.describeStreamSummary(r -> r.streamName(t.stream()));
    } catch (ResourceNotFoundException e) {
      client.close();
      throw new IllegalStateException(
          "Kinesis stream '"
              + t.stream()
              + "' does not exist"
              + (t.endpoint() != null ? " at " + t.endpoint() : "")
              + ": locally, start the stack with `bin/cardstream stack up --with-kinesis`");
    }
    KinesisWriter writer = new KinesisWriter(client, t.stream());
    List<KinesisWriter.Entry> buffer = new ArrayList<>();
    return new Sink() {
      @Override
      public void send(String key, String json) {
        buffer.add(KinesisWriter.Entry.of(key, json));
        if (buffer.size() >= 4 * KinesisWriter.MAX_RECORDS_PER_CALL) {
          flush();
        }
      }

      @Override
      public void flush() {
        if (!buffer.isEmpty()) {
          sent.addAndGet(writer.put(buffer).records());
          buffer.clear();
        }
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  private static void pace(double rate, long startNanos, long n) {
    if (rate <= 0) {
      return;
    }
    long due = startNanos + (long) (n / rate * 1e9);
    long wait = due - System.nanoTime();
    if (wait > 1_000_000) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Data records in the file (lines minus header and blanks): the denominator of the ETA. */
  private static long countRecords(Path file, InputFormat format) throws IOException {
    try (java.io.BufferedReader in = InputFiles.open(file)) {
      long n = in.lines().filter(l -> !l.isBlank()).count();
      return format.hasHeader() ? Math.max(0, n - 1) : n;
    }
  }
}

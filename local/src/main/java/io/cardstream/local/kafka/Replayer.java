package io.cardstream.local.kafka;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.input.InputFiles;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import io.cardstream.common.input.TransactionJson;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.privacy.PanTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Replays a file into a topic as the upstream producer would: valid records as JSON events keyed by
 * card token (so a card's events stay in order on one partition, and the key carries no PAN), with
 * an idempotent producer and {@code acks=all}. Records that fail validation are counted per reason
 * and not sent.
 */
public final class Replayer {

  /** Options of one replay. {@code rate <= 0} means as fast as possible. */
  public record Options(
      Path input, InputFormat format, String bootstrap, String topic, double rate, long limit) {}

  /** What a replay did. */
  public record Summary(
      long read, long sent, long failed, Map<ReasonCode, Long> rejected, double seconds) {
    public long rejectedTotal() {
      return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final PanTokenizer tokenizer;
  private final PrintStream out;

  public Replayer(PanTokenizer tokenizer, PrintStream out) {
    this.tokenizer = tokenizer;
    this.out = out;
  }

  public Summary run(Options o) throws IOException {
    long total = countRecords(o.input(), o.format());
    KafkaClients.requireTopic(o.bootstrap(), o.topic());
    if (o.limit() > 0) {
      total = Math.min(total, o.limit());
    }
    Map<ReasonCode, Long> rejected = new EnumMap<>(ReasonCode.class);
    AtomicLong sent = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<Exception> firstError = new AtomicReference<>();
    Progress progress = new Progress(out, "produced", total);
    long start = System.nanoTime();
    long read;
    try (KafkaProducer<String, String> producer =
        KafkaClients.producer(
            o.bootstrap(),
            Map.of(
                ProducerConfig.BATCH_SIZE_CONFIG,
                128 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                60_000))) {
      long[] n = {0};
      read =
          TransactionFiles.read(
              o.input(),
              o.format(),
              ReaderOptions.defaults(),
              o.limit(),
              r -> {
                n[0]++;
                pace(o.rate(), start, n[0]);
                if (r instanceof ParseResult.Valid v) {
                  String key = tokenizer.cardId(v.transaction().ccNum());
                  producer.send(
                      new ProducerRecord<>(o.topic(), key, TransactionJson.write(v.transaction())),
                      (meta, err) -> {
                        if (err == null) {
                          sent.incrementAndGet();
                        } else {
                          failed.incrementAndGet();
                          firstError.compareAndSet(null, err);
                        }
                      });
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
  static long countRecords(Path file, InputFormat format) throws IOException {
    try (java.io.BufferedReader in = InputFiles.open(file)) {
      long n = in.lines().filter(l -> !l.isBlank()).count();
      return format.hasHeader() ? Math.max(0, n - 1) : n;
    }
  }
}

package io.cardstream.local.stack;

import io.cardstream.common.input.InputFormat;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.local.kafka.Replayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.streaming.StreamingQuery;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * What the stream tests put into the stack and read back from it: replays, item counts, topic
 * contents, commits.
 */
final class StackChecks {

  private StackChecks() {}

  /** A Kaggle file into the transactions topic as fast as it goes: no labels, no Kafka auth. */
  static Replayer.Options kaggleToTransactions(Path file, String bootstrap) {
    return new Replayer.Options(
        file, InputFormat.KAGGLE, bootstrap, "transactions", 0, 0, null, false, null);
  }

  static long count(DynamoDbClient ddb, String table) {
    return ddb
        .scanPaginator(ScanRequest.builder().tableName(table).select("COUNT").build())
        .stream()
        .mapToLong(r -> r.count())
        .sum();
  }

  /** The keys of every record of each topic. */
  static Map<String, List<String>> topicKeys(String bootstrap, String... topics) {
    Map<String, List<String>> keys = new HashMap<>();
    for (String t : topics) {
      keys.put(t, new ArrayList<>());
      for (ConsumerRecord<String, String> r : records(bootstrap, t)) {
        keys.get(t).add(r.key());
      }
    }
    return keys;
  }

  /** {@code key|value} of every record of the topics. */
  static List<String> topicValues(String bootstrap, String... topics) {
    List<String> out = new ArrayList<>();
    for (String t : topics) {
      records(bootstrap, t).forEach(r -> out.add(r.key() + "|" + r.value()));
    }
    return out;
  }

  static List<ConsumerRecord<String, String>> records(String bootstrap, String topic) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    KafkaClients.readToEnd(
        bootstrap, KafkaAuth.NONE, topic, Map.of(), Duration.ofSeconds(60), out::add);
    return out;
  }

  /** The last batch id the query committed in this checkpoint, -1 before the first. */
  static long lastCommitted(Path checkpoint) {
    Path commits = checkpoint.resolve("commits");
    if (!Files.isDirectory(commits)) {
      return -1;
    }
    try (Stream<Path> s = Files.list(commits)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d+"))
          .mapToLong(Long::parseLong)
          .max()
          .orElse(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Waits until the query committed {@code n} more batches (4 minutes at most). */
  static void waitForCommittedBatches(StreamingQuery q, Path checkpoint, int n)
      throws InterruptedException {
    long start = lastCommitted(checkpoint);
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (lastCommitted(checkpoint) < start + n) {
      if (!q.isActive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the stream did not commit " + n + " batches",
            q.exception().isDefined() ? q.exception().get() : null);
      }
      Thread.sleep(200);
    }
  }

  /**
   * {@code real}, failing once right after its writes of batch {@code failOn} and before Spark
   * commits the batch: the restart must replay it without writing anything twice.
   */
  static io.cardstream.streaming.sink.BatchSink failingOnceAfter(
      io.cardstream.streaming.sink.BatchSink real, long failOn) {
    java.util.concurrent.atomic.AtomicBoolean failed =
        new java.util.concurrent.atomic.AtomicBoolean();
    return new io.cardstream.streaming.sink.BatchSink() {
      @Override
      public List<Written> write(io.cardstream.streaming.sink.ScoredBatch batch) {
        List<Written> written = real.write(batch);
        if (batch.batchId() == failOn && failed.compareAndSet(false, true)) {
          throw new IllegalStateException(
              "injected failure after the sinks of batch "
                  + failOn
                  + " wrote, before the checkpoint commit");
        }
        return written;
      }

      @Override
      public void close() {
        real.close();
      }
    };
  }
}

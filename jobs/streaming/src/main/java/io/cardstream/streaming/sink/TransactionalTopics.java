package io.cardstream.streaming.sink;

import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes a micro-batch's messages to the output topics exactly once for read_committed consumers:
 * the messages and a marker {@code (query id -> batch id)} on the commits topic go in one Kafka
 * transaction, and a batch whose marker is already committed is skipped when Spark replays it. Runs
 * on the driver with one transactional producer per query; a restarted query fences the old
 * producer through the same transactional id.
 */
public final class TransactionalTopics implements AutoCloseable {

  /** One message to send. */
  public record Message(String topic, String key, String value) {}

  private final KafkaProducer<String, String> producer;
  private final String commitsTopic;
  private final String queryId;
  private long lastCommittedBatch;

  public TransactionalTopics(
      String bootstrap, KafkaAuth auth, String commitsTopic, String queryId) {
    this.commitsTopic = commitsTopic;
    this.queryId = queryId;
    this.lastCommittedBatch = readLastCommitted(bootstrap, auth, commitsTopic, queryId);
    this.producer =
        KafkaClients.producer(
            bootstrap,
            auth,
            Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cardstream-scoring-" + queryId));
    producer.initTransactions();
  }

  public long lastCommittedBatch() {
    return lastCommittedBatch;
  }

  /** Sends the batch's messages unless this batch was already committed; true when sent. */
  public boolean write(long batchId, List<Message> messages) {
    if (batchId <= lastCommittedBatch) {
      return false;
    }
    producer.beginTransaction();
    try {
      for (Message m : messages) {
        producer.send(new ProducerRecord<>(m.topic(), m.key(), m.value()));
      }
      producer.send(new ProducerRecord<>(commitsTopic, queryId, Long.toString(batchId)));
      producer.commitTransaction();
    } catch (RuntimeException e) {
      try {
        producer.abortTransaction();
      } catch (RuntimeException ignored) {
        // the producer is fenced or broken; the batch fails and Spark replays it
      }
      throw e;
    }
    lastCommittedBatch = batchId;
    return true;
  }

  /** The highest batch id committed for this query, from the commits topic (-1 when none). */
  static long readLastCommitted(String bootstrap, KafkaAuth auth, String topic, String queryId) {
    long last = -1;
    try (KafkaConsumer<String, String> c = KafkaClients.consumer(bootstrap, auth, Map.of())) {
      List<TopicPartition> parts = KafkaClients.partitions(c, topic);
      c.assign(parts);
      c.seekToBeginning(parts);
      var end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!KafkaClients.reached(c, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
        }
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          if (queryId.equals(r.key())) {
            last = Math.max(last, Long.parseLong(r.value()));
          }
        }
      }
    }
    return last;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}

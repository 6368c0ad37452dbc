package io.cardstream.streaming.sink;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a micro-batch's messages to the output topics exactly once for read_committed consumers:
 * the messages and a marker {@code (query id -> batch id)} on the commits topic go in one Kafka
 * transaction, and a batch whose marker is already committed is skipped when Spark replays it. Runs
 * on the driver with one transactional producer per query; a restarted query fences the old
 * producer through the same transactional id.
 */
public final class KafkaTopicSink implements AutoCloseable {

  /** One message to send. */
  public record Message(String topic, String key, String value) {}

  private final KafkaProducer<String, String> producer;
  private final String commitsTopic;
  private final String queryId;
  private long lastCommittedBatch;

  public KafkaTopicSink(String bootstrap, String commitsTopic, String queryId) {
    this.commitsTopic = commitsTopic;
    this.queryId = queryId;
    this.lastCommittedBatch = readLastCommitted(bootstrap, commitsTopic, queryId);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cardstream-scoring-" + queryId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    this.producer = new KafkaProducer<>(p);
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
  static long readLastCommitted(String bootstrap, String topic, String queryId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    long last = -1;
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts =
          c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      var end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
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

package io.cardstream.common.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The project's Kafka clients, configured in one place: producers that never lose or duplicate an
 * acknowledged record (idempotent, {@code acks=all}), consumers that read only committed records
 * and commit nothing, and the few topic look-ups the tools need. Keys and values are strings
 * (JSON).
 */
public final class KafkaClients {

  private KafkaClients() {}

  /** An idempotent producer with {@code acks=all}; {@code overrides} add or replace settings. */
  public static KafkaProducer<String, String> producer(
      String bootstrap, KafkaAuth auth, Map<String, Object> overrides) {
    return new KafkaProducer<>(
        properties(
            bootstrap,
            auth,
            Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName()),
            overrides));
  }

  /**
   * A consumer without a group that reads only committed records (transactional producers' aborted
   * records are skipped); assign partitions to it, it commits nothing.
   */
  public static KafkaConsumer<String, String> consumer(
      String bootstrap, KafkaAuth auth, Map<String, Object> overrides) {
    return new KafkaConsumer<>(
        properties(
            bootstrap,
            auth,
            Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                // A missing topic is an error to report, never one to create with defaults.
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName()),
            overrides));
  }

  /** A client's settings: the servers, the client kind's defaults, the security, the caller's. */
  static Properties properties(
      String bootstrap,
      KafkaAuth auth,
      Map<String, Object> defaults,
      Map<String, Object> overrides) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.putAll(defaults);
    p.putAll(auth.properties());
    p.putAll(overrides);
    return p;
  }

  public static Admin admin(String bootstrap, KafkaAuth auth, Map<String, Object> overrides) {
    return Admin.create(properties(bootstrap, auth, Map.of(), overrides));
  }

  /** The topic's partitions; fails when the topic does not exist within 30 s. */
  public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(i -> new TopicPartition(topic, i.partition()))
        .toList();
  }

  /**
   * Fails fast and clearly when {@code topic} does not exist (a producer would otherwise wait for
   * its metadata until its delivery timeout) or the broker cannot be reached.
   *
   * @return the topic's partition count
   */
  public static int requireTopic(String bootstrap, KafkaAuth auth, String topic) {
    try (KafkaConsumer<String, String> c =
        consumer(bootstrap, auth, Map.of(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
      List<TopicPartition> parts;
      try {
        parts =
            c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        throw new IllegalStateException(
            "cannot reach Kafka at " + bootstrap + " within 10 s: is the broker up?", e);
      }
      if (parts.isEmpty()) {
        throw new IllegalArgumentException(
            "topic '"
                + topic
                + "' does not exist on "
                + bootstrap
                + ": create it (bin/cardstream stack init creates the pipeline's topics) or pick"
                + " another with --topic");
      }
      return parts.size();
    }
  }

  /** The current end offset of each partition of {@code topic}. */
  public static Map<Integer, Long> endOffsets(String bootstrap, KafkaAuth auth, String topic) {
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap, auth, Map.of())) {
      Map<Integer, Long> out = new HashMap<>();
      consumer
          .endOffsets(partitions(consumer, topic))
          .forEach((tp, offset) -> out.put(tp.partition(), offset));
      return out;
    }
  }

  /**
   * Reads {@code topic}'s committed records from the given offset per partition (the beginning
   * where none is given) up to its end as it is when the call starts, each to {@code each}. No
   * consumer group, nothing committed.
   *
   * @throws IllegalStateException when the end is not reached within {@code limit}
   */
  public static void readToEnd(
      String bootstrap,
      KafkaAuth auth,
      String topic,
      Map<Integer, Long> from,
      Duration limit,
      Consumer<ConsumerRecord<String, String>> each) {
    try (KafkaConsumer<String, String> consumer =
        consumer(bootstrap, auth, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
      List<TopicPartition> parts = partitions(consumer, topic);
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      for (TopicPartition tp : parts) {
        Long offset = from.get(tp.partition());
        if (offset != null) {
          consumer.seek(tp, offset);
        }
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + limit.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic + " did not reach its end within " + limit.toSeconds() + " s");
        }
        consumer.poll(Duration.ofMillis(500)).forEach(each);
      }
    }
  }

  /** Whether the consumer's position has reached {@code end} on every partition. */
  public static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Spark's Kafka {@code startingOffsets} JSON that starts each partition of {@code topic} at the
   * given offset.
   */
  public static String startingOffsets(String topic, Map<Integer, Long> offsets) {
    return startingOffsets(Map.of(topic, offsets));
  }

  /** The same for several topics: each topic's partitions at the given offsets. */
  public static String startingOffsets(Map<String, Map<Integer, Long>> byTopic) {
    StringBuilder b = new StringBuilder("{");
    byTopic.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            t -> {
              b.append('"').append(t.getKey()).append("\":{");
              t.getValue().entrySet().stream()
                  .sorted(Map.Entry.comparingByKey())
                  .forEach(
                      e ->
                          b.append('"')
                              .append(e.getKey())
                              .append("\":")
                              .append(e.getValue())
                              .append(','));
              b.setLength(b.length() - 1);
              b.append("},");
            });
    b.setLength(b.length() - 1);
    return b.append('}').toString();
  }
}

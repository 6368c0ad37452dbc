package io.cardstream.local.kafka;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.input.JsonEventParser;
import io.cardstream.common.input.ReaderOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic up to its current end (no consumer group, nothing committed) and checks every
 * message against the contract.
 */
public final class TopicReader {

  /** What was on the topic. */
  public record Summary(long messages, long valid, long distinctIds) {}

  private TopicReader() {}

  /** Reads the whole topic. */
  public static Summary readAll(String bootstrap, String topic) {
    return readFrom(bootstrap, topic, Map.of());
  }

  /** The current end offset per partition: pass to {@link #readFrom} to read only what follows. */
  public static Map<Integer, Long> endOffsets(String bootstrap, String topic) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props(bootstrap))) {
      Map<Integer, Long> out = new HashMap<>();
      consumer
          .endOffsets(partitions(consumer, topic))
          .forEach((tp, off) -> out.put(tp.partition(), off));
      return out;
    }
  }

  /** Reads from the given offset per partition (the beginning where none is given) to the end. */
  public static Summary readFrom(String bootstrap, String topic, Map<Integer, Long> from) {
    JsonEventParser parser = new JsonEventParser(ReaderOptions.defaults());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props(bootstrap))) {
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
      long messages = 0;
      long valid = 0;
      Set<String> ids = new HashSet<>();
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic + " did not reach its end within 5 minutes");
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          messages++;
          if (parser.parse(r.value(), messages) instanceof ParseResult.Valid v) {
            valid++;
            ids.add(v.transaction().transNum());
          }
        }
      }
      return new Summary(messages, valid, ids.size());
    }
  }

  private static Properties props(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return p;
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(i -> new TopicPartition(topic, i.partition()))
        .toList();
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}

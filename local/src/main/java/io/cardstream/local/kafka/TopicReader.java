package io.cardstream.local.kafka;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.input.JsonEventParser;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic up to its current end (no consumer group, nothing committed) and checks every
 * message against the contract.
 */
public final class TopicReader {

  /** What was on the topic. */
  public record Summary(long messages, long valid, long distinctIds) {}

  private TopicReader() {}

  /** Reads the whole topic. */
  public static Summary readAll(String bootstrap, KafkaAuth auth, String topic) {
    return readFrom(bootstrap, auth, topic, Map.of());
  }

  /**
   * Reads from the given offset per partition (the beginning where none is given; {@link
   * KafkaClients#endOffsets} gives the offsets to read only what follows) to the end.
   */
  public static Summary readFrom(
      String bootstrap, KafkaAuth auth, String topic, Map<Integer, Long> from) {
    JsonEventParser parser = new JsonEventParser(ReaderOptions.defaults());
    try (KafkaConsumer<String, String> consumer =
        KafkaClients.consumer(
            bootstrap, auth, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
      List<TopicPartition> parts = KafkaClients.partitions(consumer, topic);
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
      while (!KafkaClients.reached(consumer, end)) {
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
}

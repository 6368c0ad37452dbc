package io.cardstream.local.kafka;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.input.JsonEventParser;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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
    long[] counts = new long[2];
    Set<String> ids = new HashSet<>();
    KafkaClients.readToEnd(
        bootstrap,
        auth,
        topic,
        from,
        Duration.ofMinutes(5),
        r -> {
          counts[0]++;
          if (parser.parse(r.value(), counts[0]) instanceof ParseResult.Valid v) {
            counts[1]++;
            ids.add(v.transaction().transNum());
          }
        });
    return new Summary(counts[0], counts[1], ids.size());
  }
}

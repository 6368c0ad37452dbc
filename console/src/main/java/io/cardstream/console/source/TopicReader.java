package io.cardstream.console.source;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Read-only views of the broker's topics: what the Topics, Stream and Decisions pages show. */
public interface TopicReader extends AutoCloseable {

  /** One message as the broker holds it (key and value are shown only after masking). */
  record Message(
      String topic, int partition, long offset, Instant timestamp, String key, String value) {}

  /** A partition's first and next offsets. */
  record PartitionOffsets(int partition, long begin, long end) {
    public long messages() {
      return end - begin;
    }
  }

  record TopicInfo(String name, List<PartitionOffsets> partitions) {
    public long messages() {
      return partitions.stream().mapToLong(PartitionOffsets::messages).sum();
    }
  }

  /**
   * Messages of a time window, newest last.
   *
   * @param truncated more messages were in the window than the reader takes: only the newest
   * @param partial the time to read ran out before the end of some partition
   */
  record Window(List<Message> messages, boolean truncated, boolean partial) {}

  /** Every topic but the broker's internal ones, by name. */
  List<TopicInfo> topics();

  /** The next offset of each partition of {@code topic}. */
  Map<Integer, Long> endOffsets(String topic);

  /** Up to {@code n} of the newest committed messages of {@code topic}, newest first. */
  List<Message> last(String topic, int n);

  /** The time of the newest message of these topics, if they hold any. */
  Instant newest(List<String> topics);

  /**
   * The messages of {@code topics} from {@code from} on, at most {@code max} (the newest when there
   * are more).
   */
  Window since(List<String> topics, Instant from, int max);

  @Override
  default void close() {}
}

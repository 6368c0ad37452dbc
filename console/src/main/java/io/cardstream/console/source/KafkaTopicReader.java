package io.cardstream.console.source;

import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * {@link TopicReader} on a Kafka broker: a short-lived consumer per call (no group, no commit,
 * {@code read_committed} like every consumer of the project, so aborted transactions of the stream
 * never show), with timeouts well under the page's deadline.
 */
public final class KafkaTopicReader implements TopicReader {

  private final KafkaAuth auth;
  private final String bootstrap;
  private final Duration budget;

  /**
   * @param budget how long one call may read; it stops with what it has after that (under the
   *     console's per-source timeout, so the page gets the partial answer, marked as such)
   */
  public KafkaTopicReader(String bootstrap, KafkaAuth auth, Duration budget) {
    this.bootstrap = bootstrap;
    this.auth = auth;
    this.budget = budget;
  }

  private KafkaConsumer<String, String> consumer() {
    int ms = (int) Math.max(500, budget.toMillis());
    return KafkaClients.consumer(
        bootstrap,
        auth,
        Map.of(
            ConsumerConfig.CLIENT_ID_CONFIG,
            "cardstream-console",
            ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            ms,
            ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            ms,
            CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
            1000L,
            CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG,
            1000L,
            ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
            500L,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
            50,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            5000,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "none"));
  }

  @Override
  public List<TopicInfo> topics() {
    try (KafkaConsumer<String, String> c = consumer()) {
      Map<String, List<PartitionInfo>> all = c.listTopics(budget);
      List<TopicPartition> parts = new ArrayList<>();
      all.forEach(
          (t, ps) -> {
            if (!t.startsWith("__")) {
              ps.forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
          });
      Map<TopicPartition, Long> begin = c.beginningOffsets(parts, budget);
      Map<TopicPartition, Long> end = c.endOffsets(parts, budget);
      Map<String, List<PartitionOffsets>> byTopic = new HashMap<>();
      for (TopicPartition tp : parts) {
        byTopic
            .computeIfAbsent(tp.topic(), k -> new ArrayList<>())
            .add(new PartitionOffsets(tp.partition(), begin.get(tp), end.get(tp)));
      }
      return byTopic.entrySet().stream()
          .map(
              e ->
                  new TopicInfo(
                      e.getKey(),
                      e.getValue().stream()
                          .sorted(Comparator.comparingInt(PartitionOffsets::partition))
                          .toList()))
          .sorted(Comparator.comparing(TopicInfo::name))
          .toList();
    }
  }

  @Override
  public Map<Integer, Long> endOffsets(String topic) {
    try (KafkaConsumer<String, String> c = consumer()) {
      Map<Integer, Long> out = new HashMap<>();
      c.endOffsets(partitions(c, topic), budget).forEach((tp, o) -> out.put(tp.partition(), o));
      return out;
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, String> c, String topic) {
    List<PartitionInfo> ps = c.partitionsFor(topic, budget);
    if (ps == null || ps.isEmpty()) {
      throw new Probe.Unavailable("topic " + topic + " does not exist on " + bootstrap);
    }
    return ps.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  @Override
  public List<Message> last(String topic, int n) {
    long deadline = System.nanoTime() + budget.toNanos();
    try (KafkaConsumer<String, String> c = consumer()) {
      List<TopicPartition> parts = partitions(c, topic);
      Map<TopicPartition, Long> begin = c.beginningOffsets(parts, budget);
      Map<TopicPartition, Long> end = c.endOffsets(parts, budget);
      Map<TopicPartition, Long> start = new HashMap<>();
      // A transactional topic has a commit marker after each batch: read a little more than n.
      for (TopicPartition tp : parts) {
        start.put(tp, Math.max(begin.get(tp), end.get(tp) - 3L * n - 2));
      }
      List<Message> got = read(c, start, end, deadline).messages();
      return got.stream()
          .sorted(
              Comparator.comparing(Message::timestamp)
                  .thenComparingLong(Message::offset)
                  .reversed())
          .limit(n)
          .toList();
    }
  }

  @Override
  public Instant newest(List<String> topics) {
    Instant newest = null;
    for (String t : topics) {
      for (Message m : last(t, 1)) {
        if (newest == null || m.timestamp().isAfter(newest)) {
          newest = m.timestamp();
        }
      }
    }
    return newest == null ? Instant.EPOCH : newest;
  }

  @Override
  public Window since(List<String> topics, Instant from, int max) {
    long deadline = System.nanoTime() + budget.toNanos();
    try (KafkaConsumer<String, String> c = consumer()) {
      List<TopicPartition> parts = new ArrayList<>();
      for (String t : topics) {
        parts.addAll(partitions(c, t));
      }
      Map<TopicPartition, Long> query = new HashMap<>();
      parts.forEach(tp -> query.put(tp, from.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> atTime = c.offsetsForTimes(query, budget);
      Map<TopicPartition, Long> end = c.endOffsets(parts, budget);
      // At most `max` messages in all: when the window holds more, each partition gives up the
      // same share of its oldest ones (a busy partition is not cut more than a quiet one).
      Map<TopicPartition, Long> available = new HashMap<>();
      long total = 0;
      for (TopicPartition tp : parts) {
        OffsetAndTimestamp o = atTime.get(tp);
        if (o != null) { // else nothing that new
          long n = Math.max(0, end.get(tp) - o.offset());
          available.put(tp, n);
          total += n;
        }
      }
      boolean truncated = total > max;
      Map<TopicPartition, Long> start = new HashMap<>();
      for (Map.Entry<TopicPartition, Long> a : available.entrySet()) {
        long keep =
            truncated
                ? Math.max(1, (long) Math.floor((double) a.getValue() * max / total))
                : a.getValue();
        start.put(a.getKey(), end.get(a.getKey()) - keep);
      }
      Window w = read(c, start, end, deadline);
      List<Message> in =
          w.messages().stream()
              .filter(m -> !m.timestamp().isBefore(from))
              .sorted(Comparator.comparing(Message::timestamp))
              .toList();
      return new Window(in, truncated, w.partial());
    }
  }

  /** Reads each partition from its start to its end (or until the deadline). */
  private static Window read(
      KafkaConsumer<String, String> c,
      Map<TopicPartition, Long> start,
      Map<TopicPartition, Long> end,
      long deadline) {
    List<Message> out = new ArrayList<>();
    List<TopicPartition> todo =
        start.keySet().stream().filter(tp -> start.get(tp) < end.get(tp)).toList();
    if (todo.isEmpty()) {
      return new Window(out, false, false);
    }
    c.assign(todo);
    todo.forEach(tp -> c.seek(tp, start.get(tp)));
    int emptyPolls = 0;
    while (System.nanoTime() < deadline) {
      var records = c.poll(Duration.ofMillis(100));
      for (ConsumerRecord<String, String> r : records) {
        out.add(
            new Message(
                r.topic(),
                r.partition(),
                r.offset(),
                Instant.ofEpochMilli(r.timestamp()),
                r.key(),
                r.value()));
      }
      boolean done = true;
      for (TopicPartition tp : todo) {
        if (c.position(tp) < end.get(tp)) {
          done = false;
          break;
        }
      }
      if (done) {
        return new Window(out, false, false);
      }
      // An open transaction holds read_committed consumers before its end: stop waiting for it.
      emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
      if (emptyPolls >= 5) {
        return new Window(out, false, false);
      }
    }
    return new Window(out, false, true);
  }
}

package io.cardstream.streaming.control;

import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.control.Flags;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control topics ({@code flagged_accounts}, {@code rules}), read on the driver before every
 * micro-batch from where the last read stopped up to their current end: on the first read that is
 * the whole compacted history, so flags and the published rules survive restarts. A rules document
 * that does not validate is refused with an error in the log and the status, and the rules in force
 * stay; the initial rules (the {@code --rules} file or the seed rules) apply until a document is
 * published.
 */
public final class KafkaControls implements Controls {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaControls.class);

  private final String bootstrap;
  private final KafkaAuth auth;
  private final RuleSet initialRules;
  private final List<TopicPartition> partitions = new ArrayList<>();
  private final Map<String, FlagEvent> flags = new HashMap<>();
  private KafkaConsumer<String, String> consumer;
  private RuleSet rules;
  private String refused;

  /**
   * @throws IllegalStateException when a control topic does not exist (creating it is a deployment
   *     step: it must be compacted)
   */
  public KafkaControls(String bootstrap, KafkaAuth auth, RuleSet initialRules) {
    this.bootstrap = bootstrap;
    this.auth = auth;
    this.initialRules = initialRules;
    open();
  }

  /** From the beginning of the topics, with the initial rules and no flags. */
  private void open() {
    rules = initialRules;
    refused = null;
    flags.clear();
    partitions.clear();
    consumer = KafkaClients.consumer(bootstrap, auth, Map.of());
    for (String topic : Topics.COMPACTED) {
      List<TopicPartition> p = KafkaClients.partitions(consumer, topic);
      if (p.isEmpty()) {
        close();
        throw new IllegalStateException(
            "the control topic "
                + topic
                + " does not exist on "
                + bootstrap
                + ": create it with cleanup.policy=compact (bin/cardstream stack init does)");
      }
      partitions.addAll(p);
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  @Override
  public synchronized Snapshot current() {
    try {
      if (consumer == null) {
        open();
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!KafkaClients.reached(consumer, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.topic().equals(Topics.FLAGGED_ACCOUNTS)) {
            Flags.apply(flags, r.key(), r.value());
          } else if (ControlTopics.RULES_KEY.equals(r.key()) && r.value() != null) {
            apply(r.value(), r.offset());
          }
        }
      }
    } catch (RuntimeException e) {
      // The control plane must not stop the stream: keep deciding with what is in force.
      LOG.warn("cannot read the control topics ({}); keeping what is in force", e.getMessage());
    }
    return new Snapshot(rules, flags, refused);
  }

  private void apply(String document, long offset) {
    try {
      RuleSet next = RuleSet.parse(document, "rules document at offset " + offset);
      if (!next.version().equals(rules.version())) {
        LOG.info("rules {} in force (was {})", next.version(), rules.version());
      }
      rules = next;
      refused = null;
    } catch (IllegalArgumentException e) {
      refused = e.getMessage();
      LOG.error("rules document refused, keeping {}: {}", rules.version(), e.getMessage());
    }
  }

  /** Closes the consumer; a later {@link #current} reads the topics again from the beginning. */
  @Override
  public synchronized void close() {
    if (consumer != null) {
      consumer.close(Duration.ofSeconds(5));
      consumer = null;
    }
  }
}

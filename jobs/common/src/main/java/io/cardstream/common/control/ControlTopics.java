package io.cardstream.common.control;

import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The control plane's topics: flags ({@link Topics#FLAGGED_ACCOUNTS}) and the rules document
 * ({@link Topics#RULES}). Publishing waits for the broker's acknowledgement, so a flag the CLI or
 * the admin API reported as published is on the topic; reading takes a topic from its beginning to
 * its current end, which on a compacted topic is the latest value of every key.
 */
public final class ControlTopics {

  /** The key of the one rules document on {@link Topics#RULES}. */
  public static final String RULES_KEY = "rules";

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

  private final String bootstrap;
  private final KafkaAuth auth;

  public ControlTopics(String bootstrap, KafkaAuth auth) {
    this.bootstrap = bootstrap;
    this.auth = auth;
  }

  /** Publishes a flag or an unflag of one card. */
  public void publish(FlagEvent event) {
    send(Topics.FLAGGED_ACCOUNTS, event.cardId(), event.toJson());
  }

  /**
   * Validates a rules document and publishes it; the stream uses it from its next micro-batch on.
   *
   * @return the published rules
   * @throws IllegalArgumentException when the document is not valid rules (nothing is published)
   */
  public RuleSet publishRules(String document, String source) {
    RuleSet rules = RuleSet.parse(document, source);
    send(Topics.RULES, RULES_KEY, document);
    return rules;
  }

  /** Every card flagged now (the latest event of each card is a flag), by token. */
  public Map<String, FlagEvent> flags() {
    Map<String, FlagEvent> flags = new HashMap<>();
    for (ConsumerRecord<String, String> r : readAll(Topics.FLAGGED_ACCOUNTS)) {
      Flags.apply(flags, r.key(), r.value());
    }
    return flags;
  }

  /** The latest rules document on the topic, as published (null when none was). */
  public String rulesDocument() {
    String latest = null;
    for (ConsumerRecord<String, String> r : readAll(Topics.RULES)) {
      if (RULES_KEY.equals(r.key()) && r.value() != null) {
        latest = r.value();
      }
    }
    return latest;
  }

  /** Sends one record and waits for the broker's acknowledgement (any topic of the pipeline). */
  public void send(String topic, String key, String value) {
    try (KafkaProducer<String, String> p =
        KafkaClients.producer(
            bootstrap,
            auth,
            Map.of(
                "max.block.ms", (int) SEND_TIMEOUT.toMillis(),
                "delivery.timeout.ms", (int) SEND_TIMEOUT.toMillis(),
                "request.timeout.ms", (int) SEND_TIMEOUT.toMillis() - 1000))) {
      p.send(new ProducerRecord<>(topic, key, value))
          .get(SEND_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + topic, e);
    } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "could not publish to topic "
              + topic
              + " on "
              + bootstrap
              + ": "
              + cause.getMessage()
              + " (is the broker up and the topic created? bin/cardstream stack init creates it)",
          cause);
    }
  }

  private List<ConsumerRecord<String, String>> readAll(String topic) {
    try (KafkaConsumer<String, String> c = KafkaClients.consumer(bootstrap, auth, Map.of())) {
      List<TopicPartition> parts = KafkaClients.partitions(c, topic);
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<ConsumerRecord<String, String>> out = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!KafkaClients.reached(c, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end within 30 s");
        }
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }
}

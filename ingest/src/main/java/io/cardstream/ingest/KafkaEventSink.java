package io.cardstream.ingest;

import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka sink: the project's idempotent {@code acks=all} producer, with every wait bounded by
 * the broker timeout, so a broker that cannot take writes becomes a 503 within that time instead of
 * a request that hangs.
 */
public final class KafkaEventSink implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final String bootstrap;
  private final KafkaAuth auth;
  private final String topic;
  private final KafkaProducer<String, String> producer;
  private Admin admin;

  public KafkaEventSink(String bootstrap, KafkaAuth auth, String topic, Duration brokerTimeout) {
    this.bootstrap = bootstrap;
    this.auth = auth;
    this.topic = topic;
    int timeout = (int) brokerTimeout.toMillis();
    this.producer =
        KafkaClients.producer(
            bootstrap,
            auth,
            Map.of(
                ProducerConfig.CLIENT_ID_CONFIG,
                "cardstream-collector",
                // send() waits this long for metadata or buffer space,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                timeout,
                // and a sent record is acknowledged or failed within this time.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                timeout,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Math.max(50, timeout / 2),
                // A request waits for its records' acks: lingering only adds to its latency.
                ProducerConfig.LINGER_MS_CONFIG,
                0));
  }

  @Override
  public CompletableFuture<Void> write(List<Event> events) {
    CompletableFuture<Void> all = new CompletableFuture<>();
    if (events.isEmpty()) {
      all.complete(null);
      return all;
    }
    AtomicInteger pending = new AtomicInteger(events.size());
    for (Event e : events) {
      if (all.isDone()) {
        // One failed: the rest would only wait for the same broker, once each.
        break;
      }
      try {
        producer.send(
            new ProducerRecord<>(topic, e.key(), e.value()),
            (metadata, error) -> {
              if (error != null) {
                all.completeExceptionally(unavailable(error));
              } else if (pending.decrementAndGet() == 0) {
                all.complete(null);
              }
            });
      } catch (KafkaException | IllegalStateException ex) {
        all.completeExceptionally(unavailable(ex));
      }
    }
    return all;
  }

  private Unavailable unavailable(Throwable error) {
    return new Unavailable(
        "the broker at " + bootstrap + " did not acknowledge a write to " + topic + ": " + error,
        error);
  }

  @Override
  public synchronized boolean reachable() {
    try {
      if (admin == null) {
        admin =
            KafkaClients.admin(
                bootstrap,
                auth,
                Map.of(
                    "client.id", "cardstream-collector-health",
                    "request.timeout.ms", (int) PROBE_TIMEOUT.toMillis(),
                    "default.api.timeout.ms", (int) PROBE_TIMEOUT.toMillis()));
      }
      return !admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
          .nodes()
          .get(PROBE_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
          .isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      LOG.debug("broker probe failed: {}", e.toString());
      return false;
    }
  }

  @Override
  public synchronized void close() {
    producer.close(Duration.ofSeconds(5));
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }
}

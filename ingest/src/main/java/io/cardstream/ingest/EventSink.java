package io.cardstream.ingest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where accepted events go: the {@code transactions} topic ({@link KafkaEventSink}), or later a
 * Kinesis stream (PutRecords takes the same batch of keyed records). The collector answers 2xx only
 * after {@link #write}'s future completed, so an implementation must complete it only when the
 * service acknowledged every event durably.
 */
public interface EventSink extends AutoCloseable {

  /**
   * One event.
   *
   * @param key the partition key: the card (or account) token, so one card's events stay in order
   * @param value the event's JSON
   */
  record Event(String key, String value) {}

  /**
   * Writes a batch.
   *
   * @return completes normally when every event is acknowledged, exceptionally (with {@link
   *     Unavailable}) as soon as one cannot be; some events may then have been written anyway (the
   *     client retries the request; the stream deduplicates by trans_num)
   */
  CompletableFuture<Void> write(List<Event> events);

  /** A cheap liveness check of the service (for {@code /health}); must return within seconds. */
  boolean reachable();

  @Override
  void close();

  /** The service did not take a write. The message says why; it never holds an event. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

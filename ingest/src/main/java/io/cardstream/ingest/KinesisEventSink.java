package io.cardstream.ingest;

import io.cardstream.common.aws.KinesisClients;
import io.cardstream.common.aws.KinesisWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The Kinesis sink: PutRecords through {@link KinesisWriter} (500 records a call, partial failures
 * retried with backoff, one card's events in order). A request's events are written by a small
 * pool, so a slow stream holds threads of this pool and not the server's; the server answers 503
 * when its broker timeout passes first. The attempts are few enough for the backoff (~3 s in all)
 * to fit in the default timeout.
 */
public final class KinesisEventSink implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(KinesisEventSink.class);
  private static final int MAX_ATTEMPTS = 6;

  private final String stream;
  private final KinesisClient client;
  private final KinesisWriter writer;
  private final ExecutorService pool;

  public KinesisEventSink(String endpoint, String region, String stream, Duration timeout) {
    this.stream = stream;
    this.client = KinesisClients.create(endpoint, region, timeout);
    this.writer = new KinesisWriter(client, stream, MAX_ATTEMPTS, Thread::sleep);
    this.pool =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "collector-kinesis");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public CompletableFuture<Void> write(List<Event> events) {
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<KinesisWriter.Entry> entries =
        events.stream().map(e -> KinesisWriter.Entry.of(e.key(), e.value())).toList();
    CompletableFuture<Void> done = new CompletableFuture<>();
    pool.execute(
        () -> {
          try {
            writer.put(entries);
            done.complete(null);
          } catch (IllegalStateException | SdkException e) {
            done.completeExceptionally(
                new Unavailable(
                    "the Kinesis stream " + stream + " did not take a write: " + e.getMessage(),
                    e));
          }
        });
    return done;
  }

  @Override
  public boolean reachable() {
    try {
      return client
          .describeStreamSummary(r -> r.streamName(stream))
          .streamDescriptionSummary()
          .streamStatusAsString()
          .matches("ACTIVE|UPDATING");
    } catch (SdkException e) {
      LOG.debug("Kinesis probe failed: {}", e.toString());
      return false;
    }
  }

  @Override
  public void close() {
    pool.shutdown();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}

package io.cardstream.streaming.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes items with BatchWriteItem: at most 25 per call, duplicates (same key) removed across the
 * whole list (the last one wins), UnprocessedItems retried with exponential backoff and jitter, and
 * throttling errors retried the same way. Keys are deterministic, so writing a batch again (a
 * replayed micro-batch) leaves the table as it was. Works unchanged against AWS and DynamoDB Local:
 * only the endpoint differs.
 *
 * <p>Calls run {@code parallelism} at a time: a call's latency, not DynamoDB's capacity, bounds one
 * sequential writer (see docs/streaming.md for the measurements).
 */
public final class DynamoDbBatchWriter implements AutoCloseable {

  public static final int MAX_BATCH = 25;

  private final DynamoDbClient client;
  private final int maxAttempts;
  private final long baseBackoffMillis;
  private final int parallelism;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private ExecutorService pool;

  public DynamoDbBatchWriter(DynamoDbClient client, int maxAttempts, long baseBackoffMillis) {
    this(client, maxAttempts, baseBackoffMillis, 1);
  }

  public DynamoDbBatchWriter(
      DynamoDbClient client, int maxAttempts, long baseBackoffMillis, int parallelism) {
    if (parallelism < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException(
          "parallelism and maxAttempts must be >= 1, got " + parallelism + ", " + maxAttempts);
    }
    this.client = client;
    this.maxAttempts = maxAttempts;
    this.baseBackoffMillis = baseBackoffMillis;
    this.parallelism = parallelism;
  }

  /**
   * Puts every item, in calls of at most 25.
   *
   * @param keyAttributes the table's key attribute names, for de-duplication
   * @throws IllegalStateException when items are still unprocessed after the last attempt
   */
  public void putAll(
      String table, List<Map<String, AttributeValue>> items, List<String> keyAttributes) {
    List<Map<String, AttributeValue>> unique = unique(items, keyAttributes);
    List<List<Map<String, AttributeValue>>> calls = new ArrayList<>();
    for (int from = 0; from < unique.size(); from += MAX_BATCH) {
      calls.add(unique.subList(from, Math.min(from + MAX_BATCH, unique.size())));
    }
    run(calls, c -> write(table, c), "writing to " + table);
  }

  /**
   * Puts each item with a condition (one PutItem each: BatchWriteItem takes none); an item whose
   * condition fails is left as the table has it.
   *
   * @return the items written (the others failed their condition)
   */
  public long putAllIf(
      String table,
      List<Map<String, AttributeValue>> items,
      List<String> keyAttributes,
      String condition,
      Map<String, AttributeValue> values) {
    AtomicLong written = new AtomicLong();
    run(
        unique(items, keyAttributes),
        item -> {
          if (putIf(table, item, condition, values)) {
            written.incrementAndGet();
          }
        },
        "writing to " + table);
    return written.get();
  }

  /** The last item of each key (de-duplicating the whole list keeps concurrent calls apart). */
  private static List<Map<String, AttributeValue>> unique(
      List<Map<String, AttributeValue>> items, List<String> keyAttributes) {
    Map<List<AttributeValue>, Map<String, AttributeValue>> byKey = new LinkedHashMap<>();
    for (Map<String, AttributeValue> item : items) {
      byKey.put(keyAttributes.stream().map(item::get).toList(), item);
    }
    return new ArrayList<>(byKey.values());
  }

  /** Runs {@code work} on every unit, {@code parallelism} at a time. */
  private <T> void run(List<T> units, java.util.function.Consumer<T> work, String what) {
    if (parallelism == 1 || units.size() <= 1) {
      units.forEach(work);
      return;
    }
    if (pool == null) {
      pool = Executors.newFixedThreadPool(parallelism, daemonThreads());
    }
    List<Future<?>> running = new ArrayList<>();
    for (T u : units) {
      running.add(pool.submit(() -> work.accept(u)));
    }
    Tasks.awaitAll(running, what);
  }

  private boolean putIf(
      String table,
      Map<String, AttributeValue> item,
      String condition,
      Map<String, AttributeValue> values) {
    for (int attempt = 1; ; attempt++) {
      try {
        calls.incrementAndGet();
        client.putItem(
            p ->
                p.tableName(table)
                    .item(item)
                    .conditionExpression(condition)
                    .expressionAttributeValues(values));
        return true;
      } catch (ConditionalCheckFailedException e) {
        return false;
      } catch (SdkException e) {
        if (!isRetryable(e) || attempt >= maxAttempts) {
          throw e;
        }
      }
      retries.incrementAndGet();
      sleep(backoff(attempt));
    }
  }

  private static ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "dynamodb-writer");
      t.setDaemon(true);
      return t;
    };
  }

  private void write(String table, List<Map<String, AttributeValue>> items) {
    List<WriteRequest> pending =
        items.stream()
            .map(
                i ->
                    WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build())
            .toList();
    for (int attempt = 1; ; attempt++) {
      try {
        calls.incrementAndGet();
        Map<String, List<WriteRequest>> request = Map.of(table, pending);
        BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(request));
        List<WriteRequest> left = r.unprocessedItems().getOrDefault(table, List.of());
        if (left.isEmpty()) {
          return;
        }
        pending = left;
      } catch (SdkException e) {
        if (!isRetryable(e) || attempt >= maxAttempts) {
          throw e;
        }
      }
      if (attempt >= maxAttempts) {
        throw new IllegalStateException(
            pending.size()
                + " items still unprocessed in "
                + table
                + " after "
                + attempt
                + " attempts");
      }
      retries.incrementAndGet();
      sleep(backoff(attempt));
    }
  }

  private static boolean isRetryable(SdkException e) {
    String name = e.getClass().getSimpleName();
    return e.retryable()
        || name.contains("Throughput")
        || name.contains("RequestLimit")
        || name.contains("Throttl")
        || name.contains("InternalServer");
  }

  long backoff(int attempt) {
    long cap = baseBackoffMillis * (1L << Math.min(attempt, 10));
    return Math.min(20_000, ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }

  public long calls() {
    return calls.get();
  }

  public long retries() {
    return retries.get();
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    client.close();
  }
}

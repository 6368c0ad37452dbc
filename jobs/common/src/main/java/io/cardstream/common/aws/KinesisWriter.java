package io.cardstream.common.aws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Writes records to a Kinesis stream with PutRecords: up to 500 records and 5 MiB a call, failed
 * entries of a partial failure retried with backoff. PutRecords does not keep the order of the
 * records of one call, so a call carries at most one record per partition key: a key's next record
 * goes only after the previous one was written. With the card token as the key, each card's records
 * reach the stream in their order, retries included.
 */
public final class KinesisWriter {

  public static final int MAX_RECORDS_PER_CALL = 500;
  public static final int MAX_BYTES_PER_CALL = 5 * 1024 * 1024;

  /** A record's data and partition key together. */
  public static final int MAX_RECORD_BYTES = 1024 * 1024;

  /** One record: the partition key (the card token) and the message. */
  public record Entry(String partitionKey, byte[] data) {
    public Entry {
      if (partitionKey == null || partitionKey.isEmpty() || partitionKey.length() > 256) {
        throw new IllegalArgumentException("a Kinesis partition key has 1 to 256 characters");
      }
      if (size(partitionKey, data) > MAX_RECORD_BYTES) {
        throw new IllegalArgumentException(
            "a Kinesis record is at most 1 MiB (data and key); this one has "
                + size(partitionKey, data)
                + " bytes");
      }
    }

    static int size(String key, byte[] data) {
      return key.getBytes(StandardCharsets.UTF_8).length + data.length;
    }

    public static Entry of(String partitionKey, String value) {
      return new Entry(partitionKey, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** What a write did: records written, PutRecords calls, entries that were sent again. */
  public record Result(long records, long calls, long retried) {}

  /** Waits between attempts (replaced in tests). */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final KinesisClient client;
  private final String stream;
  private final int maxAttempts;
  private final Sleeper sleeper;

  public KinesisWriter(KinesisClient client, String stream) {
    this(client, stream, 10, Thread::sleep);
  }

  /**
   * @param maxAttempts how often one record (or one call that failed as a whole) is tried before
   *     the write fails
   */
  public KinesisWriter(KinesisClient client, String stream, int maxAttempts, Sleeper sleeper) {
    this.client = client;
    this.stream = stream;
    this.maxAttempts = maxAttempts;
    this.sleeper = sleeper;
  }

  /**
   * Writes every entry, each partition key's entries in their order.
   *
   * @throws IllegalStateException when an entry still fails after {@code maxAttempts}: the ones
   *     written before stay written (a retry of the whole list may write those again, which the
   *     stream's dedupe by trans_num absorbs)
   */
  public Result put(List<Entry> entries) {
    Map<String, ArrayDeque<Entry>> queues = new LinkedHashMap<>();
    for (Entry e : entries) {
      queues.computeIfAbsent(e.partitionKey(), k -> new ArrayDeque<>()).add(e);
    }
    Map<String, Integer> attempts = new HashMap<>();
    long written = 0;
    long calls = 0;
    long retried = 0;
    int backoffRound = 0;
    while (!queues.isEmpty()) {
      List<Entry> call = new ArrayList<>();
      long bytes = 0;
      for (ArrayDeque<Entry> q : queues.values()) {
        Entry head = q.peek();
        int size = Entry.size(head.partitionKey(), head.data());
        if (call.size() == MAX_RECORDS_PER_CALL || bytes + size > MAX_BYTES_PER_CALL) {
          break;
        }
        call.add(head);
        bytes += size;
      }
      PutRecordsResponse response;
      try {
        calls++;
        response =
            client.putRecords(
                r ->
                    r.streamName(stream)
                        .records(
                            call.stream()
                                .map(
                                    e ->
                                        PutRecordsRequestEntry.builder()
                                            .partitionKey(e.partitionKey())
                                            .data(SdkBytes.fromByteArrayUnsafe(e.data()))
                                            .build())
                                .toList()));
      } catch (SdkException e) {
        // The call failed as a whole (throttled, the service unreachable): all of it again.
        for (Entry en : call) {
          count(attempts, en, e.getMessage());
        }
        retried += call.size();
        pause(++backoffRound);
        continue;
      }
      boolean failed = false;
      List<PutRecordsResultEntry> results = response.records();
      for (int i = 0; i < call.size(); i++) {
        Entry en = call.get(i);
        PutRecordsResultEntry r = results.get(i);
        if (r.errorCode() == null) {
          ArrayDeque<Entry> q = queues.get(en.partitionKey());
          q.poll();
          attempts.remove(en.partitionKey());
          if (q.isEmpty()) {
            queues.remove(en.partitionKey());
          }
          written++;
        } else {
          count(attempts, en, r.errorCode() + ": " + r.errorMessage());
          retried++;
          failed = true;
        }
      }
      if (failed) {
        pause(++backoffRound);
      } else {
        backoffRound = 0;
      }
    }
    return new Result(written, calls, retried);
  }

  private void count(Map<String, Integer> attempts, Entry e, String why) {
    int n = attempts.merge(e.partitionKey(), 1, Integer::sum);
    if (n >= maxAttempts) {
      throw new IllegalStateException(
          "Kinesis stream '"
              + stream
              + "' did not take a record after "
              + n
              + " attempts (last error: "
              + why
              + ")");
    }
  }

  private void pause(int round) {
    // 50 ms doubling to 5 s: PutRecords throttling is per shard and per second.
    long ms = Math.min(5_000L, 50L << Math.min(round - 1, 7));
    try {
      sleeper.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to Kinesis", e);
    }
  }
}

package io.cardstream.console.source;

import io.cardstream.common.aws.ShardPosition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Counts each shard's waiting records by reading them from the checkpoint's position. Kinesis has
 * no end offset to subtract from, and {@code MillisBehindLatest} gives time, not records (and the
 * emulator always answers 0), so the reader pages through at most {@link #MAX_CALLS} GetRecords
 * calls per shard and reports a lower bound past that. Each call counts against the shard's five
 * reads a second it shares with the stream, which is why the count is capped.
 */
public final class KinesisShardBacklog implements ShardBacklog {

  /** GetRecords calls per shard and page at most (10,000 records each). */
  static final int MAX_CALLS = 5;

  /** The most records counted per shard. */
  public static final long MAX_COUNTED = MAX_CALLS * 10_000L;

  private final KinesisClient client;
  private final String stream;
  private final Duration budget;
  private final Clock clock;

  public KinesisShardBacklog(KinesisClient client, String stream, Duration budget, Clock clock) {
    this.client = client;
    this.stream = stream;
    this.budget = budget;
    this.clock = clock;
  }

  @Override
  public List<Backlog> backlog(Map<String, StreamFiles.ShardAt> done) {
    long deadline = System.nanoTime() + budget.toNanos();
    List<Backlog> out = new ArrayList<>();
    for (Shard shard : shards()) {
      StreamFiles.ShardAt at = done.get(shard.shardId());
      boolean closed = shard.sequenceNumberRange().endingSequenceNumber() != null;
      String head = closed ? "closed" : "open";
      if (at != null && at.ended()) {
        out.add(new Backlog(stream, shard.shardId(), head, "read to its end", 0, false, null));
        continue;
      }
      out.add(count(shard.shardId(), head, at, deadline));
    }
    return out;
  }

  private List<Shard> shards() {
    List<Shard> all = new ArrayList<>();
    ListShardsResponse r =
        client.listShards(ListShardsRequest.builder().streamName(stream).build());
    all.addAll(r.shards());
    while (r.nextToken() != null) {
      r = client.listShards(ListShardsRequest.builder().nextToken(r.nextToken()).build());
      all.addAll(r.shards());
    }
    return all;
  }

  private Backlog count(String shardId, String head, StreamFiles.ShardAt at, long deadline) {
    // The checkpoint's position, as the stream's source wrote it; none yet: the shard's start.
    ShardPosition from =
        at == null
            ? ShardPosition.trimHorizon()
            : new ShardPosition(ShardPosition.Kind.valueOf(at.position()), at.value(), false);
    String doneUpTo =
        switch (from.kind()) {
          case TRIM_HORIZON -> at == null ? "(not started)" : "(nothing read yet)";
          case AT_TIMESTAMP ->
              "(nothing read yet; starts at "
                  + Instant.ofEpochMilli(Long.parseLong(from.value()))
                  + ")";
          case AFTER -> "sequence " + from.value();
        };
    String iterator = client.getShardIterator(from.iterator(stream, shardId)).shardIterator();
    long waiting = 0;
    Instant oldest = null;
    boolean more = false;
    for (int call = 0; iterator != null; call++) {
      if (call == MAX_CALLS || System.nanoTime() > deadline) {
        more = true;
        break;
      }
      GetRecordsResponse r =
          client.getRecords(
              GetRecordsRequest.builder().shardIterator(iterator).limit(10_000).build());
      if (oldest == null && !r.records().isEmpty()) {
        oldest = r.records().get(0).approximateArrivalTimestamp();
      }
      waiting += r.records().size();
      Long behind = r.millisBehindLatest();
      if (r.records().isEmpty() && (behind == null || behind == 0)) {
        break; // at the shard's tip
      }
      iterator = r.nextShardIterator();
    }
    Long age =
        oldest == null ? null : Math.max(0, Duration.between(oldest, clock.instant()).toMillis());
    return new Backlog(stream, shardId, head, doneUpTo, waiting, more, age);
  }
}

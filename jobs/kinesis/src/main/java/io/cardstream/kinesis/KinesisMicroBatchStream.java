package io.cardstream.kinesis;

import io.cardstream.common.aws.ShardPosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadAllAvailable;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReadMaxRows;
import org.apache.spark.sql.connector.read.streaming.ReportsSourceMetrics;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The driver's side of the source. For each micro-batch it reads ahead in every shard (up to the
 * batch's share of {@code maxRecordsPerTrigger}) only to find where the batch ends: the sequence
 * number of the last record per shard. That end offset goes to the checkpoint's offset log before
 * any executor reads, and the executors then read exactly the records up to it ({@link
 * KinesisPartitionReader}), so a restarted batch reads the same records again. The price is that
 * every record is fetched twice (once here, once by an executor).
 *
 * <p>Resharding: a closed shard is read to its end (GetRecords returns no next iterator) and is
 * then marked ended in the offset; a child shard joins only when all its parents that still exist
 * have ended, so a card's records before a split or merge are always read before its records after.
 */
final class KinesisMicroBatchStream
    implements MicroBatchStream, SupportsTriggerAvailableNow, ReportsSourceMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(KinesisMicroBatchStream.class);

  /** Empty pages in a row after which a shard counts as caught up (behind, or closed). */
  private static final int MAX_EMPTY_PAGES = 5;

  private final KinesisOptions options;
  private final KinesisClient client;
  private final Map<String, Long> millisBehind = new java.util.concurrent.ConcurrentSkipListMap<>();

  /** Set by Trigger.AvailableNow: only records that arrived before it are read. */
  private Long cutoffMillis;

  KinesisMicroBatchStream(KinesisOptions options) {
    this.options = options;
    this.client = options.client();
  }

  @Override
  public Offset initialOffset() {
    List<Shard> shards = listShards();
    Map<String, ShardPosition> start = new TreeMap<>();
    String p = options.startingPosition();
    if (p.equalsIgnoreCase("TRIM_HORIZON")) {
      // Every shard without a living parent; the others join as their parents end.
      Map<String, Shard> byId = index(shards);
      for (Shard s : shards) {
        if (parents(s).stream().noneMatch(byId::containsKey)) {
          start.put(s.shardId(), ShardPosition.trimHorizon());
        }
      }
    } else {
      long at =
          p.equalsIgnoreCase("LATEST")
              ? System.currentTimeMillis()
              : java.time.Instant.parse(p).toEpochMilli();
      for (Shard s : shards) {
        if (s.sequenceNumberRange().endingSequenceNumber() == null) {
          start.put(s.shardId(), ShardPosition.atTimestamp(at));
        }
      }
    }
    LOG.info("Kinesis stream {}: starting at {} on {}", options.stream(), p, start.keySet());
    return new KinesisOffset(start);
  }

  @Override
  public ReadLimit getDefaultReadLimit() {
    return ReadLimit.maxRows(options.maxRecordsPerTrigger());
  }

  @Override
  public void prepareForTriggerAvailableNow() {
    cutoffMillis = System.currentTimeMillis();
  }

  @Override
  public Offset latestOffset() {
    throw new UnsupportedOperationException("latestOffset(Offset, ReadLimit) is used instead");
  }

  @Override
  public Offset latestOffset(Offset startOffset, ReadLimit limit) {
    KinesisOffset start = (KinesisOffset) startOffset;
    Map<String, ShardPosition> next = new TreeMap<>(start.shards());
    List<Shard> listed = listShards();
    Map<String, Shard> byId = index(listed);
    // A child joins in the batch after the one its parents ended in, so a parent's records and
    // its children's are never in one batch (where Spark would not keep their order).
    for (Shard s : listed) {
      if (!next.containsKey(s.shardId()) && parentsEnded(s, start.shards(), byId)) {
        next.put(s.shardId(), ShardPosition.trimHorizon());
      }
    }
    List<String> open =
        next.entrySet().stream().filter(e -> !e.getValue().ended()).map(Map.Entry::getKey).toList();
    long budget = maxRows(limit);
    long share = open.isEmpty() ? 0 : Math.max(1, budget / open.size());
    for (String shard : open) {
      long[] taken = {0};
      Shard listedShard = byId.get(shard);
      boolean closed =
          listedShard != null && listedShard.sequenceNumberRange().endingSequenceNumber() != null;
      next.put(shard, scan(shard, next.get(shard), closed, Math.min(share, budget), taken));
      budget -= taken[0];
      if (budget <= 0) {
        break;
      }
    }
    KinesisOffset end = new KinesisOffset(next);
    return end.json().equals(start.json()) ? start : end;
  }

  /** Reads ahead in one shard from {@code from}: where the batch's share of it ends. */
  private ShardPosition scan(
      String shard, ShardPosition from, boolean closed, long max, long[] taken) {
    ShardReader reader = new ShardReader(client, options, shard, from);
    String last = null;
    boolean ended = false;
    int empty = 0;
    outer:
    while (taken[0] < max) {
      ShardReader.Page page = reader.next((int) Math.min(options.recordsPerCall(), max - taken[0]));
      millisBehind.put(shard, page.millisBehindLatest());
      for (Record r : page.records()) {
        if (cutoffMillis != null
            && r.approximateArrivalTimestamp() != null
            && r.approximateArrivalTimestamp().toEpochMilli() > cutoffMillis) {
          break outer;
        }
        last = r.sequenceNumber();
        taken[0]++;
      }
      if (page.ended()) {
        ended = true;
        break;
      }
      // At the tip of an open shard; a closed one is paged on until it says it ended (an emulator
      // may answer empty pages first).
      if (page.records().isEmpty()
          && ((page.millisBehindLatest() == 0 && !closed) || ++empty >= MAX_EMPTY_PAGES)) {
        break;
      }
    }
    ShardPosition p = last == null ? from : ShardPosition.after(last);
    // Read to its end: its children may start with the next pass.
    return ended ? p.ended(true) : p;
  }

  private static boolean parentsEnded(
      Shard s, Map<String, ShardPosition> positions, Map<String, Shard> listed) {
    for (String parent : parents(s)) {
      ShardPosition p = positions.get(parent);
      if (p != null ? !p.ended() : listed.containsKey(parent)) {
        return false; // a parent still being read, or one that has not joined yet
      }
    }
    return true;
  }

  private static List<String> parents(Shard s) {
    List<String> p = new ArrayList<>(2);
    if (s.parentShardId() != null) {
      p.add(s.parentShardId());
    }
    if (s.adjacentParentShardId() != null) {
      p.add(s.adjacentParentShardId());
    }
    return p;
  }

  private static Map<String, Shard> index(List<Shard> shards) {
    Map<String, Shard> m = new LinkedHashMap<>();
    shards.forEach(s -> m.put(s.shardId(), s));
    return m;
  }

  private static long maxRows(ReadLimit limit) {
    if (limit instanceof ReadMaxRows m) {
      return m.maxRows();
    }
    if (limit instanceof ReadAllAvailable) {
      return Long.MAX_VALUE;
    }
    throw new UnsupportedOperationException("the Kinesis source cannot apply read limit " + limit);
  }

  private List<Shard> listShards() {
    List<Shard> shards = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      ListShardsResponse r =
          Retry.call(
              "ListShards on " + options.stream(),
              options.maxAttempts(),
              () ->
                  client.listShards(
                      l -> {
                        if (t == null) {
                          l.streamName(options.stream());
                        } else {
                          l.nextToken(t);
                        }
                      }));
      shards.addAll(r.shards());
      token = r.nextToken();
    } while (token != null);
    return shards;
  }

  @Override
  public InputPartition[] planInputPartitions(Offset start, Offset end) {
    Map<String, ShardPosition> from = ((KinesisOffset) start).shards();
    List<InputPartition> parts = new ArrayList<>();
    ((KinesisOffset) end)
        .shards()
        .forEach(
            (shard, to) -> {
              ShardPosition f = from.getOrDefault(shard, ShardPosition.trimHorizon());
              // A range only where the batch read something: its end is after a record.
              if (to.kind() == ShardPosition.Kind.AFTER && !to.value().equals(f.value())) {
                parts.add(new ShardRange(shard, f.ended(false), to.value()));
              }
            });
    return parts.toArray(InputPartition[]::new);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new KinesisPartitionReader.Factory(options);
  }

  @Override
  public Offset deserializeOffset(String json) {
    return KinesisOffset.fromJson(json);
  }

  @Override
  public void commit(Offset end) {
    // Nothing to do: the offsets live in Spark's checkpoint; Kinesis keeps no consumer state.
  }

  @Override
  public Map<String, String> metrics(Optional<Offset> latestConsumedOffset) {
    Map<String, String> m = new TreeMap<>();
    m.put(
        "maxMillisBehindLatest",
        Long.toString(millisBehind.values().stream().mapToLong(Long::longValue).max().orElse(0)));
    millisBehind.forEach((shard, ms) -> m.put("millisBehindLatest." + shard, Long.toString(ms)));
    return m;
  }

  @Override
  public void stop() {
    client.close();
  }

  @Override
  public String toString() {
    return "KinesisMicroBatchStream[" + options.stream() + "]";
  }
}

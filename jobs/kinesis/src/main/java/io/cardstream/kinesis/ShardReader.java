package io.cardstream.kinesis;

import io.cardstream.common.aws.ShardPosition;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Reads one shard forward from a position, page by page (GetRecords). A shard iterator that expired
 * (they live five minutes) is replaced by one after the last record read, so nothing is skipped or
 * read twice.
 */
final class ShardReader {

  /** One GetRecords answer: its records, whether the shard ended, how far behind its tip. */
  record Page(List<Record> records, boolean ended, long millisBehindLatest) {}

  private final KinesisClient client;
  private final KinesisOptions options;
  private final String shardId;
  private ShardPosition position;
  private String iterator;
  private boolean ended;

  ShardReader(KinesisClient client, KinesisOptions options, String shardId, ShardPosition from) {
    this.client = client;
    this.options = options;
    this.shardId = shardId;
    this.position = from;
  }

  Page next(int limit) {
    if (ended) {
      return new Page(List.of(), true, 0);
    }
    if (iterator == null) {
      iterator = newIterator();
    }
    GetRecordsResponse r;
    try {
      String it = iterator;
      r =
          Retry.call(
              "GetRecords on " + shardId,
              options.maxAttempts(),
              () -> client.getRecords(g -> g.shardIterator(it).limit(limit)));
    } catch (ExpiredIteratorException e) {
      iterator = newIterator();
      return next(limit);
    }
    List<Record> records = r.records();
    if (!records.isEmpty()) {
      position = ShardPosition.after(records.get(records.size() - 1).sequenceNumber());
    }
    iterator = r.nextShardIterator();
    ended = iterator == null;
    return new Page(records, ended, r.millisBehindLatest() == null ? 0 : r.millisBehindLatest());
  }

  private String newIterator() {
    return Retry.call(
            "GetShardIterator on " + shardId,
            options.maxAttempts(),
            () -> client.getShardIterator(position.iterator(options.stream(), shardId)))
        .shardIterator();
  }
}

package io.cardstream.local.kafka;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.input.JsonEventParser;
import io.cardstream.common.input.ReaderOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads a Kinesis stream from a point in time to its current end, every shard (closed ones too),
 * and checks each record against the contract: the Kinesis twin of {@link TopicReader}.
 */
public final class KinesisReader {

  private KinesisReader() {}

  public static TopicReader.Summary readFrom(KinesisClient k, String stream, Instant from) {
    JsonEventParser parser = new JsonEventParser(ReaderOptions.defaults());
    long messages = 0;
    long valid = 0;
    Set<String> ids = new HashSet<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    for (Shard shard : k.listShards(l -> l.streamName(stream)).shards()) {
      String it =
          k.getShardIterator(
                  g ->
                      g.streamName(stream)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
                          .timestamp(from))
              .shardIterator();
      while (it != null) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + stream + " did not reach its end within 5 minutes");
        }
        String current = it;
        GetRecordsResponse r = k.getRecords(g -> g.shardIterator(current).limit(10_000));
        for (Record rec : r.records()) {
          messages++;
          ParseResult p =
              parser.parse(
                  new String(rec.data().asByteArrayUnsafe(), StandardCharsets.UTF_8), messages);
          if (p instanceof ParseResult.Valid v) {
            valid++;
            ids.add(v.transaction().transNum());
          }
        }
        // An open shard ends for this read where it is caught up; a closed one where it ends.
        Long behind = r.millisBehindLatest();
        boolean caughtUp = r.records().isEmpty() && (behind == null || behind == 0);
        it = caughtUp ? null : r.nextShardIterator();
      }
    }
    return new TopicReader.Summary(messages, valid, ids.size());
  }
}

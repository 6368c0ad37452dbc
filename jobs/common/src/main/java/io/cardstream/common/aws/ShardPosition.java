package io.cardstream.common.aws;

import java.io.Serializable;
import java.math.BigInteger;
import java.time.Instant;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Where a shard's reading stands: from its trim horizon, from a time, or after a sequence number
 * (the last record read); {@code ended} once a closed shard was read to its end, so that its
 * children may start. The project's Kinesis source keeps it in its offsets; the console reads it
 * back from a checkpoint to count what waits.
 *
 * @param value null, epoch milliseconds, or a sequence number
 */
public record ShardPosition(Kind kind, String value, boolean ended) implements Serializable {

  public enum Kind {
    TRIM_HORIZON,
    AT_TIMESTAMP,
    AFTER
  }

  public static ShardPosition trimHorizon() {
    return new ShardPosition(Kind.TRIM_HORIZON, null, false);
  }

  public static ShardPosition atTimestamp(long epochMillis) {
    return new ShardPosition(Kind.AT_TIMESTAMP, Long.toString(epochMillis), false);
  }

  public static ShardPosition after(String sequenceNumber) {
    return new ShardPosition(Kind.AFTER, sequenceNumber, false);
  }

  public ShardPosition ended(boolean e) {
    return new ShardPosition(kind, value, e);
  }

  /** Is a record with this sequence number past this position? */
  public boolean before(String sequenceNumber) {
    return kind != Kind.AFTER
        || new BigInteger(sequenceNumber).compareTo(new BigInteger(value)) > 0;
  }

  /** The shard iterator request that starts reading at this position. */
  public GetShardIteratorRequest iterator(String stream, String shardId) {
    GetShardIteratorRequest.Builder b =
        GetShardIteratorRequest.builder().streamName(stream).shardId(shardId);
    return switch (kind) {
      case TRIM_HORIZON -> b.shardIteratorType(ShardIteratorType.TRIM_HORIZON).build();
      case AT_TIMESTAMP ->
          b.shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
              .timestamp(Instant.ofEpochMilli(Long.parseLong(value)))
              .build();
      case AFTER ->
          b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
              .startingSequenceNumber(value)
              .build();
    };
  }
}

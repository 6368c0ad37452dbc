package io.cardstream.kinesis;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.unsafe.types.UTF8String;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * An executor's read of one {@link ShardRange}: every record after the range's start up to and
 * including its end sequence number, aggregated records unpacked, then stop. The range was fixed by
 * the driver, so a retried task or a restarted batch yields the same rows.
 */
final class KinesisPartitionReader implements PartitionReader<InternalRow> {

  /** Empty pages in a row before the range's end counts as lost (trimmed by retention). */
  private static final int MAX_EMPTY_PAGES = 20;

  /** Creates the readers on the executors, each with its own client. */
  record Factory(KinesisOptions options) implements PartitionReaderFactory {
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      return new KinesisPartitionReader(options, (ShardRange) partition);
    }
  }

  private final KinesisOptions options;
  private final ShardRange range;
  private final BigInteger end;
  private final KinesisClient client;
  private final ShardReader reader;
  private final ArrayDeque<InternalRow> rows = new ArrayDeque<>();
  private final UTF8String stream;
  private final UTF8String shard;
  private boolean done;
  private int emptyPages;
  private InternalRow current;

  KinesisPartitionReader(KinesisOptions options, ShardRange range) {
    this.options = options;
    this.range = range;
    this.end = new BigInteger(range.to());
    this.client = options.client();
    this.reader = new ShardReader(client, options, range.shardId(), range.from());
    this.stream = UTF8String.fromString(options.stream());
    this.shard = UTF8String.fromString(range.shardId());
  }

  @Override
  public boolean next() {
    while (rows.isEmpty() && !done) {
      fill();
    }
    current = rows.poll();
    return current != null;
  }

  private void fill() {
    ShardReader.Page page = reader.next(options.recordsPerCall());
    for (Record r : page.records()) {
      BigInteger seq = new BigInteger(r.sequenceNumber());
      if (seq.compareTo(end) > 0) {
        done = true;
        return;
      }
      add(r);
      if (seq.equals(end)) {
        done = true;
        return;
      }
    }
    if (page.ended()) {
      throw new IllegalStateException(missing("the shard ended before it"));
    }
    if (page.records().isEmpty()) {
      if (++emptyPages >= MAX_EMPTY_PAGES) {
        throw new IllegalStateException(missing("the shard has nothing more"));
      }
      pause();
    } else {
      emptyPages = 0;
    }
  }

  private String missing(String why) {
    return "Kinesis stream "
        + options.stream()
        + ", "
        + range.shardId()
        + ": records up to "
        + range.to()
        + " were planned for this batch, but "
        + why
        + " (trimmed by the stream's retention?)";
  }

  private void add(Record r) {
    List<Deaggregator.UserRecord> users =
        Deaggregator.split(r.partitionKey(), r.data().asByteArrayUnsafe());
    Long arrival =
        r.approximateArrivalTimestamp() == null
            ? null
            : r.approximateArrivalTimestamp().toEpochMilli() * 1000L;
    UTF8String seq = UTF8String.fromString(r.sequenceNumber());
    for (int i = 0; i < users.size(); i++) {
      Deaggregator.UserRecord u = users.get(i);
      rows.add(
          new GenericInternalRow(
              new Object[] {
                u.data(),
                stream,
                shard,
                UTF8String.fromString(u.partitionKey()),
                seq,
                (long) i,
                arrival
              }));
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading Kinesis", e);
    }
  }

  @Override
  public InternalRow get() {
    return current;
  }

  @Override
  public void close() {
    client.close();
  }
}

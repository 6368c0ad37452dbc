package io.cardstream.kinesis;

import io.cardstream.common.aws.ShardPosition;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One shard's share of a micro-batch: the records after {@code from} up to and including the
 * sequence number {@code to}, both fixed by the driver before the batch is read.
 */
record ShardRange(String shardId, ShardPosition from, String to) implements InputPartition {}

package io.cardstream.console.source;

/**
 * One partition's or shard's backlog: what the source holds past the stream's last committed batch.
 *
 * @param stream the topic or the Kinesis stream
 * @param part the partition number or the shard id
 * @param head the partition's end offset, or a shard's state ("open", "closed")
 * @param doneUpTo where the stream's last committed batch ends there, for people
 * @param waiting records not yet read by a committed batch
 * @param atLeast {@code waiting} is a lower bound (the reader stopped counting)
 * @param oldestWaitingMs how long ago the oldest waiting record arrived, when known (Kinesis)
 */
public record Backlog(
    String stream,
    String part,
    String head,
    String doneUpTo,
    long waiting,
    boolean atLeast,
    Long oldestWaitingMs) {}

package io.cardstream.console.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.status.StatusSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the scoring stream leaves on disk: its status file ({@link StatusSnapshot}: the last
 * micro-batch, written by the job's status listener after every batch) and its checkpoint (Spark's
 * offset and commit logs: one file per batch, the planned end offsets and the batch's start time;
 * the commit file is written when the batch is done). The checkpoint is the stream's history: rows
 * and duration of every batch Spark still keeps (the last 100 by default), whether or not the
 * console was running then.
 */
public final class StreamFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One micro-batch from the checkpoint.
   *
   * @param planned when Spark planned it (the offset log's batch timestamp)
   * @param committed when its commit file was written (null: not done yet)
   * @param endOffsets per topic and partition, where the batch ends (a Kafka source)
   * @param shards per Kinesis shard, where the batch ends (a Kinesis source; sequence numbers are
   *     no counts, so such a batch's rows are unknown here)
   * @param rows records the batch took (offset differences; null when the batch before it is gone
   *     from the log, or the source is Kinesis)
   */
  public record Batch(
      long id,
      Instant planned,
      Instant committed,
      Map<String, Map<Integer, Long>> endOffsets,
      Map<String, ShardAt> shards,
      Long rows) {
    /** Planned to committed, the batch's wall time. */
    public Long durationMs() {
      return committed == null
          ? null
          : Math.max(0, committed.toEpochMilli() - planned.toEpochMilli());
    }

    public Double rowsPerSecond() {
      Long d = durationMs();
      return rows == null || d == null || d == 0 ? null : rows * 1000.0 / d;
    }
  }

  /**
   * Where a Kinesis source stands in one shard, as the source's offset says ({@code
   * jobs/kinesis/KinesisOffset}).
   *
   * @param position TRIM_HORIZON, AT_TIMESTAMP or AFTER
   * @param value null, epoch milliseconds or the last sequence number read
   * @param ended a closed shard read to its end
   */
  public record ShardAt(String position, String value, boolean ended) {}

  /** The checkpoint: the query id and its batches, oldest first. */
  public record Checkpoint(String queryId, List<Batch> batches) {
    /** The newest batch whose commit is written. */
    public Optional<Batch> lastCommitted() {
      for (int i = batches.size() - 1; i >= 0; i--) {
        if (batches.get(i).committed() != null) {
          return Optional.of(batches.get(i));
        }
      }
      return Optional.empty();
    }
  }

  private final Path statusFile;
  private final Path checkpointDir;

  public StreamFiles(Path statusFile, Path checkpointDir) {
    this.statusFile = statusFile;
    this.checkpointDir = checkpointDir;
  }

  public Path statusFile() {
    return statusFile;
  }

  public Path checkpointDir() {
    return checkpointDir;
  }

  /** The status file, or empty when the stream never wrote one here. */
  public Optional<StatusSnapshot> status() throws IOException {
    String text;
    try {
      text = Files.readString(statusFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    JsonNode n = JSON.readTree(text);
    if (n == null || !n.isObject()) {
      throw new Probe.Unavailable(statusFile + " is not a JSON object");
    }
    return Optional.of(StatusSnapshot.fromJson(n));
  }

  /** The checkpoint's batches, or empty when there is no checkpoint here. */
  public Optional<Checkpoint> checkpoint() throws IOException {
    Path offsets = checkpointDir.resolve("offsets");
    if (!Files.isDirectory(offsets)) {
      return Optional.empty();
    }
    String queryId = null;
    Path metadata = checkpointDir.resolve("metadata");
    if (Files.isRegularFile(metadata)) {
      queryId = JSON.readTree(Files.readString(metadata)).path("id").asText(null);
    }
    List<Long> ids;
    try (Stream<Path> s = Files.list(offsets)) {
      ids =
          s.map(p -> p.getFileName().toString())
              .filter(f -> f.matches("[0-9]+"))
              .map(Long::parseLong)
              .sorted()
              .toList();
    }
    Map<String, Map<Integer, Long>> previous = initialOffsets();
    long previousId = -1;
    List<Batch> batches = new ArrayList<>();
    for (long id : ids) {
      List<String> lines;
      try {
        lines = Files.readAllLines(offsets.resolve(Long.toString(id)), StandardCharsets.UTF_8);
      } catch (NoSuchFileException gone) {
        continue; // Spark cleaned it up meanwhile
      }
      if (lines.size() < 3 || !lines.get(0).startsWith("v")) {
        continue; // being written, or not an offset log entry
      }
      Instant planned =
          Instant.ofEpochMilli(JSON.readTree(lines.get(1)).path("batchTimestampMs").asLong());
      JsonNode offset = JSON.readTree(lines.get(2));
      Map<String, ShardAt> shards = kinesisShards(offset);
      Map<String, Map<Integer, Long>> end = shards.isEmpty() ? kafkaOffsets(offset) : Map.of();
      Path commit = checkpointDir.resolve("commits").resolve(Long.toString(id));
      Instant committed =
          Files.isRegularFile(commit) ? Files.getLastModifiedTime(commit).toInstant() : null;
      Long rows = null;
      if (shards.isEmpty()
          && previous != null
          && (previousId == id - 1 || (previousId == -1 && id == 0))) {
        rows = difference(previous, end);
      }
      batches.add(new Batch(id, planned, committed, end, shards, rows));
      previous = end;
      previousId = id;
    }
    return Optional.of(new Checkpoint(queryId, batches));
  }

  /** Where the Kafka source started: the source log's first entry ({@code sources/0/0}). */
  private Map<String, Map<Integer, Long>> initialOffsets() throws IOException {
    Path f = checkpointDir.resolve("sources").resolve("0").resolve("0");
    if (!Files.isRegularFile(f)) {
      return null;
    }
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    for (String l : lines) {
      if (l.startsWith("{")) {
        return kafkaOffsets(JSON.readTree(l));
      }
    }
    return null;
  }

  /**
   * The Kinesis source's offset: {@code {"shards": {"shardId-0": {"position": "AFTER", "value":
   * "4959..."}}}}; empty for any other source.
   */
  static Map<String, ShardAt> kinesisShards(JsonNode n) {
    Map<String, ShardAt> out = new java.util.TreeMap<>();
    JsonNode shards = n == null ? null : n.get("shards");
    if (shards == null || !shards.isObject()) {
      return out;
    }
    shards
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode s = e.getValue();
              if (s.hasNonNull("position")) {
                out.put(
                    e.getKey(),
                    new ShardAt(
                        s.get("position").asText(),
                        s.hasNonNull("value") ? s.get("value").asText() : null,
                        s.path("ended").asBoolean(false)));
              }
            });
    return out;
  }

  /** Spark's Kafka source offsets: {@code {"topic": {"0": 123, "1": 456}}}. */
  static Map<String, Map<Integer, Long>> kafkaOffsets(JsonNode n) {
    Map<String, Map<Integer, Long>> out = new LinkedHashMap<>();
    if (n == null || !n.isObject()) {
      return out;
    }
    n.fields()
        .forEachRemaining(
            t -> {
              if (!t.getValue().isObject()) {
                return; // another source's format (Kinesis shards)
              }
              Map<Integer, Long> parts = new java.util.TreeMap<>();
              t.getValue()
                  .fields()
                  .forEachRemaining(
                      p -> {
                        if (p.getKey().matches("[0-9]+") && p.getValue().canConvertToLong()) {
                          parts.put(Integer.parseInt(p.getKey()), p.getValue().asLong());
                        }
                      });
              out.put(t.getKey(), parts);
            });
    return out;
  }

  private static Long difference(
      Map<String, Map<Integer, Long>> before, Map<String, Map<Integer, Long>> after) {
    long rows = 0;
    for (var t : after.entrySet()) {
      Map<Integer, Long> b = before.getOrDefault(t.getKey(), Map.of());
      for (var p : t.getValue().entrySet()) {
        Long start = b.get(p.getKey());
        rows += p.getValue() - (start == null ? 0 : start);
      }
    }
    return rows;
  }

  /** For sorting batches by id. */
  static final Comparator<Batch> BY_ID = Comparator.comparingLong(Batch::id);
}

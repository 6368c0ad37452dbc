package io.cardstream.common.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.features.DriftReport;
import io.cardstream.common.json.JsonFields;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The scoring stream's status file: the decisions query's last micro-batch with the running totals,
 * rewritten after every batch by the stream's status listener, and the sinks' outage a batch is
 * waiting out; in a section of its own, the lake query's. The console's Stream page and scripts
 * read it.
 *
 * @param lastBatch the decisions query's; null until its first batch is written (an outage may come
 *     first), or when this application runs the lake query alone
 * @param outage null unless a decisions batch is retrying its sinks now
 * @param lake the lake query's section; null until its first batch or outage, or when this
 *     application runs the decisions query alone
 */
public record StatusSnapshot(Batch lastBatch, Outage outage, Lake lake) {

  public StatusSnapshot(Batch lastBatch, Outage outage) {
    this(lastBatch, outage, null);
  }

  /** Spark's progress timestamps, which the file keeps as Spark gives them. */
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * One micro-batch's numbers.
   *
   * @param timestamp when Spark started the batch's trigger
   * @param failedRows rows quarantined after they parsed (a stage failed on them, or a sink cannot
   *     hold them)
   * @param modelsSetAside the models set aside since the stream started (latest per pointer)
   * @param rulesRefused why the last rules document was refused (null: none was)
   * @param sinksWritten per sink: written, or skipped as already written (a replayed batch)
   * @param stepMs per step and sink, in the order they finished
   * @param drift the last hour's scored rows against the model's training profile (null: no model,
   *     or one without a profile)
   */
  public record Batch(
      String queryId,
      long batchId,
      Instant timestamp,
      long inputRows,
      double rowsPerSecond,
      long batchDurationMs,
      Map<String, Long> decisions,
      long quarantined,
      long failedRows,
      List<SetAside> modelsSetAside,
      String modelVersion,
      String rulesVersion,
      long flaggedCards,
      String rulesRefused,
      Map<String, Boolean> sinksWritten,
      Map<String, Long> stepMs,
      Drift drift,
      Totals totals) {

    public Batch {
      modelsSetAside = List.copyOf(modelsSetAside);
    }

    /** Whether the decision topics were written (not skipped as already written). */
    public boolean topicsWritten() {
      return sinksWritten.getOrDefault("topics", false);
    }
  }

  /**
   * The lake query's last micro-batch: the decided rows and rejects it took from the lake topic
   * into Delta and DynamoDB.
   *
   * @param timestamp when Spark started the batch's trigger (null: no batch written yet)
   * @param behindMs how long the oldest row of the batch had waited on the lake topic when the
   *     batch was written (the lake's freshness, bar the decision's own latency)
   * @param totalRows rows written since the lake query started
   * @param outage null unless a lake batch is retrying its sinks now
   */
  public record Lake(
      String queryId,
      long batchId,
      Instant timestamp,
      long inputRows,
      long batchDurationMs,
      long silverRows,
      long quarantined,
      Map<String, Boolean> sinksWritten,
      Map<String, Long> stepMs,
      long behindMs,
      long totalRows,
      Outage outage) {

    /** This section with the outage a lake batch is waiting out now (null: none). */
    public Lake withOutage(Outage now) {
      return new Lake(
          queryId,
          batchId,
          timestamp,
          inputRows,
          batchDurationMs,
          silverRows,
          quarantined,
          sinksWritten,
          stepMs,
          behindMs,
          totalRows,
          now);
    }
  }

  /** Since the stream started. */
  public record Totals(long inputRows, long quarantined, Map<String, Long> decisions) {}

  /** The drift block, over the window the stream keeps. */
  public record Drift(DriftReport report, long windowMinutes) {}

  /**
   * A model the stream set aside because it failed when scoring.
   *
   * @param pointer champion or challenger
   */
  public record SetAside(String pointer, String version, String reason, Instant at) {
    /** "champion v3 since …: scoring failed: …" */
    public String describe() {
      return pointer + " " + version + " since " + at + ": " + reason;
    }
  }

  /**
   * A batch waiting for a service that is away.
   *
   * @param attempts how often it tried its sinks so far
   * @param seconds since its first attempt
   */
  public record Outage(long batchId, long attempts, long seconds, String error, Instant at) {
    public String describe() {
      return "batch "
          + batchId
          + " has retried its sinks "
          + attempts
          + " time(s) over "
          + seconds
          + " s: "
          + error;
    }
  }

  /** This snapshot with the outage a batch is waiting out now. */
  public StatusSnapshot withOutage(Outage now) {
    return new StatusSnapshot(lastBatch, now, lake);
  }

  /** This snapshot with the lake query's section. */
  public StatusSnapshot withLake(Lake now) {
    return new StatusSnapshot(lastBatch, outage, now);
  }

  /** Indented, as the status file holds it. */
  public byte[] toBytes() {
    return JsonFields.pretty(toJson());
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonFields.object();
    if (lastBatch != null) {
      write(lastBatch, n);
    }
    if (outage != null) {
      write(outage, n.putObject("outage"));
    }
    if (lake != null) {
      write(lake, n.putObject("lake"));
    }
    return n;
  }

  private static void write(Outage outage, ObjectNode o) {
    o.put("batch_id", outage.batchId());
    o.put("attempts", outage.attempts());
    o.put("seconds", outage.seconds());
    o.put("error", outage.error());
    o.put("at", outage.at().toString());
  }

  private static void write(Lake l, ObjectNode n) {
    n.put("query_id", l.queryId());
    n.put("batch_id", l.batchId());
    n.put("timestamp", l.timestamp() == null ? null : MILLIS.format(l.timestamp()));
    n.put("input_rows", l.inputRows());
    n.put("batch_duration_ms", l.batchDurationMs());
    n.put("silver_rows", l.silverRows());
    n.put("quarantined", l.quarantined());
    JsonFields.putBooleans(n, "sinks_written", l.sinksWritten());
    JsonFields.putLongs(n, "step_ms", l.stepMs());
    n.put("behind_ms", l.behindMs());
    n.put("total_rows", l.totalRows());
    if (l.outage() != null) {
      write(l.outage(), n.putObject("outage"));
    }
  }

  private static void write(Batch b, ObjectNode n) {
    n.put("query_id", b.queryId());
    n.put("batch_id", b.batchId());
    n.put("timestamp", b.timestamp() == null ? null : MILLIS.format(b.timestamp()));
    n.put("input_rows", b.inputRows());
    n.put("rows_per_second", b.rowsPerSecond());
    n.put("batch_duration_ms", b.batchDurationMs());
    JsonFields.putLongs(n, "decisions", b.decisions());
    n.put("quarantined", b.quarantined());
    n.put("failed_rows", b.failedRows());
    if (!b.modelsSetAside().isEmpty()) {
      var a = n.putArray("models_set_aside");
      for (SetAside s : b.modelsSetAside()) {
        a.addObject()
            .put("pointer", s.pointer())
            .put("version", s.version())
            .put("reason", s.reason())
            .put("at", s.at().toString());
      }
    }
    n.put("model_version", b.modelVersion());
    n.put("rules_version", b.rulesVersion());
    n.put("flagged_cards", b.flaggedCards());
    JsonFields.putIfPresent(n, "rules_refused", b.rulesRefused());
    n.put("topics_written", b.topicsWritten());
    JsonFields.putBooleans(n, "sinks_written", b.sinksWritten());
    JsonFields.putLongs(n, "step_ms", b.stepMs());
    if (b.drift() != null) {
      ObjectNode d = b.drift().report().toJson();
      d.put("window_minutes", b.drift().windowMinutes());
      n.set("drift", d);
    }
    ObjectNode t = n.putObject("totals_since_start");
    t.put("input_rows", b.totals().inputRows());
    t.put("quarantined", b.totals().quarantined());
    JsonFields.putLongs(t, "decisions", b.totals().decisions());
  }

  /** The file's content; an {@link IllegalArgumentException} when it is not a status file. */
  public static StatusSnapshot fromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode l = n.path("lake");
    return new StatusSnapshot(
        n.has("query_id") || n.has("batch_id") ? batch(n) : null,
        outage(n.path("outage")),
        l.isObject() ? lake(l) : null);
  }

  private static Outage outage(JsonNode o) {
    return o.isObject()
        ? new Outage(
            o.path("batch_id").asLong(),
            o.path("attempts").asLong(),
            o.path("seconds").asLong(),
            JsonFields.text(o, "error"),
            JsonFields.instant(o, "at"))
        : null;
  }

  private static Lake lake(JsonNode n) {
    return new Lake(
        JsonFields.text(n, "query_id"),
        n.path("batch_id").asLong(),
        JsonFields.instant(n, "timestamp"),
        n.path("input_rows").asLong(),
        n.path("batch_duration_ms").asLong(),
        n.path("silver_rows").asLong(),
        n.path("quarantined").asLong(),
        JsonFields.booleans(n.path("sinks_written")),
        JsonFields.longs(n.path("step_ms")),
        n.path("behind_ms").asLong(),
        n.path("total_rows").asLong(),
        outage(n.path("outage")));
  }

  private static Batch batch(JsonNode n) {
    JsonNode t = n.path("totals_since_start");
    JsonNode d = n.path("drift");
    return new Batch(
        JsonFields.text(n, "query_id"),
        n.path("batch_id").asLong(),
        JsonFields.instant(n, "timestamp"),
        n.path("input_rows").asLong(),
        n.path("rows_per_second").asDouble(),
        n.path("batch_duration_ms").asLong(),
        JsonFields.longs(n.path("decisions")),
        n.path("quarantined").asLong(),
        n.path("failed_rows").asLong(),
        setAside(n.path("models_set_aside")),
        JsonFields.text(n, "model_version"),
        JsonFields.text(n, "rules_version"),
        n.path("flagged_cards").asLong(),
        JsonFields.text(n, "rules_refused"),
        JsonFields.booleans(n.path("sinks_written")),
        JsonFields.longs(n.path("step_ms")),
        d.isObject() ? new Drift(DriftReport.fromJson(d), d.path("window_minutes").asLong()) : null,
        new Totals(
            t.path("input_rows").asLong(),
            t.path("quarantined").asLong(),
            JsonFields.longs(t.path("decisions"))));
  }

  private static List<SetAside> setAside(JsonNode models) {
    List<SetAside> out = new java.util.ArrayList<>();
    models.forEach(
        m ->
            out.add(
                new SetAside(
                    JsonFields.text(m, "pointer"),
                    JsonFields.text(m, "version"),
                    JsonFields.text(m, "reason"),
                    JsonFields.instant(m, "at"))));
    return out;
  }
}

package io.cardstream.streaming;

import io.cardstream.common.features.FeatureProfile;
import io.cardstream.common.status.StatusSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per micro-batch (input rows, rows/s, duration, decisions, quarantine, model version)
 * and a JSON snapshot of the latest batch plus running totals, for people and scripts; the lake
 * query's batches likewise, in the snapshot's {@code lake} section.
 */
final class StreamStatus extends StreamingQueryListener {

  /**
   * One micro-batch's numbers, handed over by the batch ({@link #record}) and reported when Spark
   * reports the batch's progress.
   *
   * @param failedRows rows quarantined after they parsed: a stage failed on them or a sink cannot
   *     hold them
   * @param setAside models set aside since the stream started because they failed when scoring
   * @param written per sink: written, or skipped as already written (a replayed batch)
   * @param stepMillis per step and sink, in the order they finished
   * @param drift the last hour's scored rows against the model's training profile (null: no model,
   *     or a model without a profile)
   */
  record BatchStats(
      long valid,
      long quarantined,
      long failedRows,
      Map<String, Long> decisions,
      String modelVersion,
      String rulesVersion,
      int flaggedCards,
      String rulesRefused,
      List<StatusSnapshot.SetAside> setAside,
      Map<String, Boolean> written,
      Map<String, Long> stepMillis,
      FeatureProfile.Drift drift) {}

  /**
   * One lake micro-batch's numbers.
   *
   * @param behindMs how long its oldest row waited on the lake topic, when it was written
   */
  record LakeStats(
      long silverRows,
      long quarantined,
      Map<String, Boolean> written,
      Map<String, Long> stepMillis,
      long behindMs) {}

  private static final Logger LOG = LoggerFactory.getLogger(StreamStatus.class);

  private final Path snapshot;
  private final AtomicLong totalRows = new AtomicLong();
  private final AtomicLong totalQuarantined = new AtomicLong();
  private final Map<String, Long> totalDecisions = new LinkedHashMap<>();
  private final Map<Long, BatchStats> pending = new ConcurrentHashMap<>();
  private final Map<Long, LakeStats> pendingLake = new ConcurrentHashMap<>();
  private final AtomicLong totalLakeRows = new AtomicLong();
  private StatusSnapshot last = new StatusSnapshot(null, null);

  StreamStatus(Path snapshot) {
    this.snapshot = snapshot;
  }

  /** Called by the batch before it returns, so the progress event that follows finds it. */
  void record(long batchId, BatchStats stats) {
    pending.put(batchId, stats);
  }

  /** Called by a lake batch before it returns. */
  void recordLake(long batchId, LakeStats stats) {
    pendingLake.put(batchId, stats);
  }

  // A listener hears every query of the session (the notifier's, the labels job's): only the
  // scoring queries' events count.
  private volatile java.util.UUID query;
  private volatile java.util.UUID lakeQuery;

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    if (LakeStream.QUERY_NAME.equals(event.name())) {
      lakeQuery = event.id();
      LOG.info("lake query started: id {} run {}", event.id(), event.runId());
    }
    if (!ScoringStream.QUERY_NAME.equals(event.name())) {
      return;
    }
    query = event.id();
    LOG.info("scoring stream started: id {} run {}", event.id(), event.runId());
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress p = event.progress();
    if (p.id().equals(lakeQuery)) {
      lakeProgress(p);
      return;
    }
    if (!p.id().equals(query)) {
      return;
    }
    BatchStats s = pending.remove(p.batchId());
    long duration = p.durationMs().getOrDefault("triggerExecution", 0L);
    if (s == null) {
      return; // a trigger with no data
    }
    totalRows.addAndGet(p.numInputRows());
    totalQuarantined.addAndGet(s.quarantined());
    Map<String, Long> totals;
    synchronized (totalDecisions) {
      s.decisions().forEach((k, v) -> totalDecisions.merge(k, v, Long::sum));
      totals = new LinkedHashMap<>(totalDecisions);
    }
    LOG.info(
        "batch {}: {} rows in {} ms ({} rows/s), decisions {}, quarantined {} ({} after parsing),"
            + " model {}, rules {}, flagged cards {}, steps ms {}, last hour's highest PSI {}",
        p.batchId(),
        p.numInputRows(),
        duration,
        String.format("%.0f", p.processedRowsPerSecond()),
        s.decisions(),
        s.quarantined(),
        s.failedRows(),
        s.modelVersion(),
        s.rulesVersion(),
        s.flaggedCards(),
        s.stepMillis(),
        highestPsi(s.drift()));
    logDrift(s.drift());
    if (snapshot == null) {
      return;
    }
    StatusSnapshot.Batch batch =
        new StatusSnapshot.Batch(
            p.id().toString(),
            p.batchId(),
            Instant.parse(p.timestamp()),
            p.numInputRows(),
            p.processedRowsPerSecond(),
            duration,
            s.decisions(),
            s.quarantined(),
            s.failedRows(),
            s.setAside(),
            s.modelVersion(),
            s.rulesVersion(),
            s.flaggedCards(),
            s.rulesRefused(),
            s.written(),
            s.stepMillis(),
            s.drift() == null
                ? null
                : new StatusSnapshot.Drift(s.drift().report(), DriftWindow.WINDOW.toMinutes()),
            new StatusSnapshot.Totals(totalRows.get(), totalQuarantined.get(), totals));
    // A written batch ends the decisions' outage; the lake's section stays as it is.
    update(now -> new StatusSnapshot(batch, null, now.lake()));
  }

  private void lakeProgress(StreamingQueryProgress p) {
    LakeStats s = pendingLake.remove(p.batchId());
    if (s == null) {
      return;
    }
    long duration = p.durationMs().getOrDefault("triggerExecution", 0L);
    long total = totalLakeRows.addAndGet(p.numInputRows());
    LOG.info(
        "lake batch {}: {} rows ({} silver, {} quarantine) in {} ms, oldest waited {} ms,"
            + " steps ms {}",
        p.batchId(),
        p.numInputRows(),
        s.silverRows(),
        s.quarantined(),
        duration,
        s.behindMs(),
        s.stepMillis());
    if (snapshot == null) {
      return;
    }
    StatusSnapshot.Lake lake =
        new StatusSnapshot.Lake(
            p.id().toString(),
            p.batchId(),
            Instant.parse(p.timestamp()),
            p.numInputRows(),
            duration,
            s.silverRows(),
            s.quarantined(),
            s.written(),
            s.stepMillis(),
            s.behindMs(),
            total,
            null);
    update(now -> now.withLake(lake));
  }

  /** A lake batch is waiting for a service that is away. */
  void lakeOutage(long batchId, int attempt, java.time.Duration elapsed, String error) {
    if (snapshot == null) {
      return;
    }
    StatusSnapshot.Outage o =
        new StatusSnapshot.Outage(batchId, attempt, elapsed.toSeconds(), error, Instant.now());
    update(
        now ->
            now.withLake(
                now.lake() == null
                    ? new StatusSnapshot.Lake(
                        null, -1, null, 0, 0, 0, 0, Map.of(), Map.of(), 0, totalLakeRows.get(), o)
                    : now.lake().withOutage(o)));
  }

  /**
   * A batch is waiting for a service that is away: the snapshot says so at once (the batch's own
   * numbers come when it is written).
   */
  void outage(long batchId, int attempt, java.time.Duration elapsed, String error) {
    if (snapshot == null) {
      return;
    }
    StatusSnapshot.Outage o =
        new StatusSnapshot.Outage(batchId, attempt, elapsed.toSeconds(), error, Instant.now());
    update(now -> now.withOutage(o));
  }

  /** Rewrites the file with {@code change} applied to what it holds (both queries write it). */
  private synchronized void update(java.util.function.UnaryOperator<StatusSnapshot> change) {
    StatusSnapshot n = change.apply(last);
    last = n;
    try {
      Files.createDirectories(snapshot.toAbsolutePath().getParent());
      Path tmp = snapshot.resolveSibling(snapshot.getFileName() + ".tmp");
      Files.write(tmp, n.toBytes());
      Files.move(
          tmp, snapshot, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("cannot write the status snapshot {}: {}", snapshot, e.getMessage());
    }
  }

  private List<String> lastBlocking = List.of();

  private static String highestPsi(FeatureProfile.Drift drift) {
    if (drift == null) {
      return "n/a";
    }
    return drift.psi().entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(e -> String.format("%.3f (%s)", e.getValue(), e.getKey()))
        .orElse("n/a");
  }

  /** The drift of the last hour: the highest PSI in the batch line, a warning when it changes. */
  private void logDrift(FeatureProfile.Drift drift) {
    if (drift == null) {
      return;
    }
    List<String> blocking = drift.blocking();
    if (!blocking.equals(lastBlocking)) {
      if (blocking.isEmpty()) {
        LOG.info("drift: the last hour is back within the limits of the training profile");
      } else {
        LOG.warn(
            "drift: the last hour's {} scored rows differ from the model's training rows: {}",
            drift.rows(),
            String.join("; ", blocking));
      }
      lastBlocking = blocking;
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (!event.id().equals(query)) {
      return;
    }
    LOG.info(
        "scoring stream stopped{}",
        event.exception().isDefined() ? ": " + event.exception().get() : "");
  }
}

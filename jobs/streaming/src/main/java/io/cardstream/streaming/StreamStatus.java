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
 * and a JSON snapshot of the latest batch plus running totals, for people and scripts.
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

  private static final Logger LOG = LoggerFactory.getLogger(StreamStatus.class);

  private final Path snapshot;
  private final AtomicLong totalRows = new AtomicLong();
  private final AtomicLong totalQuarantined = new AtomicLong();
  private final Map<String, Long> totalDecisions = new LinkedHashMap<>();
  private final Map<Long, BatchStats> pending = new ConcurrentHashMap<>();
  private StatusSnapshot last = new StatusSnapshot(null, null);

  StreamStatus(Path snapshot) {
    this.snapshot = snapshot;
  }

  /** Called by the batch before it returns, so the progress event that follows finds it. */
  void record(long batchId, BatchStats stats) {
    pending.put(batchId, stats);
  }

  // A listener hears every query of the session (the notifier's, the labels job's): only the
  // scoring query's events count.
  private volatile java.util.UUID query;

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    if (!ScoringStream.QUERY_NAME.equals(event.name())) {
      return;
    }
    query = event.id();
    LOG.info("scoring stream started: id {} run {}", event.id(), event.runId());
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress p = event.progress();
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
    write(
        new StatusSnapshot(
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
                new StatusSnapshot.Totals(totalRows.get(), totalQuarantined.get(), totals)),
            null));
  }

  /**
   * A batch is waiting for a service that is away: the snapshot says so at once (the batch's own
   * numbers come when it is written).
   */
  void outage(long batchId, int attempt, java.time.Duration elapsed, String error) {
    if (snapshot == null) {
      return;
    }
    write(
        last.withOutage(
            new StatusSnapshot.Outage(
                batchId, attempt, elapsed.toSeconds(), error, Instant.now())));
  }

  private synchronized void write(StatusSnapshot n) {
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

package io.cardstream.console.page;

import io.cardstream.common.status.StatusSnapshot;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.html.Table;
import io.cardstream.console.source.Sourced;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The Stream page's last batch: the stream's status file ({@link StatusSnapshot}). */
final class StreamLastBatch {

  private StreamLastBatch() {}

  static void render(
      Page page,
      Instant now,
      Sourced<Optional<StatusSnapshot>> status,
      Optional<StatusSnapshot> st) {
    page.h2("Last batch");
    if (!page.source(status, "The last batch's numbers come from this file.")) {
      return;
    }
    if (st.isEmpty()) {
      page.note("No status file yet: the stream writes it after its first batch.");
      return;
    }
    StatusSnapshot.Batch b = st.get().lastBatch();
    StatusSnapshot.Outage outage = st.get().outage();
    if (b == null) {
      // The first batch is waiting out an outage: the file holds the outage alone.
      page.note("No batch has finished yet.");
      outage(page, outage);
      return;
    }
    page.tiles(
        List.of(
            finished(b.timestamp(), now, "batch_time"),
            new String[] {"batch", Html.esc(b.batchId()), "batch_id"},
            new String[] {"input rows", Html.count(b.inputRows()), "input_rows"},
            new String[] {
              "rows/s", Html.esc(Html.decimal(b.rowsPerSecond(), 0)), "rows_per_second"
            },
            new String[] {"duration", Html.count(b.batchDurationMs()) + " ms", "batch_duration_ms"},
            new String[] {"quarantined", Html.count(b.quarantined()), "quarantined"},
            new String[] {"model", Html.id(Html.orNone(b.modelVersion())), "model_version"},
            new String[] {"rules", Html.id(Html.orNone(b.rulesVersion())), "rules_version"},
            new String[] {"flagged cards", Html.count(b.flaggedCards()), "flagged_cards"},
            new String[] {
              "rows since start", Html.count(b.totals().inputRows()), "total_input_rows"
            }));
    if (b.rulesRefused() != null) {
      page.notice("bad", "A rules document was refused: " + Html.mask(b.rulesRefused()));
    }
    for (StatusSnapshot.SetAside model : b.modelsSetAside()) {
      page.notice(
          "bad",
          "A model failed when scoring and was set aside (the previous one, or the rules alone,"
              + " decide until another is promoted): "
              + Html.mask(model.describe()));
    }
    outage(page, outage);
    Table t =
        new Table("last-batch-decisions", "decision", "this batch", "since the stream started");
    TreeSet<String> names = new TreeSet<>(b.decisions().keySet());
    names.addAll(b.totals().decisions().keySet());
    for (String d : names) {
      t.row(
          d,
          Html.esc(d),
          Html.count(b.decisions().getOrDefault(d, 0L)),
          Html.count(b.totals().decisions().getOrDefault(d, 0L)));
    }
    page.table(t);
    page.table(steps("last-batch-steps", b.stepMs(), b.sinksWritten()));
    page.note("From " + "the status file, which the stream rewrites after every batch.");
  }

  /** The tile of when a batch finished, and how long ago. */
  static String[] finished(Instant at, Instant now, String id) {
    return new String[] {
      "finished",
      Html.esc(Html.clock(at))
          + " <small>("
          + Html.esc(Html.age(Duration.between(at, now)))
          + " ago)</small>",
      id
    };
  }

  /** A batch's steps and sinks: how long each took, and whether each sink wrote or skipped. */
  static Table steps(String id, Map<String, Long> stepMs, Map<String, Boolean> written) {
    Table sinks = new Table(id, "step or sink", "ms", "written");
    for (var e : stepMs.entrySet()) {
      Boolean w = written.get(e.getKey());
      sinks.row(
          e.getKey(),
          Html.esc(e.getKey()),
          Html.count(e.getValue()),
          w == null ? "" : w ? "written" : "skipped (already written: a replayed batch)");
    }
    return sinks;
  }

  private static void outage(Page page, StatusSnapshot.Outage outage) {
    if (outage != null) {
      page.notice(
          "bad",
          "The sinks are unreachable; the stream waits and retries: "
              + Html.mask(outage.describe()));
    }
  }
}

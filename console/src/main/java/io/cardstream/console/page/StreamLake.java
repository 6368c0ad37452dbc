package io.cardstream.console.page;

import io.cardstream.common.status.StatusSnapshot;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Stream page's lake query: its last batch from the status file's {@code lake} section (the
 * decided rows and rejects it took from the lake topic into Delta and DynamoDB), how far behind the
 * decisions it was, and the outage it is waiting out.
 */
final class StreamLake {

  private StreamLake() {}

  static void render(Page page, Instant now, Optional<StatusSnapshot> st) {
    page.h2("Lake query");
    StatusSnapshot.Lake l = st.map(StatusSnapshot::lake).orElse(null);
    if (l == null) {
      page.note(
          "No lake batch in the status file yet: the lake query writes its section after its first"
              + " batch (or it runs as an application of its own, with a status file of its own).");
      return;
    }
    if (l.outage() != null) {
      page.notice(
          "bad",
          "Delta or DynamoDB is unreachable; the lake query waits and retries (decisions go on): "
              + Html.mask(l.outage().describe()));
    }
    if (l.timestamp() == null) {
      page.note("No lake batch has finished yet.");
      return;
    }
    page.tiles(
        List.of(
            StreamLastBatch.finished(l.timestamp(), now, "lake_batch_time"),
            new String[] {"batch", Html.esc(l.batchId()), "lake_batch_id"},
            new String[] {"rows", Html.count(l.inputRows()), "lake_input_rows"},
            new String[] {"silver rows", Html.count(l.silverRows()), "lake_silver_rows"},
            new String[] {"quarantined", Html.count(l.quarantined()), "lake_quarantined"},
            new String[] {"oldest row waited", Html.count(l.behindMs()) + " ms", "lake_behind_ms"},
            new String[] {
              "duration", Html.count(l.batchDurationMs()) + " ms", "lake_batch_duration_ms"
            },
            new String[] {"rows since start", Html.count(l.totalRows()), "lake_total_rows"}));
    page.table(StreamLastBatch.steps("lake-batch-steps", l.stepMs(), l.sinksWritten()));
  }
}

package io.cardstream.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.status.StatusSnapshot;
import io.cardstream.console.html.Chart;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.html.Table;
import io.cardstream.console.source.Backlog;
import io.cardstream.console.source.Probe;
import io.cardstream.console.source.Recent;
import io.cardstream.console.source.Sourced;
import io.cardstream.console.source.Sources;
import io.cardstream.console.source.StreamFiles;
import io.cardstream.console.source.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stream: running or not, the last batch, rows/s and batch duration per batch (the checkpoint),
 * consumer lag per Kafka partition (the checkpoint against the broker's end offsets) or Kinesis
 * shard (the records past the checkpoint's position), quarantine reasons over time (the dead-letter
 * topic), the model and rules in use; the lake query's last batch and how far behind it is.
 */
public final class StreamPage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StreamPage() {}

  public static Page render(Sources s, Duration active, int refresh) {
    Instant now = s.clock().instant();
    StreamFiles files = s.stream();
    Probe.Call<Optional<StatusSnapshot>> statusCall =
        s.files("The stream's status file " + files.statusFile(), files::status);
    Probe.Call<Optional<StreamFiles.Checkpoint>> checkpointCall =
        s.files("The stream's checkpoint " + files.checkpointDir(), files::checkpoint);
    Probe.Call<Recent> dlqCall =
        s.kafka(t -> Recent.read(t, List.of(Topics.DLQ), now, Duration.ofHours(1), 5000));
    Sourced<Optional<StreamFiles.Checkpoint>> checkpoint = checkpointCall.get();
    Optional<StreamFiles.Checkpoint> cp = checkpoint.optional().flatMap(o -> o);
    Optional<StreamFiles.Batch> newest = cp.flatMap(c -> c.batches().stream().reduce((a, b) -> b));
    Map<String, StreamFiles.ShardAt> shardsDone =
        cp.flatMap(StreamFiles.Checkpoint::lastCommitted)
            .map(StreamFiles.Batch::shards)
            .orElse(Map.of());
    // A Kinesis checkpoint names shards; without one, the console's --kinesis-stream says so.
    boolean onKinesis =
        newest.map(b -> !b.shards().isEmpty()).orElse(false)
            || (newest.isEmpty() && s.topics() == null && s.shards() != null);
    List<String> sourceTopics =
        newest
            .map(b -> List.copyOf(b.endOffsets().keySet()))
            .filter(l -> !l.isEmpty())
            .orElse(List.of(Topics.TRANSACTIONS));
    Probe.Call<List<Backlog>> backlogCall =
        onKinesis
            ? s.kinesis(k -> k.backlog(shardsDone))
            : s.kafka(t -> StreamHistory.kafkaBacklog(t, sourceTopics, cp));
    Sourced<Optional<StatusSnapshot>> status = statusCall.get();
    Sourced<List<Backlog>> backlog = backlogCall.get();
    Sourced<Recent> dlq = dlqCall.get();

    Page page = new Page("Stream", "/stream").refresh(refresh);
    Optional<StatusSnapshot> st = status.optional().flatMap(o -> o);
    Long lag = backlog.isOk() ? backlog.value().stream().mapToLong(Backlog::waiting).sum() : null;
    state(page, s, now, active, status, st, cp, backlog, lag);
    StreamLastBatch.render(page, now, status, st);
    StreamLake.render(page, now, st);
    StreamHistory.history(page, checkpoint, cp);
    StreamHistory.lag(page, backlog, onKinesis, sourceTopics);
    quarantine(page, dlq, st);
    if (refresh == 0) {
      page.raw("<p class=\"note\"><a href=\"/stream?refresh=10\">Refresh every 10 s</a></p>");
    }
    return page;
  }

  private static void state(
      Page page,
      Sources s,
      Instant now,
      Duration active,
      Sourced<Optional<StatusSnapshot>> status,
      Optional<StatusSnapshot> st,
      Optional<StreamFiles.Checkpoint> cp,
      Sourced<List<Backlog>> ends,
      Long lag) {
    Instant last =
        st.map(StatusSnapshot::lastBatch)
            .map(StatusSnapshot.Batch::timestamp)
            .or(
                () ->
                    cp.flatMap(StreamFiles.Checkpoint::lastCommitted)
                        .map(StreamFiles.Batch::committed))
            .orElse(null);
    String kind;
    String text;
    String state;
    Optional<StreamFiles.Batch> firstRunning =
        cp.filter(c -> !c.batches().isEmpty()).map(c -> c.batches().get(c.batches().size() - 1));
    if (last == null && firstRunning.isPresent()) {
      // Started, but its first batch is not committed yet (a large first batch takes a while).
      kind = "ok";
      state = "starting";
      text =
          "Starting: batch #"
              + firstRunning.get().id()
              + " (planned at "
              + Html.time(firstRunning.get().planned())
              + ") is running; no batch has finished yet.";
    } else if (last == null) {
      kind = "warn";
      state = "never";
      text =
          status.isOk()
              ? "The stream has not run from this state directory: there is no status file "
                  + s.stream().statusFile()
                  + " and no checkpoint. Start it with bin/cardstream stream (or the demo)."
              : "The stream's status cannot be read: " + status.message();
    } else {
      Duration age = Duration.between(last, now);
      String lagText =
          lag == null
              ? (ends.isOk()
                  ? ""
                  : ends.state() == Sourced.State.OFF
                      ? " Lag unknown: " + ends.message() + "."
                      : " Lag unknown: " + ends.source() + " is not reachable.")
              : lag == 0 ? " No records waiting." : " " + Html.count(lag) + " records waiting.";
      if (age.compareTo(active) <= 0) {
        kind = "ok";
        state = "running";
        text = "Running: the last batch finished " + Html.age(age) + " ago." + lagText;
      } else if (lag != null && lag > 0) {
        kind = "bad";
        state = "stopped";
        text =
            "Not running or stalled: the last batch was "
                + Html.age(age)
                + " ago ("
                + Html.time(last)
                + ")."
                + lagText;
      } else {
        kind = "warn";
        state = lag == null ? "unknown" : "idle";
        text =
            (lag == null ? "No batch for " : "Idle or stopped, caught up: no batch for ")
                + Html.age(age)
                + " (last at "
                + Html.time(last)
                + ")."
                + lagText;
      }
    }
    page.raw(
        "<div class=\"notice "
            + kind
            + "\" data-stream-state=\""
            + state
            + "\"><strong>"
            + Html.esc(text)
            + "</strong></div>");
  }

  private static void quarantine(Page page, Sourced<Recent> dlq, Optional<StatusSnapshot> st) {
    page.h2("Quarantine");
    st.map(StatusSnapshot::lastBatch)
        .ifPresent(
            b ->
                page.p(
                    "Last batch: "
                        + b.quarantined()
                        + " quarantined; since the stream started: "
                        + b.totals().quarantined()
                        + "."));
    if (!page.source(dlq, "The reasons over time come from the topic " + Topics.DLQ + ".")) {
      return;
    }
    Recent r = dlq.value();
    Map<Instant, Map<String, Long>> perMinute = new TreeMap<>();
    Map<String, Long> totals = new TreeMap<>();
    for (TopicReader.Message m : r.messages()) {
      String reason = "UNREADABLE";
      try {
        JsonNode n = JSON.readTree(m.value());
        reason = n.path("reason").asText("UNKNOWN");
      } catch (Exception e) {
        // counted as unreadable
      }
      totals.merge(reason, 1L, Long::sum);
      perMinute
          .computeIfAbsent(m.timestamp().truncatedTo(ChronoUnit.MINUTES), k -> new TreeMap<>())
          .merge(reason, 1L, Long::sum);
    }
    page.p(window(r, "rejected records"));
    if (totals.isEmpty()) {
      page.note("No record was quarantined in this window.");
      return;
    }
    List<String> labels = new ArrayList<>();
    List<Instant> minutes = new ArrayList<>(perMinute.keySet());
    for (Instant t = minutes.get(0);
        !t.isAfter(minutes.get(minutes.size() - 1));
        t = t.plusSeconds(60)) {
      labels.add(Html.minute(t));
    }
    Chart c = Chart.bar(labels).stacked().axes("minute (UTC)", "records");
    for (String reason : totals.keySet()) {
      List<Long> v = new ArrayList<>();
      for (Instant t = minutes.get(0);
          !t.isAfter(minutes.get(minutes.size() - 1));
          t = t.plusSeconds(60)) {
        v.add(perMinute.getOrDefault(t, Map.of()).getOrDefault(reason, 0L));
      }
      c.series(reason, v);
    }
    page.chart("chart-quarantine", "Quarantined records per minute, by reason", c);
    Table t = new Table("quarantine-reasons", "reason", "records");
    totals.forEach((k, v) -> t.row(k, Html.text(k), Html.count(v)));
    page.table(t);
  }

  /** "1,234 decisions from 06:02 to 07:02 UTC (the last hour)" and its caveats. */
  static String window(Recent r, String what) {
    StringBuilder b =
        new StringBuilder()
            .append(Html.count(r.messages().size()))
            .append(' ')
            .append(what)
            .append(" from ")
            .append(Html.time(r.from()))
            .append(" to ")
            .append(Html.time(r.to()))
            .append(
                r.live()
                    ? " (the last hour)."
                    : " (the hour up to the newest message; nothing is newer).");
    if (r.truncated()) {
      b.append(" Only the newest of them are read.");
    }
    if (r.partial()) {
      b.append(" Reading stopped at the time limit: the counts are partial.");
    }
    return b.toString();
  }
}

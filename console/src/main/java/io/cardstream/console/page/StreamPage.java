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
import io.cardstream.console.source.KinesisShardBacklog;
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
import java.util.TreeSet;

/**
 * Stream: running or not, the last batch, rows/s and batch duration per batch (the checkpoint),
 * consumer lag per Kafka partition (the checkpoint against the broker's end offsets) or Kinesis
 * shard (the records past the checkpoint's position), quarantine reasons over time (the dead-letter
 * topic), the model and rules in use.
 */
public final class StreamPage {

  /** The batches the charts show at most. */
  static final int BATCHES = 100;

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
            : s.kafka(t -> kafkaBacklog(t, sourceTopics, cp));
    Sourced<Optional<StatusSnapshot>> status = statusCall.get();
    Sourced<List<Backlog>> backlog = backlogCall.get();
    Sourced<Recent> dlq = dlqCall.get();

    Page page = new Page("Stream", "/stream").refresh(refresh);
    Optional<StatusSnapshot> st = status.optional().flatMap(o -> o);
    Long lag = backlog.isOk() ? backlog.value().stream().mapToLong(Backlog::waiting).sum() : null;
    state(page, s, now, active, status, st, cp, backlog, lag);
    lastBatch(page, now, status, st);
    history(page, checkpoint, cp);
    lag(page, backlog, onKinesis, sourceTopics);
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

  private static void lastBatch(
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
            new String[] {
              "finished",
              Html.esc(Html.clock(b.timestamp()))
                  + " <small>("
                  + Html.esc(Html.age(Duration.between(b.timestamp(), now)))
                  + " ago)</small>",
              "batch_time"
            },
            new String[] {"batch", Html.esc(b.batchId()), "batch_id"},
            new String[] {"input rows", Html.count(b.inputRows()), "input_rows"},
            new String[] {
              "rows/s", Html.esc(Html.decimal(b.rowsPerSecond(), 0)), "rows_per_second"
            },
            new String[] {"duration", Html.count(b.batchDurationMs()) + " ms", "batch_duration_ms"},
            new String[] {"quarantined", Html.count(b.quarantined()), "quarantined"},
            new String[] {"model", Html.id(orNone(b.modelVersion())), "model_version"},
            new String[] {"rules", Html.id(orNone(b.rulesVersion())), "rules_version"},
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
    Table sinks = new Table("last-batch-steps", "step or sink", "ms", "written");
    for (var e : b.stepMs().entrySet()) {
      Boolean w = b.sinksWritten().get(e.getKey());
      sinks.row(
          e.getKey(),
          Html.esc(e.getKey()),
          Html.count(e.getValue()),
          w == null ? "" : w ? "written" : "skipped (already written: a replayed batch)");
    }
    page.table(sinks);
    page.note("From " + "the status file, which the stream rewrites after every batch.");
  }

  private static void outage(Page page, StatusSnapshot.Outage outage) {
    if (outage != null) {
      page.notice(
          "bad",
          "The sinks are unreachable; the stream waits and retries: "
              + Html.mask(outage.describe()));
    }
  }

  private static void history(
      Page page,
      Sourced<Optional<StreamFiles.Checkpoint>> checkpoint,
      Optional<StreamFiles.Checkpoint> cp) {
    page.h2("Throughput per batch");
    if (!page.source(checkpoint, "The batches' history comes from the checkpoint.")) {
      return;
    }
    if (cp.isEmpty() || cp.get().batches().isEmpty()) {
      page.note("No checkpoint yet: the stream has not planned a batch from this state directory.");
      return;
    }
    List<StreamFiles.Batch> all = cp.get().batches();
    List<StreamFiles.Batch> bs = all.subList(Math.max(0, all.size() - BATCHES), all.size());
    List<String> labels = new ArrayList<>();
    List<Double> rate = new ArrayList<>();
    List<Long> duration = new ArrayList<>();
    List<Long> rows = new ArrayList<>();
    for (StreamFiles.Batch b : bs) {
      labels.add("#" + b.id() + " " + Html.clock(b.planned()));
      rate.add(b.rowsPerSecond());
      duration.add(b.durationMs());
      rows.add(b.rows());
    }
    if (rows.stream().allMatch(r -> r == null)) {
      // A Kinesis checkpoint holds sequence numbers, which count nothing.
      page.note(
          "Rows per batch are unknown here: the source's offsets are Kinesis sequence numbers, not"
              + " counts. The last batch's rows are above, from the status file.");
    } else {
      page.chart(
          "chart-rows-per-second",
          "Rows per second, per batch",
          Chart.line(labels).series("rows/s", rate).axes("batch (planned at, UTC)", "rows/s"));
    }
    page.chart(
        "chart-batch-duration",
        "Batch duration (ms) and rows, per batch",
        Chart.bar(labels)
            .series("duration ms", duration)
            .series("rows", rows)
            .axes("batch (planned at, UTC)", "ms / rows"));
    Table t = new Table("batches", "batch", "planned", "rows", "duration", "rows/s");
    for (int i = bs.size() - 1; i >= Math.max(0, bs.size() - 20); i--) {
      StreamFiles.Batch b = bs.get(i);
      t.row(
          Long.toString(b.id()),
          Html.esc(b.id()),
          Html.esc(Html.time(b.planned())),
          b.rows() == null ? "" : Html.count(b.rows()),
          b.durationMs() == null ? "running" : Html.count(b.durationMs()) + " ms",
          b.rowsPerSecond() == null ? "" : Html.decimal(b.rowsPerSecond(), 0));
    }
    page.table(t);
    page.note(
        "From the checkpoint's offset log (rows = offsets taken, planned time) and commit log"
            + " (finished time); Spark keeps the last 100 batches. Query "
            + orNone(cp.get().queryId())
            + ".");
  }

  /** Each partition's end offset less where the stream's last committed batch ends there. */
  private static List<Backlog> kafkaBacklog(
      TopicReader t, List<String> topics, Optional<StreamFiles.Checkpoint> cp) {
    Map<String, Map<Integer, Long>> done =
        cp.flatMap(StreamFiles.Checkpoint::lastCommitted)
            .map(StreamFiles.Batch::endOffsets)
            .orElse(Map.of());
    List<Backlog> out = new ArrayList<>();
    for (String topic : topics) {
      for (var p : new TreeMap<>(t.endOffsets(topic)).entrySet()) {
        Long at = done.getOrDefault(topic, Map.of()).get(p.getKey());
        out.add(
            new Backlog(
                topic,
                Integer.toString(p.getKey()),
                Html.count(p.getValue()),
                at == null ? "(not started)" : Html.count(at),
                Math.max(0, p.getValue() - (at == null ? 0 : at)),
                false,
                null));
      }
    }
    return out;
  }

  private static void lag(
      Page page, Sourced<List<Backlog>> backlog, boolean onKinesis, List<String> topics) {
    page.h2("Consumer lag");
    String explain =
        onKinesis
            ? "Lag is the records each shard holds past the stream's checkpoint."
            : "Lag is the broker's end offsets less the stream's checkpoint.";
    if (!page.source(backlog, explain)) {
      return;
    }
    Table t =
        onKinesis
            ? new Table(
                "lag",
                "stream",
                "shard",
                "shard state",
                "stream done up to",
                "lag",
                "oldest waiting")
            : new Table("lag", "topic", "partition", "end offset", "stream done up to", "lag");
    List<String> labels = new ArrayList<>();
    List<Long> lags = new ArrayList<>();
    for (Backlog b : backlog.value()) {
      // "shardId-000000000001" as "shard 1": the page masks long digit runs in chart labels.
      labels.add(
          b.stream()
              + "/"
              + (onKinesis ? b.part().replaceFirst("^shardId-0*(?=\\d)", "shard ") : b.part()));
      lags.add(b.waiting());
      String waiting =
          "<span data-lag=\""
              + b.waiting()
              + "\">"
              + (b.atLeast() ? "at least " : "")
              + Html.count(b.waiting())
              + "</span>";
      if (onKinesis) {
        t.row(
            b.stream() + "/" + b.part(),
            Html.esc(b.stream()),
            Html.esc(b.part()),
            Html.esc(b.head()),
            Html.esc(b.doneUpTo()),
            waiting,
            b.oldestWaitingMs() == null
                ? ""
                : Html.esc(Html.age(Duration.ofMillis(b.oldestWaitingMs()))) + " ago");
      } else {
        t.row(
            b.stream() + "/" + b.part(),
            Html.esc(b.stream()),
            Html.esc(b.part()),
            b.head(),
            b.doneUpTo(),
            waiting);
      }
    }
    page.table(t);
    page.chart(
        "chart-lag",
        onKinesis ? "Records waiting, per shard" : "Records waiting, per partition",
        Chart.bar(labels)
            .series("lag", lags)
            .axes(onKinesis ? "stream/shard" : "topic/partition", "records"));
    page.note(
        onKinesis
            ? "Counted by reading each shard from the position of the stream's last committed"
                + " batch, at most "
                + Html.count(KinesisShardBacklog.MAX_COUNTED)
                + " records a shard (\"at least\" past that): Kinesis has no end offset to subtract"
                + " from."
            : "The broker's end offsets of "
                + String.join(", ", topics)
                + " less the offsets of the stream's last committed batch.");
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

  private static String orNone(String s) {
    return s == null || s.isBlank() ? "none" : s;
  }
}

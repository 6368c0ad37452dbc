package io.cardstream.console.page;

import io.cardstream.console.html.Chart;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.html.Table;
import io.cardstream.console.source.Backlog;
import io.cardstream.console.source.KinesisShardBacklog;
import io.cardstream.console.source.Sourced;
import io.cardstream.console.source.StreamFiles;
import io.cardstream.console.source.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Stream page's history and lag: the checkpoint's batches (throughput, duration) and the
 * records waiting past the last committed batch, per Kafka partition or Kinesis shard.
 */
final class StreamHistory {

  /** The batches the charts show at most. */
  static final int BATCHES = 100;

  private StreamHistory() {}

  static void history(
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
            + Html.orNone(cp.get().queryId())
            + ".");
  }

  /** Each partition's end offset less where the stream's last committed batch ends there. */
  static List<Backlog> kafkaBacklog(
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

  static void lag(
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
}

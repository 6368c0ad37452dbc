package io.cardstream.console.page;

import io.cardstream.common.lake.Topics;
import io.cardstream.console.html.Chart;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.html.Table;
import io.cardstream.console.source.Sourced;
import io.cardstream.console.source.Sources;
import io.cardstream.console.source.TopicReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Topics, as Kafdrop shows them: every topic with its partitions and offsets, and one topic's
 * newest messages, masked (card numbers keep their last four digits, names, street, birth date, CVV
 * and IBAN are blanked) before they are escaped and shown.
 */
public final class TopicsPage {

  /** Messages a topic's page shows. */
  public static final int LAST = 10;

  private TopicsPage() {}

  public static Page list(Sources s) {
    Sourced<List<TopicReader.TopicInfo>> topics = s.kafka(TopicReader::topics).get();
    Page page = new Page("Topics", "/topics");
    if (!page.source(topics, "The topics are the broker's.")) {
      return page;
    }
    List<TopicReader.TopicInfo> all = topics.value();
    List<String> missing =
        Topics.ALL.stream().filter(n -> all.stream().noneMatch(t -> t.name().equals(n))).toList();
    if (!missing.isEmpty()) {
      page.notice(
          "warn",
          "Topics of the pipeline missing on the broker: "
              + String.join(", ", missing)
              + " (bin/cardstream stack init creates them).");
    }
    Table t = new Table("topics", "topic", "partitions", "messages", "end offsets", "role");
    List<String> names = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (TopicReader.TopicInfo i : all) {
      names.add(i.name());
      counts.add(i.messages());
      t.row(
          i.name(),
          "<a href=\"/topics/"
              + Html.esc(Html.url(i.name()))
              + "\">"
              + Html.text(i.name())
              + "</a>",
          Html.esc(i.partitions().size()),
          "<span data-messages=\"" + i.messages() + "\">" + Html.count(i.messages()) + "</span>",
          Html.esc(
              i.partitions().stream()
                  .map(p -> p.partition() + ": " + p.end())
                  .collect(Collectors.joining(", "))),
          Html.esc(role(i.name())));
    }
    page.table(t);
    page.chart(
        "chart-topics",
        "Messages per topic (end offset less first offset)",
        Chart.horizontalBar(names).series("messages", counts));
    page.note(
        "Messages = offsets held, transaction markers of the stream's exactly-once topics"
            + " included.");
    return page;
  }

  /** One topic; empty when the broker has no such topic (the server answers 404). */
  public static Optional<Page> one(Sources s, String name) {
    Sourced<Optional<TopicReader.TopicInfo>> info =
        s.kafka(t -> t.topics().stream().filter(i -> i.name().equals(name)).findFirst()).get();
    Page page = new Page("Topic " + Html.mask(name), "/topics");
    if (!page.source(info, "The topics are the broker's.")) {
      return Optional.of(page);
    }
    if (info.value().isEmpty()) {
      return Optional.empty();
    }
    TopicReader.TopicInfo i = info.value().get();
    Sourced<List<TopicReader.Message>> last = s.kafka(t -> t.last(name, LAST)).get();
    page.p(role(name));
    Table parts = new Table("partitions", "partition", "first offset", "end offset", "messages");
    for (TopicReader.PartitionOffsets p : i.partitions()) {
      parts.row(
          Integer.toString(p.partition()),
          Html.esc(p.partition()),
          Html.count(p.begin()),
          Html.count(p.end()),
          Html.count(p.messages()));
    }
    page.table(parts);
    page.h2("The newest " + LAST + " messages (masked)");
    if (page.source(last, "Messages are read with a consumer of no group (read_committed).")) {
      if (last.value().isEmpty()) {
        page.note("The topic holds no committed message.");
      }
      Table m = new Table("messages", "partition", "offset", "time", "key", "value");
      for (TopicReader.Message x : last.value()) {
        m.row(
            x.partition() + "/" + x.offset(),
            Html.esc(x.partition()),
            Html.esc(x.offset()),
            Html.esc(Html.time(x.timestamp())),
            "<code>" + Html.text(x.key()) + "</code>",
            "<pre>" + Html.payload(x.value()) + "</pre>");
      }
      page.table(m);
    }
    page.raw("<p><a href=\"/topics\">All topics</a></p>");
    return Optional.of(page);
  }

  static String role(String topic) {
    return switch (topic) {
      case Topics.TRANSACTIONS -> "Card transactions in: the producers write, the stream reads.";
      case Topics.APPROVED -> "The stream's APPROVE decisions.";
      case Topics.DECLINED -> "The stream's REVIEW and DECLINE decisions.";
      case Topics.ALERTS -> "REVIEW and DECLINE decisions, for the notifier.";
      case Topics.DLQ -> "Records the stream rejected, masked, with the reason.";
      case Topics.SINK_COMMITS -> "The stream's marker of the last batch written to its topics.";
      case Topics.LAKE -> "Decided rows and rejects, from the decisions query to the lake query.";
      case Topics.FLAGGED_ACCOUNTS -> "Control plane: flagged cards (compacted).";
      case Topics.RULES -> "Control plane: the rules in force (compacted).";
      case Topics.FEEDBACK -> "Customers' and analysts' answers about flagged transactions.";
      case Topics.ALERTS_DLQ -> "Alerts the notifier could not deliver.";
      default -> "Not one of the pipeline's topics.";
    };
  }
}

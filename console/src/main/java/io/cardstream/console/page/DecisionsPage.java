package io.cardstream.console.page;

import io.cardstream.common.decision.ReasonText;
import io.cardstream.common.lake.Topics;
import io.cardstream.console.html.Chart;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.html.Table;
import io.cardstream.console.source.DecisionStats;
import io.cardstream.console.source.Recent;
import io.cardstream.console.source.Sourced;
import io.cardstream.console.source.Sources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decisions: APPROVE / REVIEW / DECLINE per minute, the alert rate, the score histogram and the top
 * reasons of the last hour, from the decision topics ({@code decisions.approved} holds APPROVE,
 * {@code decisions.declined} REVIEW and DECLINE; {@code alerts} is a copy of the latter).
 */
public final class DecisionsPage {

  static final List<String> TOPICS = List.of(Topics.APPROVED, Topics.DECLINED);

  private DecisionsPage() {}

  public static Page render(Sources s, int maxDecisions) {
    Instant now = s.clock().instant();
    Sourced<Recent> recent =
        s.kafka(t -> Recent.read(t, TOPICS, now, Duration.ofHours(1), maxDecisions)).get();
    Page page = new Page("Decisions", "/decisions");
    if (!page.source(
        recent, "The decisions come from the topics " + String.join(" and ", TOPICS) + ".")) {
      return page;
    }
    Recent r = recent.value();
    DecisionStats d = new DecisionStats(r.messages());
    page.p(StreamPage.window(r, "decisions"));
    if (d.total() == 0) {
      page.notice("warn", "No decision on the topics yet: the stream has not decided anything.");
      return page;
    }
    page.tiles(
        List.of(
            new String[] {"decisions", Html.count(d.total()), "decisions_total"},
            new String[] {"APPROVE", Html.count(d.totals.get("APPROVE")), "decisions_approve"},
            new String[] {"REVIEW", Html.count(d.totals.get("REVIEW")), "decisions_review"},
            new String[] {"DECLINE", Html.count(d.totals.get("DECLINE")), "decisions_decline"},
            new String[] {"alert rate", Html.esc(Html.percent(d.alertRate())), "alert_rate"},
            new String[] {"alerts", Html.count(d.alerts()), "alerts"}));

    List<Instant> minutes = d.minutes();
    List<String> labels = new ArrayList<>();
    minutes.forEach(m -> labels.add(Html.minute(m)));
    Chart perMinute = Chart.bar(labels).stacked().axes("minute (UTC)", "decisions");
    for (String decision : DecisionStats.DECISIONS) {
      List<Long> v = new ArrayList<>();
      for (Instant m : minutes) {
        v.add(d.perMinute.getOrDefault(m, java.util.Map.of()).getOrDefault(decision, 0L));
      }
      perMinute.series(decision, v);
    }
    page.chart("chart-decisions-per-minute", "Decisions per minute", perMinute);

    List<String> bins = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (int i = 0; i < DecisionStats.BINS; i++) {
      bins.add(
          String.format(
              Locale.ROOT,
              "%.2f-%.2f",
              (double) i / DecisionStats.BINS,
              (i + 1.0) / DecisionStats.BINS));
      counts.add(d.histogram[i]);
    }
    page.chart(
        "chart-score-histogram",
        "Model scores",
        Chart.bar(bins).series("decisions", counts).axes("score", "decisions"));
    if (d.unscored > 0) {
      page.note(
          Html.count(d.unscored)
              + " decisions have no score (decided by the rules alone: no model, or a flagged"
              + " card).");
    }

    page.h2("Top reasons (REVIEW and DECLINE)");
    List<String> reasonLabels = new ArrayList<>();
    List<Long> reasonCounts = new ArrayList<>();
    Table t = new Table("top-reasons", "reason", "decisions");
    d.reasons.entrySet().stream()
        .limit(10)
        .forEach(
            e -> {
              reasonLabels.add(e.getKey());
              reasonCounts.add(e.getValue());
              t.row(e.getKey(), Html.text(e.getKey()), Html.count(e.getValue()));
            });
    if (!reasonLabels.isEmpty()) {
      page.chart(
          "chart-top-reasons",
          "Top reasons",
          Chart.horizontalBar(reasonLabels).series("decisions", reasonCounts));
    }
    page.table(t);
    modelReasons(page, d);

    Table pm = new Table("decisions-per-minute", "minute (UTC)", "APPROVE", "REVIEW", "DECLINE");
    for (Instant m : minutes) {
      var row = d.perMinute.getOrDefault(m, java.util.Map.of());
      pm.row(
          Html.minute(m),
          Html.esc(Html.minute(m)),
          Html.count(row.getOrDefault("APPROVE", 0L)),
          Html.count(row.getOrDefault("REVIEW", 0L)),
          Html.count(row.getOrDefault("DECLINE", 0L)));
    }
    page.h2("Per minute");
    page.table(pm);
    if (d.unreadable > 0) {
      page.note(Html.count(d.unreadable) + " messages on the topics were not decisions (skipped).");
    }
    page.note(
        "By the time the stream wrote each decision (the messages' timestamps), not the"
            + " transactions' event times.");
    return page;
  }

  /** The model's reason codes (its top exact contributions) in the words customers read. */
  private static void modelReasons(Page page, DecisionStats d) {
    if (d.modelReasons.isEmpty()) {
      return;
    }
    page.h2("What the model saw (REVIEW and DECLINE)");
    Table t = new Table("top-model-reasons", "reason code", "in the customer's words", "decisions");
    d.modelReasons.entrySet().stream()
        .limit(10)
        .forEach(
            e ->
                t.row(
                    e.getKey(),
                    Html.text(e.getKey()),
                    Html.text(ReasonText.reason(e.getKey(), null)),
                    Html.count(e.getValue())));
    page.table(t);
  }
}

package io.cardstream.local.demo;

import io.cardstream.common.report.DemoSummary;
import io.cardstream.console.Reports;
import io.cardstream.local.kafka.TopicReader;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.StateLayout;
import io.cardstream.training.Trainer;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The demo's summary: the typed record from the steps' records, its files, and its printout. */
final class DemoReport {

  private DemoReport() {}

  /** What the steps did, as one summary (not yet judged). */
  static DemoSummary summary(
      DemoInput in,
      String source,
      TrafficStep.Produced produced,
      TopicReader.Summary consumed,
      Trainer.Result model,
      DemoRun.Streamed streamed,
      CustomerLoopDemo.Result loop,
      NightlyDemo.Result nightly,
      Map<String, Double> phaseSeconds) {
    Map<String, Long> atSource = new LinkedHashMap<>(produced.rejectedAtSource());
    streamed.tail().rejected().forEach((k, v) -> atSource.merge(k.name(), v, Long::sum));
    Map<String, Long> collectorRejected = produced.collectorRejected();
    DemoSummary.CustomerLoop customerLoop = loop.summary();
    Map<String, Long> mails = customerLoop.notifications();
    SinkCounts sinks = streamed.sinks();
    return new DemoSummary(
        in.file().toString(),
        source,
        in.generated(),
        produced.read() + streamed.tail().read(),
        produced.sent() + streamed.tail().sent(),
        new DemoSummary.Collector(produced.accepted(), sum(collectorRejected), collectorRejected),
        atSource,
        produced.sent(),
        consumed.messages(),
        consumed.valid(),
        consumed.distinctIds(),
        sinks.bronze(),
        sinks.silver(),
        sinks.quarantine(),
        sinks.quarantineReasons(),
        sinks.dynamodbTransactions(),
        sinks.fraudAudit(),
        sinks.decisions(),
        sinks.modelVersions(),
        sinks.flaggedDeclined(),
        sinks.rulesVersions(),
        new DemoSummary.Notifications(
            mails.getOrDefault("sent", 0L),
            mails.getOrDefault("failed", 0L),
            mails.getOrDefault("no_contact", 0L)),
        customerLoop.labels(),
        customerLoop.answers().size(),
        customerLoop,
        model.version(),
        model.promoted(),
        model.metrics().get("model"),
        model.metrics().get("baselines"),
        model.versionDir(),
        nightly.gold(),
        nightly.warehouse(),
        nightly.catalog(),
        phaseSeconds,
        false,
        0);
  }

  /** Writes the summary as JSON and as the console's HTML page. */
  static void write(DemoSummary s, StateLayout layout) throws Exception {
    s.write(layout.demoSummaryJson());
    Reports.writeDemoSummary(s, layout.demoSummaryHtml());
  }

  /** The summary on the terminal, with example look-ups and the warehouse's preview. */
  static void print(
      DemoSummary s, SinkCounts sinks, Endpoints e, StateLayout layout, PrintStream out)
      throws Exception {
    out.println("== 11/11 summary");
    out.printf("  input           %s%n", s.input());
    out.printf("  read            %,d records%n", s.read());
    out.printf("  rejected        %,d (never sent)%n", sum(s.rejectedAtSource()));
    out.printf(
        "  produced        %,d (%s %,d, HTTP collector %,d accepted / %,d rejected %s)%n",
        s.produced(),
        "kinesis".equals(s.source()) ? "Kinesis" : "Kafka",
        s.produced() - s.collector().accepted(),
        s.collector().accepted(),
        s.collector().rejected(),
        s.collector().rejectedReasons());
    out.printf("  consumed        %,d (first two parts)%n", s.consumed());
    out.printf("  all checks      %s%n", s.ok() ? "passed" : "FAILED " + s.failedChecks());
    out.printf(
        "  model           %s (promoted: %s): PR-AUC %.3f, ROC-AUC %.3f; best seed rule PR-AUC %.3f%n",
        s.modelVersion(),
        s.modelPromoted(),
        s.model().path("pr_auc").asDouble(),
        s.model().path("roc_auc").asDouble(),
        Math.max(
            s.baselines().at("/amount_over_1000/pr_auc").asDouble(),
            s.baselines().at("/above_card_average/pr_auc").asDouble()));
    out.printf("  model report    %s/report/report.md (and report.html)%n", s.modelDir());
    out.printf(
        "  stream          bronze %,d, silver %,d, quarantine %,d %s%n",
        s.bronze(), s.silver(), s.quarantine(), s.quarantineReasons());
    out.printf("  decisions       %s (model %s)%n", s.decisions(), s.streamModelVersions());
    out.printf(
        "  control plane   flagged card declined %,d times; rules seen in silver %s%n",
        s.flaggedDeclined(), s.rulesVersions());
    out.printf(
        "  customer loop   e-mails %s; answers %s (%d through the console's form); labels %,d%n",
        s.customerLoop().notifications(),
        s.customerLoop().answers(),
        s.customerLoop().consoleAnswers(),
        s.customerLoop().labels());
    out.printf(
        "  dynamodb        transactions %,d, fraud_audit %,d%n",
        s.dynamodbTransactions(), s.fraudAudit());
    out.println("  a card's latest transactions (DynamoDB query on card_id):");
    sinks.cardLookup().forEach(l -> out.println("    " + l));
    out.println("  the same merchant's latest transactions (GSI by_merchant):");
    sinks.merchantLookup().forEach(l -> out.println("    " + l));
    out.printf("  gold            %s%n", s.gold());
    out.printf("  warehouse       %s%n", s.warehouse());
    NightlyDemo.preview(e, out);
    out.printf("  phases (s)      %s%n", s.phaseSeconds());
    out.printf("  summary JSON    %s%n", layout.demoSummaryJson());
    out.printf("  summary HTML    %s%n", layout.demoSummaryHtml());
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}

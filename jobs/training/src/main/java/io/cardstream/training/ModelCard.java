package io.cardstream.training;

import io.cardstream.common.decision.ReasonText;
import io.cardstream.common.features.DriftReport;
import io.cardstream.common.registry.CalibrationMetrics;
import io.cardstream.common.registry.CostMetrics;
import io.cardstream.common.registry.IntervalMetrics;
import io.cardstream.common.registry.ModelMetrics;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.common.registry.RegistryLayout;
import io.cardstream.common.risk.CostPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The model card of a version ({@code report/model-card.md} and {@code .html}): what a model-risk
 * reviewer reads before the model may decline cards. What it was trained on, its inputs, its test
 * metrics with intervals, its calibration, what its thresholds cost, how it performs by segment
 * with the gaps named, how the data moved since the champion was trained, and its known limits.
 */
final class ModelCard {

  /**
   * @param championDrift this run's test rows against the champion's training profile (null: no
   *     champion, or one without a profile)
   */
  record Inputs(ModelMetrics metrics, Segments.Report segments, DriftReport championDrift) {}

  /** Rows per dimension in the card's tables (gaps are judged on every segment). */
  static final int SEGMENT_ROWS = 12;

  private ModelCard() {}

  static void write(ModelRegistry registry, String version, Inputs in) throws IOException {
    CardDoc d = document(in);
    registry.write(
        version,
        RegistryLayout.ReportFile.MODEL_CARD.path(),
        d.markdown().getBytes(StandardCharsets.UTF_8));
    registry.write(
        version,
        RegistryLayout.ReportFile.MODEL_CARD_HTML.path(),
        d.html().getBytes(StandardCharsets.UTF_8));
  }

  static CardDoc document(Inputs in) {
    ModelMetrics m = in.metrics();
    CardDoc d = new CardDoc("Model card: fraud model " + m.version());
    d.p(
        RiskReport.f(
            "Created %s. Gradient-boosted trees (%d rounds, depth %d). Promoted: %s (policy %s)."
                + " Intended use: the stream's score of card payments, a calibrated probability"
                + " of fraud that the rules file's thresholds (or the cost policy) turn into"
                + " APPROVE, REVIEW or DECLINE; not for decisions about people beyond a payment.",
            m.createdAt(),
            m.params().maxIter(),
            m.params().maxDepth(),
            m.promoted(),
            m.promotePolicy()));
    data(d, m);
    features(d, m);
    metrics(d, m);
    calibration(d, m.calibration());
    costs(d, m.costs());
    segments(d, in.segments());
    drift(d, m, in.championDrift());
    limits(d, m);
    return d;
  }

  private static void data(CardDoc d, ModelMetrics m) {
    ModelMetrics.DataRange r = m.dataRange();
    d.h2("Data");
    d.table(
        List.of("rows", "from", "to", "rows", "fraud", "fraud rate"),
        List.of(
            List.of(
                "training",
                String.valueOf(r.trainFrom()),
                String.valueOf(r.trainTo()),
                RiskReport.f("%,d", m.trainRows()),
                RiskReport.f("%,d", m.trainFraudRows()),
                rate(m.trainFraudRows(), m.trainRows())),
            List.of(
                "validation slice (threshold, calibration, cost thresholds)",
                String.valueOf(r.validationFrom()),
                String.valueOf(r.trainTo()),
                m.calibration() == null ? "" : RiskReport.f("%,d", m.calibration().fitRows()),
                m.calibration() == null ? "" : RiskReport.f("%,d", m.calibration().fitFrauds()),
                m.calibration() == null
                    ? ""
                    : rate(m.calibration().fitFrauds(), m.calibration().fitRows())),
            List.of(
                "test (out of time)",
                String.valueOf(r.testFrom()),
                String.valueOf(r.testTo()),
                RiskReport.f("%,d", m.testRows()),
                RiskReport.f("%,d", m.testFraudRows()),
                rate(m.testFraudRows(), m.testRows()))));
    d.p(
        "Inputs: "
            + m.params().inputs()
            + (m.params().testInputs().isEmpty() ? "" : ", test " + m.params().testInputs())
            + " ("
            + m.params().format()
            + "); rules "
            + m.rulesVersion()
            + (m.feedback() == null
                ? "; no feedback labels."
                : RiskReport.f(
                    "; %,d feedback answers changed %,d labels.",
                    m.feedback().answers(), m.feedback().labelsChanged())));
  }

  private static void features(CardDoc d, ModelMetrics m) {
    d.h2("Features");
    List<List<String>> rows = new ArrayList<>();
    for (String f : m.features()) {
      Double imp = m.featureImportances().get(f);
      rows.add(List.of(f, ReasonText.feature(f), imp == null ? "" : RiskReport.f("%.4f", imp)));
    }
    d.table(List.of("feature", "in words", "importance"), rows);
  }

  private static void metrics(CardDoc d, ModelMetrics m) {
    d.h2("Metrics on the test rows");
    IntervalMetrics i = m.intervals();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("PR-AUC", ci(i == null ? null : i.prAuc(), m.model().prAuc())));
    rows.add(List.of("ROC-AUC", ci(i == null ? null : i.rocAuc(), m.model().rocAuc())));
    rows.add(
        List.of(
            RiskReport.f("recall at the threshold %.4f", m.threshold()),
            ci(i == null ? null : i.recall(), m.model().recall())));
    rows.add(List.of("precision at the threshold", RiskReport.f("%.4f", m.model().precision())));
    rows.add(
        List.of("precision at 80% recall", RiskReport.f("%.4f", m.model().precisionAtRecall80())));
    rows.add(
        List.of(
            "recall at 1% false-positive rate", RiskReport.f("%.4f", m.model().recallAt1PctFpr())));
    d.table(List.of("metric", "estimate [95% interval]"), rows);
    if (i != null) {
      d.p(
          RiskReport.f(
              "Intervals: stratified percentile bootstrap, %d resamples, level %.2f, seed %d;"
                  + " rows are resampled independently.",
              i.resamples(), i.level(), i.seed()));
    }
  }

  private static String ci(IntervalMetrics.Interval i, double estimate) {
    return i == null ? RiskReport.f("%.4f", estimate) : i.describe();
  }

  private static void calibration(CardDoc d, CalibrationMetrics c) {
    d.h2("Calibration");
    if (c == null) {
      d.p("Not recorded.");
      return;
    }
    d.p(
        RiskReport.f(
            "Method %s, fitted on the validation slice. Brier score on the test rows %.5f (raw"
                + " score %.5f); expected calibration error %.5f.",
            c.method(), c.brier(), c.brierRaw(), c.ece()));
    List<List<String>> rows = new ArrayList<>();
    c.reliability()
        .forEach(
            b ->
                rows.add(
                    List.of(
                        RiskReport.f("%.1f-%.1f", b.lower(), b.upper()),
                        RiskReport.f("%,d", b.count()),
                        RiskReport.f("%.4f", b.meanPredicted()),
                        RiskReport.f("%.4f", b.observedRate()))));
    d.table(List.of("probability", "rows", "mean predicted", "observed fraud rate"), rows);
  }

  private static void costs(CardDoc d, CostMetrics c) {
    d.h2("Cost at the thresholds");
    if (c == null) {
      d.p("Not recorded.");
      return;
    }
    d.p(
        RiskReport.f(
            "A fraud approved loses its amount, a review costs %.2f, a false decline %.2f.",
            c.reviewCost(), c.falseDeclineCost()));
    List<List<String>> rows = new ArrayList<>();
    for (CostPolicy.Outcome o : c.onTest()) {
      rows.add(
          List.of(
              o.rule(),
              RiskReport.threshold(o.reviewThreshold()),
              RiskReport.threshold(o.declineThreshold()),
              RiskReport.f("%,d", o.reviewed()),
              RiskReport.f("%,d", o.declined()),
              RiskReport.f("%,d", o.fraudsApproved()),
              RiskReport.f("%,.0f", o.total())));
    }
    d.table(
        List.of(
            "policy",
            "REVIEW at",
            "DECLINE at",
            "reviewed",
            "declined",
            "frauds approved",
            "total cost"),
        rows);
  }

  private static void segments(CardDoc d, Segments.Report s) {
    d.h2("Performance by segment (test rows, at the threshold)");
    Segments.Segment all = s.overall();
    d.p(
        RiskReport.f(
            "Overall: recall %.3f, false-positive rate %.4f. A segment with at least %d frauds is a"
                + " gap when its recall is more than %.2f below, or its false-positive rate more"
                + " than %.0f times, the overall one.",
            all.recall(),
            all.falsePositiveRate(),
            Segments.MIN_FRAUDS,
            Segments.RECALL_GAP,
            Segments.FPR_GAP));
    d.p(s.gaps().isEmpty() ? "**Gaps:** none found." : "**Gaps:**");
    if (!s.gaps().isEmpty()) {
      d.list(s.gaps());
    }
    for (String dim : Segments.DIMENSIONS) {
      List<Segments.Segment> rows =
          s.segments().stream().filter(x -> x.dimension().equals(dim)).toList();
      List<List<String>> table = new ArrayList<>();
      rows.stream()
          .limit(SEGMENT_ROWS)
          .forEach(
              x ->
                  table.add(
                      List.of(
                          x.name(),
                          RiskReport.f("%,d", x.rows()),
                          RiskReport.f("%,d", x.frauds()),
                          num(x.prAuc()),
                          num(x.recall()),
                          num(x.falsePositiveRate()))));
      d.p(
          "**"
              + dim
              + "**"
              + (rows.size() > SEGMENT_ROWS
                  ? RiskReport.f(" (the %d largest of %d)", SEGMENT_ROWS, rows.size())
                  : ""));
      d.table(List.of(dim, "rows", "frauds", "PR-AUC", "recall", "false-positive rate"), table);
    }
  }

  private static void drift(CardDoc d, ModelMetrics m, DriftReport champion) {
    d.h2("Drift and the champion");
    ModelMetrics.Champion ch = m.champion();
    IntervalMetrics i = m.intervals();
    d.p(
        ch.version() == null
            ? "No champion before this version."
            : "Champion before this run: "
                + ch.describe()
                + (i == null || i.prAucVsChampion() == null
                    ? "."
                    : "; PR-AUC gain of this version " + i.prAucVsChampion().describe() + "."));
    if (champion != null) {
      d.p("Test rows against the champion's training profile (PSI, largest first):");
      d.table(List.of("feature", "PSI"), top(champion.psi()));
    }
    if (m.drift() != null) {
      d.p("Test rows against this version's training rows (PSI, largest first):");
      d.table(List.of("feature", "PSI"), top(m.drift().report().psi()));
    }
  }

  private static List<List<String>> top(Map<String, Double> psi) {
    return psi.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .limit(8)
        .map(e -> List.of(e.getKey(), RiskReport.f("%.3f", e.getValue())))
        .toList();
  }

  private static void limits(CardDoc d, ModelMetrics m) {
    d.h2("Known limits");
    d.list(
        List.of(
            "The probability is calibrated to the validation slice's fraud rate; a shift in the"
                + " fraud rate, or labels that arrive late (frauds reported weeks after), bias it.",
            "Threshold, calibration and cost thresholds were chosen with the model fitted before"
                + " the validation slice; the registered model was then refitted on every training"
                + " row (up to 500,000) and inherits them.",
            "Explanations are exact TreeSHAP values of the margin (log-odds scale), path-dependent:"
                + " correlated features share credit as the trees' training covers say.",
            "Bootstrap intervals resample rows independently; frauds cluster by card and by day,"
                + " so the intervals are optimistic.",
            "Thresholds on the probability ignore the amount; the per-row rule in the cost table"
                + " shows what deciding on expected loss would save.",
            "Segments with fewer than "
                + Segments.MIN_FRAUDS
                + " frauds are not judged; gender is not a model input but the cardholder's age is,"
                + " and no fairness constraint was applied.",
            "Trained on "
                + m.params().format()
                + " data; traffic unlike it is flagged by the"
                + " stream's drift figures, not by the model."));
  }

  private static String rate(long frauds, long rows) {
    return rows == 0 ? "" : RiskReport.f("%.4f", (double) frauds / rows);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "-" : RiskReport.f("%.4f", v);
  }
}

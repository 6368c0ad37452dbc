package io.cardstream.console.page;

import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.registry.ModelMetrics;
import io.cardstream.common.registry.RegistryLayout;
import io.cardstream.console.html.Chart;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.html.Table;
import io.cardstream.console.source.DeltaHistory;
import io.cardstream.console.source.ModelFiles;
import io.cardstream.console.source.Sourced;
import io.cardstream.console.source.Sources;
import io.cardstream.console.source.Warehouse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Nightly: the last runs of each batch job, from what each leaves behind: the warehouse load's
 * {@code fraud.load_audit} rows, the Delta commits of the tables the jobs write (analytics' gold
 * tables, the labels job, the notifier, the stream's appends and maintenance's OPTIMIZE/VACUUM),
 * and the model registry (the champion's metrics and its PR/ROC curves from the training report).
 */
public final class NightlyPage {

  static final int LOADS = 40;
  static final int COMMITS = 5;

  private NightlyPage() {}

  public static Page render(Sources s) {
    var loadsCall = s.warehouse(w -> w.loads(LOADS));
    var lakeCall = s.files("The lake " + s.lake(), () -> lakeHistory(s));
    var modelsCall =
        s.files(
            "The model registry " + s.models().root(),
            () -> Map.entry(s.models().champion(), s.models().versions()));
    Sourced<List<Warehouse.Load>> loads = loadsCall.get();
    Sourced<Map<LakeTable, List<DeltaHistory.Commit>>> lake = lakeCall.get();
    Sourced<Map.Entry<Optional<String>, List<ModelFiles.Version>>> models = modelsCall.get();

    Page page = new Page("Nightly", "/nightly");
    warehouse(page, loads);
    lake(page, lake);
    page.h2("Quality gate");
    page.p(
        "The quality gate keeps no record of its runs: it passes (exit 0) or fails with the list of"
            + " problems (exit 1), which the nightly DAG's task log keeps (docs/batch.md). The"
            + " warehouse load runs only after it passed, in the nightly DAG and in the demo: a"
            + " date loaded above passed the gate.");
    models(page, models);
    return page;
  }

  private static Map<LakeTable, List<DeltaHistory.Commit>> lakeHistory(Sources s)
      throws java.io.IOException {
    Map<LakeTable, List<DeltaHistory.Commit>> out = new LinkedHashMap<>();
    for (LakeTable t : LakeTable.values()) {
      out.put(t, DeltaHistory.read(s.lake().resolve(t.path()), COMMITS));
    }
    return out;
  }

  private static void warehouse(Page page, Sourced<List<Warehouse.Load>> loads) {
    page.h2("Warehouse load");
    if (!page.source(loads, "The load audit is the table fraud.load_audit.")) {
      return;
    }
    if (loads.value().isEmpty()) {
      page.note("No load recorded yet: fraud.load_audit is empty or does not exist.");
      return;
    }
    Map<String, Long> rowsByTable = new LinkedHashMap<>();
    long failed = 0;
    for (Warehouse.Load l : loads.value()) {
      if ("loaded".equals(l.status())) {
        rowsByTable.merge(l.table(), l.rows(), Long::sum);
      } else {
        failed++;
      }
    }
    Warehouse.Load newest = loads.value().get(0);
    page.tiles(
        List.of(
            new String[] {"last load", Html.esc(Html.time(newest.loadedAt())), "last_load"},
            new String[] {"status", Html.esc(newest.status()), "last_load_status"},
            new String[] {"failed attempts", Html.count(failed), "failed_loads"}));
    page.chart(
        "chart-loads",
        "Rows loaded by table (the attempts below)",
        Chart.bar(new ArrayList<>(rowsByTable.keySet()))
            .series("rows", new ArrayList<>(rowsByTable.values()))
            .axes("table", "rows"));
    Table t =
        new Table(
            "loads", "loaded at", "run date", "table", "rows", "status", "message", "manifest");
    for (Warehouse.Load l : loads.value()) {
      t.row(
          l.table() + "/" + l.runDate(),
          Html.esc(Html.time(l.loadedAt())),
          Html.esc(l.runDate()),
          Html.text(l.table()),
          Html.count(l.rows()),
          "<span class=\"status-" + Html.esc(l.status()) + "\">" + Html.esc(l.status()) + "</span>",
          Html.text(l.message()),
          "<code>" + Html.text(l.manifestUrl()) + "</code>");
    }
    page.table(t);
    page.note("The newest " + LOADS + " attempts; one row per table and run date.");
  }

  private static void lake(Page page, Sourced<Map<LakeTable, List<DeltaHistory.Commit>>> lake) {
    page.h2("Lake jobs");
    if (!page.source(lake, "The jobs' runs come from the Delta tables' commit logs.")) {
      return;
    }
    Table t =
        new Table(
            "lake-commits",
            "table",
            "job",
            "committed",
            "version",
            "operation",
            "detail",
            "rows",
            "took");
    int n = 0;
    for (var e : lake.value().entrySet()) {
      for (DeltaHistory.Commit c : e.getValue()) {
        n++;
        t.row(
            e.getKey().path() + "@" + c.version(),
            Html.esc(e.getKey().path()),
            Html.esc(job(e.getKey(), c)),
            Html.esc(Html.time(c.time())),
            Html.esc(c.version()),
            Html.esc(c.operation()),
            Html.text(c.detail()),
            c.rows() == null ? "" : Html.count(c.rows()),
            c.durationMs() == null ? "" : Html.count(c.durationMs()) + " ms");
      }
    }
    if (n == 0) {
      page.note("No Delta table in the lake yet.");
      return;
    }
    page.table(t);
    page.note(
        "The newest "
            + COMMITS
            + " commits of each table. Durations are shown where Delta records them (MERGE,"
            + " OPTIMIZE).");
  }

  static String job(LakeTable t, DeltaHistory.Commit c) {
    String op = c.operation().toUpperCase(Locale.ROOT);
    if (op.startsWith("OPTIMIZE") || op.startsWith("VACUUM")) {
      return "maintenance";
    }
    return switch (t.writer()) {
      case ANALYTICS -> "analytics";
      case FEEDBACK -> "feedback-labels";
      case NOTIFIER -> "notifier";
      case SCORING_STREAM -> "scoring stream";
    };
  }

  private static void models(
      Page page, Sourced<Map.Entry<Optional<String>, List<ModelFiles.Version>>> models) {
    page.h2("Model registry");
    if (!page.source(models, "The models come from the registry's files.")) {
      return;
    }
    Optional<String> champion = models.value().getKey();
    List<ModelFiles.Version> versions = models.value().getValue();
    if (versions.isEmpty()) {
      page.note("No model trained yet: the stream decides by its rules alone.");
      return;
    }
    Optional<ModelFiles.Version> ch =
        champion.flatMap(c -> versions.stream().filter(v -> v.name().equals(c)).findFirst());
    if (ch.isEmpty()) {
      page.notice(
          "warn",
          champion.isEmpty()
              ? "No champion: no version was promoted (CHAMPION is missing)."
              : "CHAMPION names " + champion.get() + ", which has no metrics.json.");
    } else {
      ModelFiles.Version v = ch.get();
      page.raw(
          "<p>Champion: <strong data-metric=\"champion\">"
              + Html.id(v.name())
              + "</strong> · <a href=\"/nightly/models/"
              + Html.esc(Html.url(v.name()))
              + "\">training report</a> · <a href=\"/nightly/models/"
              + Html.esc(Html.url(v.name()))
              + "/"
              + RegistryLayout.ReportFile.MODEL_CARD_HTML.fileName()
              + "\">model card</a></p>");
      ModelReport.metrics(page, v.metrics(), "champion");
      ModelReport.curves(page, img -> "/nightly/models/" + Html.url(v.name()) + "/" + img);
    }
    Table t =
        new Table("versions", "version", "created", "PR-AUC", "ROC-AUC", "promoted", "champion");
    for (ModelFiles.Version v : versions) {
      t.row(
          v.name(),
          "<a href=\"/nightly/models/"
              + Html.esc(Html.url(v.name()))
              + "\">"
              + Html.id(v.name())
              + "</a>",
          Html.esc(v.createdAt()),
          Html.decimal(v.metrics().model().prAuc(), 4),
          Html.decimal(v.metrics().model().rocAuc(), 4),
          Html.esc(v.metrics().promoted()),
          champion.map(c -> c.equals(v.name())).orElse(false) ? "yes" : "");
    }
    page.h2("Versions");
    page.table(t);
    labels(page, versions.get(0));
  }

  /** The answers the newest training took as labels, by who gave them. */
  private static void labels(Page page, ModelFiles.Version last) {
    ModelMetrics.Feedback fb = last.metrics().feedback();
    String taken =
        fb == null
            ? "none (it ran without feedback labels)"
            : fb.fromAnalysts() == null
                ? Html.count(fb.matchedRows()) + " (not counted by source)"
                : "<span data-metric=\"labels_from_analysts\">"
                    + Html.count(fb.fromAnalysts())
                    + "</span> from analysts, <span data-metric=\"labels_from_customers\">"
                    + Html.count(fb.fromCustomers())
                    + "</span> from customers";
    page.raw(
        "<p id=\"training-labels\">Labels the last training ("
            + Html.id(last.name())
            + ") took from answers: "
            + taken
            + ".</p>");
  }
}

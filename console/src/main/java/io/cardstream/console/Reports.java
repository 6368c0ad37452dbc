package io.cardstream.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.registry.ModelMetrics;
import io.cardstream.common.registry.RegistryLayout;
import io.cardstream.common.report.DemoSummary;
import io.cardstream.console.html.Chart;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.html.Table;
import io.cardstream.console.page.ModelReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The demo summary and a model's training report as HTML pages with their charts, each one
 * self-contained file (style, Chart.js and the curves' PNGs inline): it opens from disk, with no
 * server and no network. Needs only the JDK, Jackson and the console's jar (no server classes), so
 * the CLI can call it in its own JVM; the console serves the same training report.
 *
 * <pre>
 * Reports.writeDemoSummary(Path.of(".cardstream/demo-summary.json"), Path.of(".cardstream/demo-summary.html"));
 * Reports.writeTrainingReport(versionDir, versionDir.resolve("report/report.html"));
 * java -cp console/target/classes:$(cat console/target/classpath.txt) io.cardstream.console.Reports demo IN OUT
 * </pre>
 */
public final class Reports {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A stage or sink of the demo: its summary key, its label and its count. */
  private record Stage(String key, String label, ToLongFunction<DemoSummary> count) {}

  /** Sinks and stages of the demo, in the order the records flow. */
  private static final List<Stage> FLOW =
      List.of(
          new Stage("read", "read from the input", DemoSummary::read),
          new Stage("produced", "produced to Kafka", DemoSummary::produced),
          new Stage("consumed", "consumed back", DemoSummary::consumed),
          new Stage("bronze", "Delta bronze", DemoSummary::bronze),
          new Stage("silver", "Delta silver", DemoSummary::silver),
          new Stage("quarantine", "Delta quarantine", DemoSummary::quarantine),
          new Stage(
              "dynamodb_transactions", "DynamoDB transactions", DemoSummary::dynamodbTransactions),
          new Stage("fraud_audit", "DynamoDB fraud_audit (cases)", DemoSummary::fraudAudit));

  private Reports() {}

  /** The demo's summary ({@code demo-summary.json}) as one HTML file. */
  public static void writeDemoSummary(Path summaryJson, Path outHtml) throws IOException {
    writeDemoSummary(DemoSummary.read(summaryJson), outHtml);
  }

  /** The demo's summary as one HTML file. */
  public static void writeDemoSummary(DemoSummary summary, Path outHtml) throws IOException {
    write(outHtml, demoSummary(summary).render(Page.Mode.STANDALONE));
  }

  /** A registry version's training report ({@code <version>/metrics.json} and its curves). */
  public static void writeTrainingReport(Path versionDir, Path outHtml) throws IOException {
    ModelMetrics m =
        ModelMetrics.fromJson(JSON.readTree(versionDir.resolve(RegistryLayout.METRICS).toFile()));
    Path report = versionDir.resolve(RegistryLayout.REPORT);
    Page page =
        trainingReport(
            m,
            img -> {
              Path p = report.resolve(img);
              try {
                return Files.isRegularFile(p)
                    ? "data:image/png;base64,"
                        + Base64.getEncoder().encodeToString(Files.readAllBytes(p))
                    : "";
              } catch (IOException e) {
                return "";
              }
            });
    write(outHtml, page.render(Page.Mode.STANDALONE));
  }

  /** The training report's page; {@code imageSrc} gives the curves' URLs. */
  public static Page trainingReport(ModelMetrics m, Function<String, String> imageSrc) {
    Page page =
        new Page("Training report: " + (m.version() == null ? "?" : m.version()), "/nightly");
    ModelReport.metrics(page, m, "model");
    page.h2("Precision-recall and ROC (test period)");
    ModelReport.curves(page, imageSrc);
    ModelReport.details(page, m, "model");
    ModelMetrics.Champion ch = m.champion();
    page.h2("Champion before this run");
    page.p(
        ch.version() == null
            ? "No champion before this run."
            : "Version "
                + ch.describe()
                + ". Policy "
                + (m.promotePolicy() == null ? "?" : m.promotePolicy())
                + "; promoted: "
                + m.promoted()
                + ".");
    page.h2("Parameters");
    page.table(flat("params", m.params().toJson()));
    return page;
  }

  /** The demo summary's page. */
  static Page demoSummary(DemoSummary s) {
    Page page = new Page("Demo summary", null).withoutNav();
    page.p(
        (s.ok() ? "The demo run passed its checks" : "The demo run FAILED its checks")
            + " in "
            + Html.decimal(s.seconds(), 1)
            + " s; input "
            + Html.mask(s.input() == null ? "?" : s.input())
            + ".");
    String model = s.modelVersion() == null ? "none" : s.modelVersion();
    page.tiles(
        List.of(
            new String[] {"ok", Html.esc(String.valueOf(s.ok())), "ok"},
            new String[] {"read", Html.count(s.read()), "read"},
            new String[] {"silver", Html.count(s.silver()), "silver"},
            new String[] {"quarantine", Html.count(s.quarantine()), "quarantine"},
            new String[] {"cases", Html.count(s.fraudAudit()), "fraud_audit"},
            new String[] {"model", Html.id(model), "model_version"}));
    flow(page, s);
    if (s.decisions() != null) {
      decisions(page, s);
    }
    if (s.model() != null && s.model().isObject()) {
      page.h2("Model " + (s.modelVersion() == null ? "" : s.modelVersion()));
      page.p(
          "Promoted: "
              + s.modelPromoted()
              + ". Directory: "
              + Html.mask(s.modelDir() == null ? "" : s.modelDir())
              + ".");
      ModelReport.scorers(page, s.model(), s.baselines(), "demo-model");
    }
    if (s.gold() != null || s.warehouse() != null) {
      nightly(page, s.gold(), s.warehouse());
    }
    if (s.customerLoop() != null) {
      page.h2("Customer loop");
      ObjectNode loop = JSON.valueToTree(s.customerLoop());
      loop.remove("answers");
      page.table(flat("customer-loop", loop));
      page.note(
          "Answers recorded: "
              + (s.customerLoop().answers() == null ? 0 : s.customerLoop().answers().size())
              + " (by transaction; no card number or name is in the summary).");
    }
    if (s.collector() != null) {
      page.h2("HTTP collector");
      page.table(flat("collector", JSON.valueToTree(s.collector())));
    }
    if (s.catalog() != null) {
      page.h2("Catalog");
      StringBuilder b = new StringBuilder("<ul id=\"catalog\">");
      s.catalog().forEach(c -> b.append("<li>").append(Html.text(c)).append("</li>"));
      page.raw(b.append("</ul>").toString());
    }
    if (s.phaseSeconds() != null && !s.phaseSeconds().isEmpty()) {
      phases(page, s.phaseSeconds());
    }
    page.h2("Every number of the summary");
    page.table(flat("all", s.toJson()));
    return page;
  }

  private static void flow(Page page, DemoSummary s) {
    page.h2("Records through the pipeline");
    List<String> labels = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    Table flow = new Table("flow", "stage or sink", "records");
    for (Stage f : FLOW) {
      long n = f.count().applyAsLong(s);
      labels.add(f.label());
      values.add(n);
      flow.row(f.key(), Html.esc(f.label()), Html.count(n));
    }
    page.chart(
        "chart-flow",
        "Records per stage and sink",
        Chart.horizontalBar(labels).series("records", values));
    page.table(flow);
  }

  private static void decisions(Page page, DemoSummary s) {
    page.h2("Decisions");
    Map<String, Long> decisions = new LinkedHashMap<>();
    for (String k : List.of("APPROVE", "REVIEW", "DECLINE")) {
      if (s.decisions().containsKey(k)) {
        decisions.put(k, s.decisions().get(k));
      }
    }
    s.decisions().forEach(decisions::putIfAbsent);
    page.chart(
        "chart-decisions",
        "Decisions of the stream",
        Chart.bar(new ArrayList<>(decisions.keySet()))
            .series("decisions", new ArrayList<>(decisions.values())));
    Table t = new Table("decisions", "decision", "transactions");
    decisions.forEach((k, v) -> t.row(k, Html.text(k), Html.count(v)));
    page.table(t);
    page.p(
        "Declined because the card was flagged: "
            + Html.count(s.flaggedDeclined())
            + ". Rules versions used: "
            + Html.esc(s.rulesVersions() == null ? "" : String.join(", ", s.rulesVersions()))
            + ".");
  }

  private static void nightly(Page page, Map<String, Long> gold, Map<String, Long> warehouse) {
    page.h2("Nightly batch: gold tables and the warehouse");
    Map<String, Long> g = gold == null ? Map.of() : gold;
    Map<String, Long> w = warehouse == null ? Map.of() : warehouse;
    List<String> tables = new ArrayList<>(g.keySet());
    w.keySet().stream().filter(n -> !tables.contains(n)).forEach(tables::add);
    List<Long> goldRows = new ArrayList<>();
    List<Long> whRows = new ArrayList<>();
    Table t = new Table("nightly", "table", "gold (Delta)", "warehouse");
    for (String n : tables) {
      goldRows.add(g.get(n));
      whRows.add(w.get(n));
      t.row(
          n,
          Html.text(n),
          g.containsKey(n) ? Html.count(g.get(n)) : "",
          w.containsKey(n) ? Html.count(w.get(n)) : "");
    }
    page.chart(
        "chart-nightly",
        "Rows per table",
        Chart.bar(tables).series("gold (Delta)", goldRows).series("warehouse", whRows));
    page.table(t);
  }

  private static void phases(Page page, Map<String, Double> phases) {
    page.h2("Time per phase");
    Table t = new Table("phases", "phase", "seconds");
    phases.forEach((name, secs) -> t.row(name, Html.text(name), Html.decimal(secs, 1)));
    page.chart(
        "chart-phases",
        "Seconds per phase",
        Chart.horizontalBar(new ArrayList<>(phases.keySet()))
            .series("s", new ArrayList<>(phases.values())));
    page.table(t);
  }

  /** A JSON object as dotted key / value rows (masked). */
  static Table flat(String id, JsonNode n) {
    Table t = new Table(id, "key", "value");
    flatten("", n, t);
    return t;
  }

  private static void flatten(String prefix, JsonNode n, Table t) {
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        var e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), t);
      }
    } else if (n.isArray() && n.size() > 0 && n.get(0).isContainerNode()) {
      for (int i = 0; i < n.size(); i++) {
        flatten(prefix + "[" + i + "]", n.get(i), t);
      }
    } else if (!prefix.isEmpty()) {
      String v = n.isArray() ? join(n) : n.isNumber() ? number(n) : n.asText();
      t.row(prefix, "<code>" + Html.text(prefix) + "</code>", Html.text(v));
    }
  }

  private static String number(JsonNode n) {
    return n.isIntegralNumber() ? Html.count(n.asLong()) : Html.decimal(n.asDouble(), 4);
  }

  private static String join(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(x -> out.add(x.asText()));
    return String.join(", ", out);
  }

  private static void write(Path out, String html) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(out.getFileName() + ".tmp");
    Files.writeString(tmp, html, StandardCharsets.UTF_8);
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** {@code demo SUMMARY.json OUT.html} or {@code training VERSION_DIR OUT.html}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 3 || !List.of("demo", "training").contains(args[0])) {
      System.err.println(
          "usage: Reports demo <demo-summary.json> <out.html> | Reports training <version dir> <out.html>");
      System.exit(2);
    }
    if (args[0].equals("demo")) {
      writeDemoSummary(Path.of(args[1]), Path.of(args[2]));
    } else {
      writeTrainingReport(Path.of(args[1]), Path.of(args[2]));
    }
    System.out.println("wrote " + args[2]);
  }
}

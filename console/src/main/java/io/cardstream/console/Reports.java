package io.cardstream.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.registry.ModelMetrics;
import io.cardstream.common.registry.RegistryLayout;
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

  /** Sinks and stages of the demo, in the order the records flow, with their summary keys. */
  private static final List<String[]> FLOW =
      List.of(
          new String[] {"read", "read from the input"},
          new String[] {"produced", "produced to Kafka"},
          new String[] {"consumed", "consumed back"},
          new String[] {"bronze", "Delta bronze"},
          new String[] {"silver", "Delta silver"},
          new String[] {"quarantine", "Delta quarantine"},
          new String[] {"dynamodb_transactions", "DynamoDB transactions"},
          new String[] {"fraud_audit", "DynamoDB fraud_audit (cases)"});

  private Reports() {}

  /** The demo's summary ({@code demo-summary.json}) as one HTML file. */
  public static void writeDemoSummary(Path summaryJson, Path outHtml) throws IOException {
    JsonNode s = JSON.readTree(summaryJson.toFile());
    write(outHtml, demoSummary(s).render(Page.Mode.STANDALONE));
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
  static Page demoSummary(JsonNode s) {
    Page page = new Page("Demo summary", null).withoutNav();
    page.p(
        (s.path("ok").asBoolean()
                ? "The demo run passed its checks"
                : "The demo run FAILED its checks")
            + " in "
            + Html.decimal(s.path("seconds").asDouble(Double.NaN), 1)
            + " s; input "
            + Html.mask(s.path("input").asText("?"))
            + ".");
    page.tiles(
        List.of(
            new String[] {"ok", Html.esc(s.path("ok").asText("?")), "ok"},
            new String[] {"read", Html.count(s.path("read").asLong()), "read"},
            new String[] {"silver", Html.count(s.path("silver").asLong()), "silver"},
            new String[] {"quarantine", Html.count(s.path("quarantine").asLong()), "quarantine"},
            new String[] {"cases", Html.count(s.path("fraud_audit").asLong()), "fraud_audit"},
            new String[] {
              "model", Html.id(s.path("model_version").asText("none")), "model_version"
            }));

    page.h2("Records through the pipeline");
    List<String> labels = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    Table flow = new Table("flow", "stage or sink", "records");
    for (String[] f : FLOW) {
      if (s.has(f[0])) {
        labels.add(f[1]);
        values.add(s.get(f[0]).asLong());
        flow.row(f[0], Html.esc(f[1]), Html.count(s.get(f[0]).asLong()));
      }
    }
    page.chart(
        "chart-flow",
        "Records per stage and sink",
        Chart.horizontalBar(labels).series("records", values));
    page.table(flow);

    JsonNode d = s.path("decisions");
    if (d.isObject()) {
      page.h2("Decisions");
      Map<String, Long> decisions = new LinkedHashMap<>();
      for (String k : List.of("APPROVE", "REVIEW", "DECLINE")) {
        if (d.has(k)) {
          decisions.put(k, d.get(k).asLong());
        }
      }
      d.fields().forEachRemaining(e -> decisions.putIfAbsent(e.getKey(), e.getValue().asLong()));
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
              + Html.count(s.path("flagged_declined").asLong())
              + ". Rules versions used: "
              + Html.esc(join(s.path("rules_versions")))
              + ".");
    }

    if (s.path("model").isObject()) {
      page.h2("Model " + s.path("model_version").asText(""));
      page.p(
          "Promoted: "
              + s.path("model_promoted").asText("?")
              + ". Directory: "
              + Html.mask(s.path("model_dir").asText(""))
              + ".");
      ModelReport.scorers(page, s.path("model"), s.path("baselines"), "demo-model");
    }

    if (s.path("gold").isObject() || s.path("warehouse").isObject()) {
      page.h2("Nightly batch: gold tables and the warehouse");
      List<String> tables = new ArrayList<>();
      s.path("gold").fieldNames().forEachRemaining(tables::add);
      s.path("warehouse")
          .fieldNames()
          .forEachRemaining(
              n -> {
                if (!tables.contains(n)) {
                  tables.add(n);
                }
              });
      List<Long> gold = new ArrayList<>();
      List<Long> wh = new ArrayList<>();
      Table t = new Table("nightly", "table", "gold (Delta)", "warehouse");
      for (String n : tables) {
        JsonNode g = s.path("gold").get(n);
        JsonNode w = s.path("warehouse").get(n);
        gold.add(g == null ? null : g.asLong());
        wh.add(w == null ? null : w.asLong());
        t.row(
            n,
            Html.text(n),
            g == null ? "" : Html.count(g.asLong()),
            w == null ? "" : Html.count(w.asLong()));
      }
      page.chart(
          "chart-nightly",
          "Rows per table",
          Chart.bar(tables).series("gold (Delta)", gold).series("warehouse", wh));
      page.table(t);
    }

    JsonNode loop = s.path("customer_loop");
    if (loop.isObject()) {
      page.h2("Customer loop");
      page.table(flat("customer-loop", withoutAnswers(loop)));
      page.note(
          "Answers recorded: "
              + loop.path("answers").size()
              + " (by transaction; no card number or name is in the summary).");
    }
    JsonNode collector = s.path("collector");
    if (collector.isObject()) {
      page.h2("HTTP collector");
      page.table(flat("collector", collector));
    }
    if (s.path("catalog").isArray()) {
      page.h2("Catalog");
      StringBuilder b = new StringBuilder("<ul id=\"catalog\">");
      s.path("catalog")
          .forEach(c -> b.append("<li>").append(Html.text(c.asText())).append("</li>"));
      page.raw(b.append("</ul>").toString());
    }
    JsonNode phases = s.path("phase_seconds");
    if (phases.isObject() && phases.size() > 0) {
      page.h2("Time per phase");
      List<String> names = new ArrayList<>();
      List<Double> seconds = new ArrayList<>();
      Table t = new Table("phases", "phase", "seconds");
      phases
          .fields()
          .forEachRemaining(
              e -> {
                names.add(e.getKey());
                seconds.add(e.getValue().asDouble());
                t.row(e.getKey(), Html.text(e.getKey()), Html.decimal(e.getValue().asDouble(), 1));
              });
      page.chart(
          "chart-phases", "Seconds per phase", Chart.horizontalBar(names).series("s", seconds));
      page.table(t);
    }
    page.h2("Every number of the summary");
    page.table(flat("all", s));
    return page;
  }

  private static JsonNode withoutAnswers(JsonNode loop) {
    var copy = loop.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("answers");
    return copy;
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

package io.cardstream.console.html;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A Chart.js chart as data: the page embeds it as JSON ({@code <script type="application/json">},
 * which no browser executes) and {@code console.js} draws it on the canvas next to it. No script is
 * ever generated from data.
 */
public final class Chart {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The colours of the series, in order (colour-blind safe: Okabe and Ito). */
  private static final List<String> COLOURS =
      List.of(
          "#0072B2", "#E69F00", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#000000");

  private final ObjectNode config = JSON.createObjectNode();
  private final ArrayNode datasets;
  private int series;

  private Chart(String type, List<String> labels) {
    config.put("type", type);
    ObjectNode data = config.putObject("data");
    ArrayNode l = data.putArray("labels");
    labels.forEach(s -> l.add(Html.mask(s)));
    datasets = data.putArray("datasets");
    config.putObject("options");
  }

  public static Chart bar(List<String> labels) {
    return new Chart("bar", labels);
  }

  /** Bars along the y axis (long labels: reasons, features). */
  public static Chart horizontalBar(List<String> labels) {
    Chart c = new Chart("bar", labels);
    ((ObjectNode) c.config.get("options")).put("indexAxis", "y");
    return c;
  }

  public static Chart line(List<String> labels) {
    return new Chart("line", labels);
  }

  /** A series; {@code null} values are gaps. */
  public Chart series(String label, List<? extends Number> values) {
    ObjectNode d = datasets.addObject();
    d.put("label", Html.mask(label));
    ArrayNode a = d.putArray("data");
    for (Number v : values) {
      if (v == null || Double.isNaN(v.doubleValue()) || Double.isInfinite(v.doubleValue())) {
        a.addNull();
      } else if (v instanceof Double || v instanceof Float) {
        a.add(v.doubleValue());
      } else {
        a.add(v.longValue());
      }
    }
    String colour = COLOURS.get(series++ % COLOURS.size());
    d.put("backgroundColor", colour);
    d.put("borderColor", colour);
    if ("line".equals(config.get("type").asText())) {
      d.put("fill", false);
      d.put("tension", 0.1);
      d.put("pointRadius", 2);
    }
    return this;
  }

  /** Bars of one label stack on each other. */
  public Chart stacked() {
    ObjectNode scales = ((ObjectNode) config.get("options")).putObject("scales");
    scales.putObject("x").put("stacked", true);
    scales.putObject("y").put("stacked", true);
    return this;
  }

  /** Axis titles. */
  public Chart axes(String x, String y) {
    ObjectNode options = (ObjectNode) config.get("options");
    ObjectNode scales =
        options.has("scales") ? (ObjectNode) options.get("scales") : options.putObject("scales");
    ObjectNode xs = scales.has("x") ? (ObjectNode) scales.get("x") : scales.putObject("x");
    ObjectNode ys = scales.has("y") ? (ObjectNode) scales.get("y") : scales.putObject("y");
    xs.putObject("title").put("display", true).put("text", x);
    ys.putObject("title").put("display", true).put("text", y);
    return this;
  }

  /** How many values the chart holds in all its series. */
  public int points() {
    int n = 0;
    for (var d : datasets) {
      n += d.get("data").size();
    }
    return n;
  }

  /** The JSON, safe inside a script element (no {@code <}, {@code >} or {@code &} left). */
  public String json() {
    return config
        .toString()
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026");
  }
}

package io.cardstream.console.html;

import io.cardstream.console.source.Sourced;
import java.util.List;

/**
 * One HTML page: the console's layout around sections the pages add. Served pages link the style
 * sheet and scripts from {@code /static/}; standalone pages (the reports written to files) carry
 * them inline, so one file opens anywhere with no network.
 */
public final class Page {

  /** How the page gets its style and scripts. */
  public enum Mode {
    SERVED,
    STANDALONE
  }

  /** The console's pages, in the navigation's order: path and title. */
  public static final List<String[]> NAV =
      List.of(
          new String[] {"/stream", "Stream"},
          new String[] {"/decisions", "Decisions"},
          new String[] {"/cases", "Cases"},
          new String[] {"/nightly", "Nightly"},
          new String[] {"/topics", "Topics"});

  private final String title;
  private final String active;
  private final StringBuilder body = new StringBuilder();
  private boolean nav = true;
  private int charts;
  private int refresh;

  /**
   * @param active the navigation entry to mark ({@code /stream}, ...), or null
   */
  public Page(String title, String active) {
    this.title = title;
    this.active = active;
  }

  /** Reloads itself every {@code seconds} (0: never). */
  public Page refresh(int seconds) {
    refresh = Math.max(0, seconds);
    return this;
  }

  /** Without the navigation (the login page, the reports). */
  public Page withoutNav() {
    nav = false;
    return this;
  }

  public Page h2(String text) {
    body.append("<h2>").append(Html.esc(text)).append("</h2>\n");
    return this;
  }

  /** Already-escaped HTML. */
  public Page raw(String html) {
    body.append(html).append('\n');
    return this;
  }

  /** A paragraph of the console's own words (escaped). */
  public Page p(String text) {
    body.append("<p>").append(Html.esc(text)).append("</p>\n");
    return this;
  }

  /** A note in small print (escaped). */
  public Page note(String text) {
    body.append("<p class=\"note\">").append(Html.esc(text)).append("</p>\n");
    return this;
  }

  /**
   * A source's state when it has no value: "not reachable" with the reason, or "not configured"
   * with how to configure it.
   *
   * @return true when the source answered (the caller renders the value)
   */
  public boolean source(Sourced<?> s, String whatIsMissing) {
    if (s.isOk()) {
      return true;
    }
    String state = s.state() == Sourced.State.DOWN ? "down" : "off";
    String head =
        s.state() == Sourced.State.DOWN
            ? s.source() + " is not reachable"
            : s.source() + " is not configured";
    body.append("<div class=\"notice ")
        .append(state)
        .append("\" data-source-state=\"")
        .append(state)
        .append("\"><strong>")
        .append(Html.text(head))
        .append("</strong>: ")
        .append(Html.text(s.message()))
        .append(". ")
        .append(Html.esc(whatIsMissing))
        .append(
            s.state() == Sourced.State.DOWN
                ? " Is it running? Locally: bin/cardstream stack up."
                : "")
        .append("</div>\n");
    return false;
  }

  /** A notice of the console's own (escaped). */
  public Page notice(String kind, String text) {
    body.append("<div class=\"notice ")
        .append(Html.esc(kind))
        .append("\" data-notice=\"")
        .append(Html.esc(kind))
        .append("\">")
        .append(Html.esc(text))
        .append("</div>\n");
    return this;
  }

  /** Key figures: each {label, value, metric name} (value already escaped). */
  public Page tiles(List<String[]> tiles) {
    body.append("<dl class=\"tiles\">");
    for (String[] t : tiles) {
      body.append("<div class=\"tile\"><dt>")
          .append(Html.esc(t[0]))
          .append("</dt><dd data-metric=\"")
          .append(Html.esc(t[2]))
          .append("\">")
          .append(t[1])
          .append("</dd></div>");
    }
    body.append("</dl>\n");
    return this;
  }

  /** A chart with its title; the data is JSON next to the canvas. */
  public Page chart(String id, String caption, Chart chart) {
    charts++;
    body.append("<figure class=\"chart\"><figcaption>")
        .append(Html.esc(caption))
        .append("</figcaption><div class=\"canvas\"><canvas id=\"")
        .append(Html.esc(id))
        .append("\" data-chart=\"")
        .append(Html.esc(id))
        .append("-data\" data-points=\"")
        .append(chart.points())
        .append("\" role=\"img\" aria-label=\"")
        .append(Html.esc(caption))
        .append("\"></canvas></div><script type=\"application/json\" id=\"")
        .append(Html.esc(id))
        .append("-data\">")
        .append(chart.json())
        .append("</script></figure>\n");
    return this;
  }

  public Page table(Table t) {
    body.append(t.html()).append('\n');
    return this;
  }

  public String render(Mode mode) {
    StringBuilder b = new StringBuilder(body.length() + 4096);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(Html.esc(title))
        .append(" · cardstream</title>");
    if (mode == Mode.SERVED) {
      b.append("<link rel=\"stylesheet\" href=\"/static/console.css\">");
    } else {
      b.append("<style>").append(Assets.text(Assets.CONSOLE_CSS)).append("</style>");
    }
    b.append("</head><body")
        .append(refresh > 0 ? " data-refresh=\"" + refresh + "\"" : "")
        .append(">\n<header><span class=\"brand\">cardstream</span>");
    if (nav && mode == Mode.SERVED) {
      b.append("<nav>");
      for (String[] n : NAV) {
        b.append("<a href=\"")
            .append(n[0])
            .append('"')
            .append(n[0].equals(active) ? " class=\"active\" aria-current=\"page\"" : "")
            .append('>')
            .append(n[1])
            .append("</a>");
      }
      b.append("</nav><form method=\"post\" action=\"/logout\" class=\"logout\">")
          .append("<button type=\"submit\">Log out</button></form>");
    }
    b.append("</header>\n<main>\n<h1>").append(Html.esc(title)).append("</h1>\n");
    b.append(body);
    b.append("</main>\n");
    if (charts > 0 || refresh > 0) {
      if (mode == Mode.SERVED) {
        b.append("<script src=\"/static/chart.umd.js\"></script>")
            .append("<script src=\"/static/console.js\"></script>");
      } else {
        // Inline: a report is one file. "</script" cannot occur in either (checked by a test).
        b.append("<script>")
            .append(Assets.text(Assets.CHART_JS))
            .append("</script>\n<script>")
            .append(Assets.text(Assets.CONSOLE_JS))
            .append("</script>");
      }
    }
    b.append("\n</body></html>\n");
    return b.toString();
  }
}

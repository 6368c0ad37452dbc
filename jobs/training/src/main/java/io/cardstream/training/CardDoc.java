package io.cardstream.training;

import java.util.List;

/**
 * A document written as Markdown and as a standalone HTML page at once, from the same calls: the
 * model card has both forms and they must say the same. Text is plain (escaped for HTML); {@code
 * **bold**} is the one inline mark.
 */
final class CardDoc {

  private final StringBuilder md = new StringBuilder();
  private final StringBuilder html = new StringBuilder();

  CardDoc(String title) {
    md.append("# ").append(title).append("\n\n");
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title))
        .append("</title>\n<style>body{font-family:sans-serif;max-width:70em;margin:2em auto;")
        .append("padding:0 1em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid")
        .append(" #ccc;padding:.25em .5em;text-align:left}th{background:#f3f3f3}</style>")
        .append("</head><body>\n<h1>")
        .append(esc(title))
        .append("</h1>\n");
  }

  CardDoc h2(String text) {
    md.append("\n## ").append(text).append("\n\n");
    html.append("<h2>").append(esc(text)).append("</h2>\n");
    return this;
  }

  CardDoc p(String text) {
    md.append(text).append("\n\n");
    html.append("<p>").append(inline(text)).append("</p>\n");
    return this;
  }

  CardDoc list(List<String> items) {
    items.forEach(i -> md.append("- ").append(i).append("\n"));
    md.append("\n");
    html.append("<ul>\n");
    items.forEach(i -> html.append("<li>").append(inline(i)).append("</li>\n"));
    html.append("</ul>\n");
    return this;
  }

  CardDoc table(List<String> header, List<List<String>> rows) {
    md.append("| ").append(String.join(" | ", header)).append(" |\n|");
    header.forEach(h -> md.append("---|"));
    md.append("\n");
    rows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
    md.append("\n");
    html.append("<table><thead><tr>");
    header.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
    html.append("</tr></thead><tbody>\n");
    for (List<String> r : rows) {
      html.append("<tr>");
      r.forEach(c -> html.append("<td>").append(inline(c)).append("</td>"));
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n");
    return this;
  }

  String markdown() {
    return md.toString();
  }

  String html() {
    return html + "</body></html>\n";
  }

  /** Escaped, with {@code **bold**} as strong. */
  private static String inline(String text) {
    return esc(text).replaceAll("\\*\\*(.+?)\\*\\*", "<strong>$1</strong>");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}

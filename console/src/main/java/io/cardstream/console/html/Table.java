package io.cardstream.console.html;

import java.util.ArrayList;
import java.util.List;

/** A table: headers in the console's words, cells already escaped by the page. */
public final class Table {

  private final String id;
  private final List<String> headers;
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> rowKeys = new ArrayList<>();

  public Table(String id, String... headers) {
    this.id = id;
    this.headers = List.of(headers);
  }

  /** A row; {@code key} names it for tests and links ({@code data-row}), may be null. */
  public Table row(String key, String... cells) {
    rows.add(cells);
    rowKeys.add(key);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  String html() {
    StringBuilder b = new StringBuilder("<div class=\"table\"><table id=\"");
    b.append(Html.esc(id)).append("\"><thead><tr>");
    for (String h : headers) {
      b.append("<th>").append(Html.esc(h)).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (int i = 0; i < rows.size(); i++) {
      b.append("<tr");
      if (rowKeys.get(i) != null) {
        b.append(" data-row=\"").append(Html.esc(rowKeys.get(i))).append('"');
      }
      b.append('>');
      for (String c : rows.get(i)) {
        b.append("<td>").append(c == null ? "" : c).append("</td>");
      }
      b.append("</tr>");
    }
    b.append("</tbody></table></div>");
    return b.toString();
  }
}

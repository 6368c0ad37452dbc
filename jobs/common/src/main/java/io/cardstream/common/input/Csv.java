package io.cardstream.common.input;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 style splitting and writing of one CSV line: fields may be quoted, quoted fields may
 * contain commas, and {@code ""} inside quotes is a literal quote (as pandas writes them).
 */
public final class Csv {

  private Csv() {}

  /**
   * Splits one line into fields.
   *
   * @throws IllegalArgumentException when a quote is not closed or is followed by stray text
   */
  public static String[] split(String line) {
    List<String> fields = new ArrayList<>(24);
    int n = line.length();
    int i = 0;
    StringBuilder sb = new StringBuilder();
    while (true) {
      sb.setLength(0);
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException("unterminated quoted field");
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              sb.append('"');
              i++;
            } else {
              break;
            }
          } else {
            sb.append(c);
          }
        }
        if (i < n && line.charAt(i) != ',') {
          throw new IllegalArgumentException("text after a closing quote at position " + i);
        }
      } else {
        int comma = line.indexOf(',', i);
        int end = comma < 0 ? n : comma;
        sb.append(line, i, end);
        i = end;
      }
      fields.add(sb.toString());
      if (i >= n) {
        break;
      }
      i++; // skip the comma
      if (i == n) {
        fields.add("");
        break;
      }
    }
    return fields.toArray(new String[0]);
  }

  /** Quotes a field when it contains a comma, a quote or a line break. */
  public static String quote(String field) {
    if (field.indexOf(',') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }

  public static String join(String[] fields) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(quote(fields[i]));
    }
    return sb.toString();
  }
}

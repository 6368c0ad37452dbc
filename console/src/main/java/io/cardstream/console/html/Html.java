package io.cardstream.console.html;

import io.cardstream.common.privacy.PayloadMasker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Escaping and the few formats every page uses. Nothing reaches a page without going through {@link
 * #text} (masked, then escaped), {@link #id} (escaped; masked when it looks like a card number) or
 * {@link #esc} (escaped; for the console's own words and numbers).
 */
public final class Html {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Only digits, spaces and dashes, with 12 or more digits: a card number, not an id. */
  private static final Pattern PAN_LIKE = Pattern.compile("[0-9][0-9 -]{10,}[0-9]");

  private Html() {}

  /** HTML-escaped, for text and attribute values (double-quoted). */
  public static String esc(Object o) {
    if (o == null) {
      return "";
    }
    String s = o.toString();
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Free text from a data source (merchant, reasons, messages, error messages): every digit run
   * that could be a card number keeps its last four digits, every IBAN only its country, then it is
   * escaped.
   */
  public static String text(String s) {
    return esc(mask(s));
  }

  /** The masker on free text, before escaping (for JSON the pages embed). */
  public static String mask(String s) {
    return s == null ? null : PayloadMasker.maskDigitRuns(s);
  }

  /**
   * A JSON payload (a topic's message): sensitive fields blanked at any depth, also in records
   * nested as strings ({@link Masking}), digit runs masked.
   */
  public static String payload(String json) {
    return esc(Masking.json(json));
  }

  /** The text, or "none" when there is none (a version, a query id). */
  public static String orNone(String s) {
    return s == null || s.isBlank() ? "none" : s;
  }

  /**
   * An identifier (trans_num, a card token): escaped as it is, since tokens and ids are no secrets
   * and masking a hex id's digit runs would break it; one that looks like a card number is masked.
   */
  public static String id(String s) {
    if (s == null) {
      return "";
    }
    return PAN_LIKE.matcher(s).matches() ? esc(PayloadMasker.maskDigitRuns(s)) : esc(s);
  }

  /** For a URL path segment or query value. */
  public static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public static String time(Instant t) {
    return t == null ? "" : TIME.format(t);
  }

  public static String clock(Instant t) {
    return t == null ? "" : CLOCK.format(t);
  }

  public static String minute(Instant t) {
    return t == null ? "" : MINUTE.format(t);
  }

  /** 1,234 */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A ratio as a percentage with two decimals. */
  public static String percent(double r) {
    return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f %%", r * 100);
  }

  public static String decimal(double v, int digits) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /** 2,530 d 4 h / 3 h 12 min / 4 min 5 s / 12 s */
  public static String age(Duration d) {
    if (d == null) {
      return "";
    }
    long s = Math.max(0, d.getSeconds());
    if (s >= 86_400) {
      return count(s / 86_400) + " d " + (s % 86_400) / 3600 + " h";
    }
    if (s >= 3600) {
      return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
    if (s >= 60) {
      return s / 60 + " min " + s % 60 + " s";
    }
    return s + " s";
  }

  /** A card as the pages show it: never more than its last four digits. */
  public static String card(String last4) {
    if (last4 == null || !last4.matches("[0-9]{1,4}")) {
      return "****";
    }
    return "****" + last4;
  }
}

package io.cardstream.ingest;

import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.Case;
import io.cardstream.common.privacy.PayloadMasker;
import io.cardstream.service.Reply;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML pages of the "was this you?" links: small and self-contained (inline CSS, no script, no
 * external resource, nothing to load after the page). Everything printed into a page is escaped
 * here; a page shows the card only as {@code ****} and its last four digits.
 */
final class FeedbackPages {

  static final String HTML = "text/html; charset=utf-8";

  /**
   * A page carries a credential in its URL: no caching, no referrer, no framing, no indexing, and a
   * policy that allows nothing but its inline style and a form to this server.
   */
  static final Map<String, String> HEADERS =
      Map.of(
          "Cache-Control", "no-store",
          "Referrer-Policy", "no-referrer",
          "X-Content-Type-Options", "nosniff",
          "X-Frame-Options", "DENY",
          "X-Robots-Tag", "noindex, nofollow",
          "Content-Security-Policy",
              "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                  + " frame-ancestors 'none'; base-uri 'none'");

  static final String CONTACT =
      "If you do not recognise a payment on your card, call your bank on the number on the back of"
          + " your card.";

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private static final String STYLE =
      "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:34rem;"
          + "margin:2rem auto;padding:0 1rem;color:#1d2329;line-height:1.45}"
          + "h1{font-size:1.35rem;margin-bottom:1rem}"
          + "table{border-collapse:collapse;margin:1rem 0}"
          + "th{text-align:left;font-weight:normal;color:#5a6570;padding:.3rem 1.2rem .3rem 0}"
          + "td{padding:.3rem 0;font-weight:600}"
          + "button{font-size:1rem;padding:.65rem 1.3rem;border:0;border-radius:.35rem;"
          + "color:#fff;background:#1f6f43;cursor:pointer}"
          + "button.fraud{background:#b3261e}.note{color:#5a6570;font-size:.9rem}";

  private FeedbackPages() {}

  /** 400: malformed, tampered, or a link for another card. Says nothing about the alert. */
  static Reply invalid() {
    return page(
        400,
        "This link is not valid",
        p(
                "We could not read this link. Please open it exactly as it appears in the e-mail we"
                    + " sent you.")
            + p(CONTACT));
  }

  /** 410: the link's validity (72 h by default) is over. */
  static Reply expired() {
    return page(
        410,
        "This link has expired",
        p("For your security, the links in our alert e-mails work for a limited time only.")
            + p(
                "If you do not recognise the payment, contact your bank: call the number on the"
                    + " back of your card. Nothing was recorded."));
  }

  /** 409: the alert was answered already (by this link, the other one, or the bank). */
  static Reply alreadyAnswered() {
    return page(
        409,
        "You already answered this alert",
        p("We have your answer about this payment already; nothing more was recorded.")
            + p(
                "If you want to change it, call your bank on the number on the back of your"
                    + " card."));
  }

  /** 404: the link is ours, but no such alert is known. */
  static Reply notFound() {
    return page(
        404,
        "We could not find this alert",
        p("The alert this link is about is not known to us (any more). Nothing was recorded.")
            + p(CONTACT));
  }

  /** 503: the case store or the broker did not answer. */
  static Reply unavailable() {
    return page(
            503,
            "Please try again in a few minutes",
            p("We could not handle your answer just now. Please open the link again later.")
                + p(CONTACT))
        .withHeader("Retry-After", "60");
  }

  /** 429: this address opened too many links; nothing was looked up or recorded. */
  static Reply tooMany(long retryAfterSeconds) {
    return page(
            429,
            "Please wait a moment",
            p(
                    "We received too many requests from your network just now. Please open the"
                        + " link again in a minute; nothing was recorded.")
                + p(CONTACT))
        .withHeader("Retry-After", Long.toString(retryAfterSeconds));
  }

  /** 200: the transaction and the link's answer, with a form to confirm it (a POST). */
  static Reply confirm(Case c, Answer answer) {
    boolean fraud = answer == Answer.CONFIRMED_FRAUD;
    String body =
        p("We saw this payment on your card and want to be sure it was you.")
            + transaction(c)
            + p("Your answer: <strong>" + esc(label(answer)) + "</strong>")
            + p(
                fraud
                    ? "When you confirm, we block this card at once, so that no further payments"
                        + " can be made with it."
                    : "When you confirm, we record that you made this payment; nothing else"
                        + " changes.")
            // No action: the form posts to this page's own URL, whatever the path in front of it.
            + "<form method=\"post\"><button type=\"submit\""
            + (fraud ? " class=\"fraud\"" : "")
            + ">Confirm: "
            + esc(label(answer))
            + "</button></form>"
            + "<p class=\"note\">Nothing is recorded until you confirm. If this is not what you"
            + " meant, close this page and contact your bank.</p>";
    return page(200, "Was this you?", body);
  }

  /** 200: the answer is recorded. */
  static Reply thanks(Case c, Answer answer) {
    if (answer == Answer.CONFIRMED_FRAUD) {
      return page(
          200,
          "Thank you: your card is now blocked",
          p(
                  "We have blocked your card "
                      + esc(card(c.cardLast4()))
                      + ", so no further payments can be made with it.")
              + transaction(c)
              + p(
                  "We will contact you about this payment and a new card. You do not need to do"
                      + " anything else now."));
    }
    return page(
        200,
        "Thank you: the payment is confirmed",
        p(
                "We have recorded that you made this payment. Nothing else changes; your card stays"
                    + " active.")
            + transaction(c));
  }

  static String label(Answer answer) {
    return answer == Answer.CONFIRMED_FRAUD ? "No, it was not me" : "Yes, it was me";
  }

  /** {@code ****} and the last four digits; {@code ****} alone when they are not four digits. */
  static String card(String last4) {
    return last4 != null && last4.matches("\\d{4}") ? "****" + last4 : "****";
  }

  /**
   * The merchant as a customer knows it (the Kaggle data's {@code fraud_} prefix is not shown),
   * with any long digit run or IBAN in it masked: a page never shows an account number.
   */
  static String merchant(String m) {
    if (m == null || m.isBlank()) {
      return "(not given)";
    }
    return PayloadMasker.maskDigitRuns(m.startsWith("fraud_") ? m.substring("fraud_".length()) : m);
  }

  static String amount(double amt) {
    return String.format(Locale.US, "%,.2f", amt);
  }

  static String when(Instant t) {
    return t == null ? "(not given)" : WHEN.format(t);
  }

  private static String transaction(Case c) {
    return "<table>"
        + row("Merchant", merchant(c.merchant()))
        + row("Amount", amount(c.amt()))
        + row("Date and time", when(c.eventTime()))
        + row("Card", card(c.cardLast4()))
        + "</table>";
  }

  private static String row(String name, String value) {
    return "<tr><th>" + esc(name) + "</th><td>" + esc(value) + "</td></tr>";
  }

  private static String p(String text) {
    return "<p>" + text + "</p>";
  }

  private static Reply page(int status, String title, String body) {
    String html =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<meta name=\"robots\" content=\"noindex, nofollow\">"
            + "<title>"
            + esc(title)
            + "</title><style>"
            + STYLE
            + "</style></head>\n<body><h1>"
            + esc(title)
            + "</h1>"
            + body
            + "</body></html>\n";
    return new Reply(status, html, HTML, HEADERS);
  }

  /** HTML-escapes text for an element's content or a quoted attribute value. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          // Control characters have no business on a page (and could confuse a parser).
          if (ch < 0x20 && ch != '\n' && ch != '\t') {
            b.append(' ');
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.toString();
  }
}

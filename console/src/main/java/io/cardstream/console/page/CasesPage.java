package io.cardstream.console.page;

import io.cardstream.common.decision.ReasonText;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.feedback.Case;
import io.cardstream.common.feedback.Cases;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.html.Table;
import io.cardstream.console.source.Probe;
import io.cardstream.console.source.Sourced;
import io.cardstream.console.source.Sources;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Cases: the review queue's open cases (DynamoDB {@code fraud_audit}, docs/feedback.md) with age,
 * amount and their reasons in words, filtered and paged ({@link CaseFilter}), and the day's
 * resolutions by who gave them ({@link CasePage} shows one case and resolves it).
 */
public final class CasesPage {

  /** Cases on one page of the queue. */
  static final int PAGE = 200;

  private CasesPage() {}

  public static Page list(Sources s, CaseFilter f) {
    Instant now = s.clock().instant();
    Probe.Call<List<Case>> openCall = s.cases(c -> c.open(f.order(), Integer.MAX_VALUE));
    Probe.Call<List<Case>> todayCall =
        s.cases(c -> c.resolvedSince(now.truncatedTo(ChronoUnit.DAYS)));
    Sourced<List<Case>> open = openCall.get();
    Sourced<List<Case>> today = todayCall.get();
    Page page = new Page("Cases", "/cases");
    if (!page.source(open, "The review queue is the DynamoDB table fraud_audit.")) {
      return page;
    }
    List<Case> all = open.value();
    List<Case> shown = all.stream().filter(c -> f.test(c, now)).toList();
    int pages = Math.max(1, (shown.size() + PAGE - 1) / PAGE);
    int p = Math.min(f.page(), pages);
    List<Case> onPage = shown.subList((p - 1) * PAGE, Math.min(shown.size(), p * PAGE));
    Map<String, Long> byWhom = new TreeMap<>();
    if (today.isOk()) {
      today.value().forEach(c -> byWhom.merge(String.valueOf(c.resolvedBy()), 1L, Long::sum));
    }
    page.tiles(
        List.of(
            new String[] {"open cases", Html.count(all.size()), "open_cases"},
            new String[] {"matching the filters", Html.count(shown.size()), "matching_cases"},
            new String[] {
              "open amount (matching)",
              Html.esc(money(shown.stream().mapToDouble(Case::amt).sum())),
              "open_amount"
            },
            new String[] {
              "resolved today (UTC)",
              today.isOk() ? Html.count(today.value().size()) : "n/a",
              "resolved_today"
            }));
    page.raw(orders(f));
    page.raw(filters(f));
    if (!byWhom.isEmpty()) {
      Table w = new Table("resolved-by", "resolved today by", "cases");
      byWhom.forEach((by, n) -> w.row(by, Html.text(by), Html.count(n)));
      page.table(w);
    }
    if (shown.isEmpty()) {
      page.notice(
          "ok",
          f.filtered() ? "No open case matches the filters." : "No open case: the queue is empty.");
      return page;
    }
    page.table(table(onPage, now, s.rules().get()));
    page.raw(pager(f, p, pages, shown.size()));
    Map<String, Long> byDecision = new TreeMap<>();
    shown.forEach(c -> byDecision.merge(String.valueOf(c.decision()), 1L, Long::sum));
    page.note(
        "Age: since the stream opened the case (the event time is shown beside it). By decision: "
            + byDecision
            + ". Resolve a case on its page, through the collector's /cases API or"
            + " bin/cardstream cases resolve.");
    return page;
  }

  private static Table table(List<Case> cases, Instant now, RuleSet rules) {
    Table t =
        new Table(
            "open-cases",
            "case",
            "age",
            "event time",
            "amount",
            "card",
            "merchant",
            "category",
            "decision",
            "score",
            "reasons");
    for (Case c : cases) {
      t.row(
          c.transNum(),
          link(c),
          c.ageFrom() == null ? "" : Html.esc(Html.age(Duration.between(c.ageFrom(), now))),
          Html.esc(Html.time(c.eventTime())),
          Html.esc(money(c.amt())),
          Html.esc(Html.card(c.cardLast4())),
          Html.text(c.merchant()),
          Html.text(c.category()),
          Html.esc(c.decision()),
          c.score() == null ? "" : Html.esc(Html.decimal(c.score(), 3)),
          reasons(c.reasons(), rules));
    }
    return t;
  }

  /** The link to a case's page (a case is the pair trans_num and card). */
  static String link(Case c) {
    return "<a href=\"/cases/"
        + Html.esc(Html.url(c.transNum()))
        + "?card="
        + Html.esc(Html.url(c.cardId()))
        + "\">"
        + Html.id(c.transNum())
        + "</a>";
  }

  /**
   * Reason codes in words, the alert e-mails' wording ({@link ReasonText}), each with its code; a
   * code the catalogue does not know is shown as it is.
   */
  static String reasons(List<String> codes, RuleSet rules) {
    StringJoiner j = new StringJoiner("; ");
    for (String code : codes) {
      String words = ReasonText.reason(code, rules);
      j.add(
          words.equals(code)
              ? Html.text(code)
              : Html.text(words) + " <code>" + Html.text(code) + "</code>");
    }
    return j.toString();
  }

  private static String orders(CaseFilter f) {
    StringBuilder links = new StringBuilder("<p class=\"order\">Order: ");
    for (Cases.Order o : Cases.Order.values()) {
      String name = o.name().toLowerCase(Locale.ROOT);
      CaseFilter other =
          new CaseFilter(o, f.decision(), f.reason(), f.amount(), f.age(), f.card(), 1);
      links
          .append(o == f.order() ? "<strong>" : "<a href=\"/cases" + other.query(1) + "\">")
          .append(name.equals("age") ? "oldest first" : "highest " + name + " first")
          .append(o == f.order() ? "</strong>" : "</a>")
          .append(' ');
    }
    return links.append("</p>").toString();
  }

  /** The filters as a GET form: it reloads the page with them. */
  private static String filters(CaseFilter f) {
    StringBuilder b =
        new StringBuilder(
                "<form method=\"get\" action=\"/cases\" class=\"filters\" id=\"filters\">")
            .append("<input type=\"hidden\" name=\"order\" value=\"")
            .append(f.order().name().toLowerCase(Locale.ROOT))
            .append("\">");
    b.append(select("decision", "decision", f.decision(), List.of("REVIEW", "DECLINE")));
    b.append("<label>reason<input type=\"text\" name=\"reason\" id=\"filter-reason\" value=\"")
        .append(Html.esc(f.reason()))
        .append("\" placeholder=\"amount_over_1000\"></label>");
    b.append(select("amount", "amount", f.amount(), List.copyOf(CaseFilter.AMOUNTS.keySet())));
    b.append(select("age", "older than", f.age(), List.copyOf(CaseFilter.AGES.keySet())));
    b.append("<label>card<input type=\"text\" name=\"card\" id=\"filter-card\" value=\"")
        .append(Html.esc(f.card()))
        .append("\" placeholder=\"last four or token\"></label>")
        .append("<button type=\"submit\" id=\"filter-submit\">Filter</button>")
        .append(" <a href=\"/cases\">clear</a></form>");
    return b.toString();
  }

  private static String select(String name, String label, String chosen, List<String> values) {
    StringBuilder b =
        new StringBuilder("<label>")
            .append(Html.esc(label))
            .append("<select name=\"")
            .append(name)
            .append("\" id=\"filter-")
            .append(name)
            .append("\"><option value=\"\">any</option>");
    for (String v : values) {
      b.append("<option value=\"")
          .append(Html.esc(v))
          .append('"')
          .append(v.equals(chosen) ? " selected" : "")
          .append('>')
          .append(Html.esc(v))
          .append("</option>");
    }
    return b.append("</select></label>").toString();
  }

  private static String pager(CaseFilter f, int p, int pages, int total) {
    StringBuilder b = new StringBuilder("<p class=\"pager\" id=\"pager\">");
    if (p > 1) {
      b.append("<a rel=\"prev\" href=\"/cases").append(f.query(p - 1)).append("\">previous</a> ");
    }
    b.append("page <span data-metric=\"page\">")
        .append(p)
        .append("</span> of ")
        .append(pages)
        .append(" (")
        .append(Html.count(total))
        .append(" cases, ")
        .append(PAGE)
        .append(" a page)");
    if (p < pages) {
      b.append(" <a rel=\"next\" href=\"/cases").append(f.query(p + 1)).append("\">next</a>");
    }
    return b.append("</p>").toString();
  }

  static Cases.Order order(String param) {
    if (param == null) {
      return Cases.Order.AGE;
    }
    for (Cases.Order o : Cases.Order.values()) {
      if (o.name().equalsIgnoreCase(param)) {
        return o;
      }
    }
    return Cases.Order.AGE;
  }

  static String money(double v) {
    return String.format(Locale.ROOT, "%,.2f", v);
  }
}

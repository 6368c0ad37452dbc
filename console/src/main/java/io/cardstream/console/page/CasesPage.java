package io.cardstream.console.page;

import io.cardstream.common.feedback.Case;
import io.cardstream.common.feedback.Cases;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.html.Table;
import io.cardstream.console.source.Sourced;
import io.cardstream.console.source.Sources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Cases: the review queue's open cases (DynamoDB {@code fraud_audit}, docs/feedback.md) with age
 * and amount, and one case with its features, resolution and the card's latest transactions.
 * Read-only: analysts resolve through the collector's {@code /cases} API or the CLI.
 */
public final class CasesPage {

  static final int LIMIT = 200;

  private CasesPage() {}

  public static Page list(Sources s, String orderParam) {
    Cases.Order order = order(orderParam);
    Instant now = s.clock().instant();
    Sourced<List<Case>> open = s.cases(c -> c.open(order, LIMIT)).get();
    Page page = new Page("Cases", "/cases");
    if (!page.source(open, "The review queue is the DynamoDB table fraud_audit.")) {
      return page;
    }
    List<Case> cases = open.value();
    page.tiles(
        List.of(
            new String[] {
              "open cases" + (cases.size() == LIMIT ? " (first " + LIMIT + ")" : ""),
              Html.count(cases.size()),
              "open_cases"
            },
            new String[] {
              "open amount",
              Html.esc(money(cases.stream().mapToDouble(Case::amt).sum())),
              "open_amount"
            }));
    StringBuilder links = new StringBuilder("<p class=\"order\">Order: ");
    for (Cases.Order o : Cases.Order.values()) {
      String name = o.name().toLowerCase(Locale.ROOT);
      links
          .append(o == order ? "<strong>" : "<a href=\"/cases?order=" + name + "\">")
          .append(name.equals("age") ? "oldest first" : "highest " + name + " first")
          .append(o == order ? "</strong>" : "</a>")
          .append(' ');
    }
    page.raw(links.append("</p>").toString());
    if (cases.isEmpty()) {
      page.notice("ok", "No open case: the queue is empty.");
      return page;
    }
    Map<String, Long> byDecision = new TreeMap<>();
    cases.forEach(c -> byDecision.merge(String.valueOf(c.decision()), 1L, Long::sum));
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
          "<a href=\"/cases/"
              + Html.esc(Html.url(c.transNum()))
              + "?card="
              + Html.esc(Html.url(c.cardId()))
              + "\">"
              + Html.id(c.transNum())
              + "</a>",
          c.eventTime() == null ? "" : Html.esc(Html.age(Duration.between(c.eventTime(), now))),
          Html.esc(Html.time(c.eventTime())),
          Html.esc(money(c.amt())),
          Html.esc(Html.card(c.cardLast4())),
          Html.text(c.merchant()),
          Html.text(c.category()),
          Html.esc(c.decision()),
          c.score() == null ? "" : Html.esc(Html.decimal(c.score(), 3)),
          Html.text(String.join(", ", c.reasons())));
    }
    page.table(t);
    page.note(
        "Age: since the transaction's event time. By decision: "
            + byDecision
            + ". Resolve a case through the collector's /cases API or bin/cardstream cases resolve.");
    return page;
  }

  /**
   * One case; empty when there is no such case (the server answers 404). A case is the pair
   * (trans_num, card): without the card, the id's only case.
   */
  public static Optional<Page> one(Sources s, String transNum, String card) {
    Sourced<Optional<Case>> got =
        s.cases(
                c ->
                    c.find(transNum).stream()
                        .filter(x -> card == null || card.equals(x.cardId()))
                        .findFirst())
            .get();
    Page page = new Page("Case " + transNum, "/cases");
    if (!page.source(got, "The case comes from the DynamoDB table fraud_audit.")) {
      return Optional.of(page);
    }
    if (got.value().isEmpty()) {
      return Optional.empty();
    }
    Case c = got.value().get();
    Sourced<List<Case>> recent =
        c.cardId() == null
            ? Sourced.ok("DynamoDB", List.of())
            : s.cases(x -> x.recentTransactions(c.cardId(), 10)).get();
    page.tiles(
        List.of(
            new String[] {"status", Html.esc(c.status()), "case_status"},
            new String[] {"decision", Html.esc(c.decision()), "case_decision"},
            new String[] {"amount", Html.esc(money(c.amt())), "case_amount"},
            new String[] {
              "score", c.score() == null ? "none" : Html.decimal(c.score(), 3), "case_score"
            },
            new String[] {"card", Html.esc(Html.card(c.cardLast4())), "case_card"}));
    Table t = new Table("case", "field", "value");
    t.row("trans_num", "transaction", Html.id(c.transNum()));
    t.row("event_time", "event time", Html.esc(Html.time(c.eventTime())));
    t.row("card_id", "card token", "<code>" + Html.id(c.cardId()) + "</code>");
    t.row("merchant", "merchant", Html.text(c.merchant()));
    t.row("category", "category", Html.text(c.category()));
    t.row("reasons", "reasons", Html.text(String.join(", ", c.reasons())));
    t.row("rule_ids", "rules", Html.text(String.join(", ", c.ruleIds())));
    t.row("flag_reason", "flag reason", Html.text(c.flagReason()));
    t.row("model_version", "model", Html.id(c.modelVersion()));
    t.row("rules_version", "rules version", Html.id(c.rulesVersion()));
    t.row(
        "resolution",
        "resolution",
        c.isOpen()
            ? "open"
            : Html.esc(c.status())
                + " by "
                + Html.text(c.resolvedBy())
                + " ("
                + Html.text(c.resolutionSource())
                + ") at "
                + Html.esc(Html.time(c.resolvedAt())));
    page.table(t);
    page.h2("The model's features");
    if (c.features().isEmpty()) {
      page.note("The stream wrote no features for this case (decided without the model).");
    } else {
      Table f = new Table("features", "feature", "value");
      new TreeMap<>(c.features())
          .forEach((k, v) -> f.row(k, Html.text(k), Html.esc(Html.decimal(v, 4))));
      page.table(f);
    }
    page.h2("The card's latest transactions");
    if (page.source(recent, "They come from the DynamoDB table transactions.")) {
      Table r =
          new Table(
              "recent", "transaction", "event time", "amount", "merchant", "decision", "score");
      for (Case x : recent.value()) {
        r.row(
            x.transNum(),
            Html.id(x.transNum()),
            Html.esc(Html.time(x.eventTime())),
            Html.esc(money(x.amt())),
            Html.text(x.merchant()),
            Html.esc(x.decision()),
            x.score() == null ? "" : Html.esc(Html.decimal(x.score(), 3)));
      }
      page.table(r);
    }
    page.raw("<p><a href=\"/cases\">All open cases</a></p>");
    return Optional.of(page);
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

package io.cardstream.console.page;

import io.cardstream.common.decision.ReasonText;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.Case;
import io.cardstream.common.feedback.Cases;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.html.Table;
import io.cardstream.console.source.Sourced;
import io.cardstream.console.source.Sources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One case of the review queue: its decision, features, the card's latest transactions, and either
 * the form that resolves it (an open case, a logged-in session) or its resolution's audit: who (the
 * operator key's id), when, what, and the note.
 */
public final class CasePage {

  /** The longest note kept with a resolution, in characters. */
  public static final int MAX_NOTE = 500;

  private CasePage() {}

  /**
   * A notice at the top of the page: {@code kind} is a notice class ({@code ok}, {@code bad}).
   *
   * @param text the console's own words (escaped)
   */
  public record Notice(String kind, String text) {}

  /**
   * The case; empty when there is no such case (the server answers 404). A case is the pair
   * (trans_num, card): without the card, the id's only case.
   *
   * @param csrf the session's form token, or null (a key given per request: no form)
   * @param notice what the last form did, or null
   */
  public static Optional<Page> render(
      Sources s, String transNum, String card, String csrf, Notice notice) {
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
    if (notice != null) {
      page.notice(notice.kind(), notice.text());
    }
    Sourced<List<Case>> recent =
        c.cardId() == null
            ? Sourced.ok("DynamoDB", List.of())
            : s.cases(x -> x.recentTransactions(c.cardId(), 10)).get();
    page.tiles(
        List.of(
            new String[] {"status", Html.esc(c.status()), "case_status"},
            new String[] {"decision", Html.esc(c.decision()), "case_decision"},
            new String[] {"amount", Html.esc(CasesPage.money(c.amt())), "case_amount"},
            new String[] {
              "score", c.score() == null ? "none" : Html.decimal(c.score(), 3), "case_score"
            },
            new String[] {"card", Html.esc(Html.card(c.cardLast4())), "case_card"}));
    details(page, c, s.rules().get());
    if (c.isOpen()) {
      page.raw(form(c, csrf));
    } else {
      audit(page, c);
    }
    model(page, c);
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
            Html.esc(CasesPage.money(x.amt())),
            Html.text(x.merchant()),
            Html.esc(x.decision()),
            x.score() == null ? "" : Html.esc(Html.decimal(x.score(), 3)));
      }
      page.table(r);
    }
    page.raw(next(s, c) + "<a href=\"/cases\">All open cases</a></p>");
    return Optional.of(page);
  }

  /** The model's top contributions and its input features, each with its meaning. */
  private static void model(Page page, Case c) {
    if (!c.explanation().isEmpty()) {
      page.h2("What the model looked at most");
      page.table(meanings("explanation", "contribution", c.explanation()));
    }
    page.h2("The model's features");
    if (c.features().isEmpty()) {
      page.note("The stream wrote no features for this case (decided without the model).");
      return;
    }
    page.table(meanings("features", "value", new TreeMap<>(c.features())));
  }

  /** Features with their words ({@link ReasonText#feature}) and a number each, in map order. */
  private static Table meanings(String id, String header, Map<String, Double> values) {
    Table t = new Table(id, "feature", "meaning", header);
    values.forEach(
        (k, v) ->
            t.row(k, Html.text(k), Html.text(ReasonText.feature(k)), Html.esc(Html.decimal(v, 4))));
    return t;
  }

  /** The link to the oldest other open case, one click from this one. */
  private static String next(Sources s, Case c) {
    Sourced<Optional<Case>> next =
        s.cases(
                x ->
                    x.open(Cases.Order.AGE, Integer.MAX_VALUE).stream()
                        .filter(
                            o ->
                                !(o.transNum().equals(c.transNum())
                                    && String.valueOf(o.cardId()).equals(c.cardId())))
                        .findFirst())
            .get();
    if (!next.isOk() || next.value().isEmpty()) {
      return "<p>No other open case. ";
    }
    return "<p id=\"next-case\">Next open case (oldest first): "
        + CasesPage.link(next.value().get())
        + " · ";
  }

  private static void details(Page page, Case c, RuleSet rules) {
    Table t = new Table("case", "field", "value");
    t.row("trans_num", "transaction", Html.id(c.transNum()));
    t.row("event_time", "event time", Html.esc(Html.time(c.eventTime())));
    t.row("opened_at", "opened by the stream", Html.esc(Html.time(c.openedAt())));
    t.row("card_id", "card token", "<code>" + Html.id(c.cardId()) + "</code>");
    t.row("merchant", "merchant", Html.text(c.merchant()));
    t.row("category", "category", Html.text(c.category()));
    t.row("reasons", "reasons", CasesPage.reasons(c.reasons(), rules));
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
  }

  /** The resolution form: posts the answer, the note and the session's token. */
  private static String form(Case c, String csrf) {
    if (csrf == null) {
      return "<p class=\"note\">Log in to resolve this case here (a key given per request cannot"
          + " post the console's forms).</p>";
    }
    StringBuilder b = new StringBuilder();
    b.append("<h2>Resolve</h2>")
        .append("<form method=\"post\" class=\"resolve\" id=\"resolve\" action=\"/cases/")
        .append(Html.esc(Html.url(c.transNum())))
        .append("/resolve\">")
        .append("<input type=\"hidden\" name=\"csrf\" value=\"")
        .append(Html.esc(csrf))
        .append("\"><input type=\"hidden\" name=\"card\" value=\"")
        .append(Html.esc(c.cardId()))
        .append("\">");
    for (Answer a : List.of(Answer.CONFIRMED_FRAUD, Answer.NOT_FRAUD)) {
      b.append("<label><input type=\"radio\" name=\"answer\" required id=\"answer-")
          .append(Html.esc(a.status()))
          .append("\" value=\"")
          .append(Html.esc(a.status()))
          .append("\"> ")
          .append(a == Answer.CONFIRMED_FRAUD ? "Confirmed fraud" : "Not fraud")
          .append("</label> ");
    }
    b.append("<label for=\"note\">Note (optional, at most ")
        .append(MAX_NOTE)
        .append(" characters; card numbers are masked)</label>")
        .append("<textarea id=\"note\" name=\"note\" rows=\"3\" maxlength=\"")
        .append(MAX_NOTE)
        .append("\"></textarea>")
        .append("<button type=\"submit\" id=\"resolve-submit\">Resolve</button></form>");
    return b.toString();
  }

  /** Who resolved the case, when, with what answer and note. */
  private static void audit(Page page, Case c) {
    page.h2("Resolution");
    Table a = new Table("audit", "field", "value");
    a.row("status", "answer", Html.esc(c.status()));
    a.row("by", "by", Html.text(c.resolvedBy()));
    a.row("source", "source", Html.text(c.resolutionSource()));
    a.row("at", "at", Html.esc(Html.time(c.resolvedAt())));
    a.row("note", "note", c.resolutionNote() == null ? "none" : Html.text(c.resolutionNote()));
    page.table(a);
  }
}

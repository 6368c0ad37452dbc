package io.cardstream.console.page;

import io.cardstream.common.feedback.Case;
import io.cardstream.common.feedback.Cases;
import io.cardstream.console.html.Html;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What the queue page shows: its order, filters and page, from the query string. A value the page
 * does not offer is ignored (the filter is off), never an error.
 *
 * @param decision {@code REVIEW} or {@code DECLINE}, or null
 * @param reason a reason code the case must carry, or null
 * @param amount an amount band of {@link #AMOUNTS}, or null
 * @param age a minimum age of {@link #AGES} (from when the stream opened the case), or null
 * @param card a card's last four digits or its whole token, or null
 * @param page the page, from 1
 */
public record CaseFilter(
    Cases.Order order,
    String decision,
    String reason,
    String amount,
    String age,
    String card,
    int page) {

  /** The amount bands: name to [from, to). */
  static final Map<String, double[]> AMOUNTS = new LinkedHashMap<>();

  /** The minimum ages: name to duration. */
  static final Map<String, Duration> AGES = new LinkedHashMap<>();

  static {
    AMOUNTS.put("under-100", new double[] {0, 100});
    AMOUNTS.put("100-1000", new double[] {100, 1000});
    AMOUNTS.put("1000-plus", new double[] {1000, Double.MAX_VALUE});
    AGES.put("1h", Duration.ofHours(1));
    AGES.put("1d", Duration.ofDays(1));
    AGES.put("7d", Duration.ofDays(7));
  }

  public static CaseFilter of(Function<String, String> param) {
    String decision = upper(param.apply("decision"));
    String reason = param.apply("reason");
    String card = param.apply("card");
    String pageParam = param.apply("page");
    return new CaseFilter(
        CasesPage.order(param.apply("order")),
        "REVIEW".equals(decision) || "DECLINE".equals(decision) ? decision : null,
        reason != null && reason.matches("[A-Za-z0-9_:.-]{1,64}") ? reason : null,
        AMOUNTS.containsKey(param.apply("amount")) ? param.apply("amount") : null,
        AGES.containsKey(param.apply("age")) ? param.apply("age") : null,
        card != null && card.matches("[0-9a-fA-F]{4}|[0-9a-fA-F]{16,128}") ? card : null,
        pageParam != null && pageParam.matches("[1-9][0-9]{0,5}")
            ? Integer.parseInt(pageParam)
            : 1);
  }

  private static String upper(String s) {
    return s == null ? null : s.toUpperCase(Locale.ROOT);
  }

  /** True when the case passes every filter that is on. */
  public boolean test(Case c, Instant now) {
    if (decision != null && !decision.equals(c.decision())) {
      return false;
    }
    if (reason != null && !c.reasons().contains(reason) && !c.ruleIds().contains(reason)) {
      return false;
    }
    if (amount != null) {
      double[] band = AMOUNTS.get(amount);
      if (c.amt() < band[0] || c.amt() >= band[1]) {
        return false;
      }
    }
    if (age != null
        && (c.ageFrom() == null
            || Duration.between(c.ageFrom(), now).compareTo(AGES.get(age)) < 0)) {
      return false;
    }
    return card == null
        || (card.length() == 4 ? card.equals(c.cardLast4()) : card.equalsIgnoreCase(c.cardId()));
  }

  /** True when a filter is on. */
  public boolean filtered() {
    return decision != null || reason != null || amount != null || age != null || card != null;
  }

  /** This view's query string on another page ({@code ?order=...&page=N}), escaped for HTML. */
  public String query(int toPage) {
    StringBuilder b = new StringBuilder("?order=").append(order.name().toLowerCase(Locale.ROOT));
    add(b, "decision", decision);
    add(b, "reason", reason);
    add(b, "amount", amount);
    add(b, "age", age);
    add(b, "card", card);
    if (toPage > 1) {
      b.append("&page=").append(toPage);
    }
    return Html.esc(b.toString());
  }

  private static void add(StringBuilder b, String name, String value) {
    if (value != null) {
      b.append('&').append(name).append('=').append(Html.url(value));
    }
  }
}

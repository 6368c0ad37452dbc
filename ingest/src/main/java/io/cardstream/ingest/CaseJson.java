package io.cardstream.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.feedback.Case;
import io.cardstream.service.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The review queue's cases as its API shows them ({@link CaseRoutes}). */
final class CaseJson {

  private CaseJson() {}

  /** {@code {"cases": [...]}}: each case's summary. */
  static ObjectNode list(List<Case> open) {
    ObjectNode out = Json.object();
    ArrayNode arr = out.putArray("cases");
    open.forEach(c -> arr.add(summary(c)));
    return out;
  }

  /** One case: its summary, its resolution, the model's features and the card's latest. */
  static ObjectNode details(Case c, List<Case> latest) {
    ObjectNode out = summary(c);
    out.put("resolved_at", c.resolvedAt() == null ? null : c.resolvedAt().toString());
    out.put("resolved_by", c.resolvedBy());
    out.put("resolution_source", c.resolutionSource());
    ObjectNode features = out.putObject("features");
    new TreeMap<>(c.features() == null ? Map.<String, Double>of() : c.features())
        .forEach((k, v) -> number(features, k, v));
    ArrayNode recent = out.putArray("recent_transactions");
    latest.forEach(t -> recent.add(transaction(t)));
    return out;
  }

  /** A case in the list: what the stream decided and why, and its status. */
  private static ObjectNode summary(Case c) {
    ObjectNode n = Json.object();
    n.put("trans_num", c.transNum());
    n.put("card_id", c.cardId());
    n.put("card_last4", c.cardLast4());
    n.put("event_time", time(c.eventTime()));
    n.put("amt", c.amt());
    n.put("merchant", c.merchant());
    n.put("category", c.category());
    n.put("decision", c.decision());
    strings(n.putArray("reasons"), c.reasons());
    strings(n.putArray("rule_ids"), c.ruleIds());
    number(n, "score", c.score());
    n.put("model_version", c.modelVersion());
    n.put("rules_version", c.rulesVersion());
    n.put("flag_reason", c.flagReason());
    n.put("status", c.status());
    return n;
  }

  /** One of the card's latest transactions (the transactions table: any decision). */
  private static ObjectNode transaction(Case t) {
    ObjectNode n = Json.object();
    n.put("trans_num", t.transNum());
    n.put("event_time", time(t.eventTime()));
    n.put("amt", t.amt());
    n.put("merchant", t.merchant());
    n.put("category", t.category());
    n.put("decision", t.decision());
    strings(n.putArray("reasons"), t.reasons());
    number(n, "score", t.score());
    return n;
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  private static void strings(ArrayNode arr, List<String> values) {
    if (values != null) {
      values.forEach(arr::add);
    }
  }

  private static void number(ObjectNode n, String field, Double v) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }
}

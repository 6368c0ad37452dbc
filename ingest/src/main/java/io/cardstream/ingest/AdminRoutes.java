package io.cardstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.privacy.Iban;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.privacy.PayloadMasker;
import io.cardstream.service.ApiProblem;
import io.cardstream.service.Json;
import io.cardstream.service.Reply;
import io.cardstream.service.Role;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The operators' routes (role admin): flag and unflag cards, read the flags, publish and read the
 * rules document. A card number or IBAN given to flag a card is tokenized here and never echoed.
 */
final class AdminRoutes {

  private static final String FLAG_FIX =
      "send {\"card\": \"<card number>\"} or {\"token\": \"<64 hex card_id>\"} (or \"iban\"),"
          + " with \"reason\"";

  private static final String REASON_FIX =
      "give the card in \"card\" (it is tokenized there) or \"token\", and say why in \"reason\""
          + " without any card number";

  private final ControlPlane control;
  private final PanTokenizer tokenizer;
  private final Clock clock;

  AdminRoutes(ControlPlane control, PanTokenizer tokenizer, Clock clock) {
    this.control = control;
    this.tokenizer = tokenizer;
    this.clock = clock;
  }

  void register(Endpoints api) {
    api.add(HandlerType.POST, "/admin/flags", Role.ADMIN, (ctx, k) -> flag(api.body(ctx), k.id()));
    api.add(HandlerType.GET, "/admin/flags", Role.ADMIN, (ctx, k) -> flags());
    api.add(
        HandlerType.DELETE,
        "/admin/flags/{token}",
        Role.ADMIN,
        (ctx, k) -> unflag(ctx.pathParam("token"), ctx.queryParam("reason"), k.id()));
    api.add(
        HandlerType.PUT, "/admin/rules", Role.ADMIN, (ctx, k) -> putRules(api.body(ctx), k.id()));
    api.add(HandlerType.GET, "/admin/rules", Role.ADMIN, (ctx, k) -> rules());
  }

  /** POST /admin/flags. */
  Reply flag(byte[] body, String by) {
    JsonNode n = object(body, FLAG_FIX);
    List<String> given =
        List.of("card", "token", "iban").stream().filter(f -> !n.path(f).isMissingNode()).toList();
    if (given.size() != 1) {
      throw ApiProblem.of(
          400, "invalid_body", "give exactly one of \"card\", \"token\" and \"iban\"", FLAG_FIX);
    }
    String token =
        switch (given.get(0)) {
          case "card" -> tokenizer.cardId(cardNumber(n.get("card")));
          case "iban" -> tokenizer.cardId(iban(n.get("iban")));
          default -> n.get("token").asText();
        };
    FlagEvent e =
        event(token, true, n.path("reason").isTextual() ? n.get("reason").asText() : null, by);
    publish(e);
    ObjectNode out = Json.object();
    out.put("card_id", token);
    out.put("flagged", true);
    return Reply.json(200, out);
  }

  /** DELETE /admin/flags/{token}. */
  Reply unflag(String token, String reason, String by) {
    FlagEvent e =
        event(
            token,
            false,
            reason == null || reason.isBlank() ? "unflagged via the admin API" : reason,
            by);
    publish(e);
    ObjectNode out = Json.object();
    out.put("card_id", token);
    out.put("flagged", false);
    return Reply.json(200, out);
  }

  /** GET /admin/flags. */
  Reply flags() {
    Map<String, FlagEvent> flags;
    try {
      flags = control.flags();
    } catch (RuntimeException e) {
      throw Endpoints.brokerUnavailable("reading the flags", e);
    }
    ObjectNode out = Json.object();
    ArrayNode arr = out.putArray("flags");
    flags.values().stream()
        .sorted(Comparator.comparing(FlagEvent::cardId))
        .forEach(
            f ->
                arr.addObject()
                    .put("card_id", f.cardId())
                    .put("reason", f.reason())
                    .put("at", f.at().toString())
                    .put("by", f.by()));
    return Reply.json(200, out);
  }

  /** PUT /admin/rules. */
  Reply putRules(byte[] body, String by) {
    String doc = new String(body, StandardCharsets.UTF_8);
    RuleSet rules;
    try {
      rules = control.publishRules(doc, "the rules document");
    } catch (IllegalArgumentException invalid) {
      throw ApiProblem.of(
          400,
          "invalid_rules",
          PayloadMasker.maskDigitRuns(invalid.getMessage()),
          "fix the document (see default-rules.json for the format); nothing was published");
    } catch (RuntimeException e) {
      throw Endpoints.brokerUnavailable("publishing the rules", e);
    }
    ObjectNode out = Json.object();
    out.put("version", rules.version());
    out.put("published_by", by);
    return Reply.json(200, out);
  }

  /** GET /admin/rules. */
  Reply rules() {
    String doc;
    try {
      doc = control.rulesDocument();
    } catch (RuntimeException e) {
      throw Endpoints.brokerUnavailable("reading the rules", e);
    }
    if (doc == null) {
      throw ApiProblem.of(
          404,
          "no_rules",
          "no rules document was published on the rules topic; the stream uses its rules file",
          "publish one with PUT /admin/rules");
    }
    return new Reply(200, doc, Reply.JSON, Map.of());
  }

  private FlagEvent event(String token, boolean flagged, String reason, String by) {
    try {
      return new FlagEvent(token, flagged, reason, clock.instant(), by);
    } catch (IllegalArgumentException e) {
      // The messages never quote the reason, so a card number in it is not echoed either.
      throw ApiProblem.of(
          400,
          "invalid_flag",
          e.getMessage(),
          FlagEvent.CARD_NUMBER_IN_REASON.equals(e.getMessage()) ? REASON_FIX : FLAG_FIX);
    }
  }

  private void publish(FlagEvent e) {
    try {
      control.publish(e);
    } catch (RuntimeException ex) {
      throw Endpoints.brokerUnavailable("publishing the flag", ex);
    }
  }

  private static JsonNode object(byte[] body, String fix) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw ApiProblem.of(400, "malformed_json", "the body is not valid JSON", fix);
    }
    if (n == null || !n.isObject()) {
      throw ApiProblem.of(400, "invalid_body", "the body must be a JSON object", fix);
    }
    return n;
  }

  // The value is never quoted back: it is a card number.
  private static String cardNumber(JsonNode v) {
    String digits = v.isTextual() || v.isIntegralNumber() ? v.asText().replaceAll("[ -]", "") : "";
    if (!digits.matches("\\d{8,19}")) {
      throw ApiProblem.of(
          400, "invalid_card", "\"card\" must be a card number of 8 to 19 digits", FLAG_FIX);
    }
    return digits;
  }

  private static String iban(JsonNode v) {
    String iban = v.isTextual() ? Iban.normalize(v.asText()) : null;
    if (iban == null) {
      throw ApiProblem.of(
          400, "invalid_iban", "\"iban\" is not a valid IBAN (shape or check digits)", FLAG_FIX);
    }
    return iban;
  }
}

package io.cardstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.Case;
import io.cardstream.common.feedback.Cases;
import io.cardstream.common.feedback.FeedbackEvent;
import io.cardstream.common.privacy.PayloadMasker;
import io.cardstream.service.ApiProblem;
import io.cardstream.service.Json;
import io.cardstream.service.Reply;
import io.cardstream.service.Role;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The analysts' review queue (role analyst): the open cases in an order, one case with its model
 * features and the card's latest transactions, and a case's resolution, recorded exactly as a
 * customer's answer is ({@link AnswerRecorder}, source {@code analyst}).
 */
final class CaseRoutes {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  static final int RECENT_TRANSACTIONS = 10;
  static final String CHANNEL = "api";

  static final String LIST = "/cases";
  static final String ONE = "/cases/{trans_num}";
  static final String RESOLVE = "/cases/{trans_num}/resolve";

  /** The calls of the API by route name, for {@code collector_cases_api_calls_total}. */
  static final Map<String, String> CALLS = Map.of(LIST, "list", ONE, "show", RESOLVE, "resolve");

  /** Longer than any trans_num of the inputs; a longer one cannot be a case. */
  static final int MAX_TRANS_NUM = 256;

  private static final String ORDER_FIX =
      "use order=age (oldest first, the default), order=amount or order=score (highest first)";
  private static final String LIMIT_FIX =
      "use limit=N with N from 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")";
  private static final String RESOLVE_FIX =
      "send {\"answer\": \"confirmed_fraud\"} or {\"answer\": \"not_fraud\"}";

  private static final Logger LOG = LoggerFactory.getLogger(CaseRoutes.class);

  private final Cases cases;
  private final AnswerRecorder recorder;
  private final Metrics metrics;

  CaseRoutes(Cases cases, AnswerRecorder recorder, Metrics metrics) {
    this.cases = cases;
    this.recorder = recorder;
    this.metrics = metrics;
  }

  void register(Endpoints api) {
    api.add(
        HandlerType.GET,
        LIST,
        Role.ANALYST,
        (ctx, k) -> list(ctx.queryParam("order"), ctx.queryParam("limit")));
    api.add(
        HandlerType.GET,
        ONE,
        Role.ANALYST,
        (ctx, k) -> show(ctx.pathParam("trans_num"), ctx.queryParam("card")));
    api.add(
        HandlerType.POST,
        RESOLVE,
        Role.ANALYST,
        (ctx, k) ->
            resolve(ctx.pathParam("trans_num"), ctx.queryParam("card"), api.body(ctx), k.id()));
  }

  /** GET /cases?order=age|amount|score&limit=N. */
  Reply list(String order, String limit) {
    Cases.Order o = order(order);
    int n = limit(limit);
    return Reply.json(200, CaseJson.list(store(() -> cases.open(o, n))));
  }

  /** GET /cases/{trans_num}[?card=card_id]. */
  Reply show(String transNum, String card) {
    Case c = one(transNum, card);
    List<Case> latest =
        c.cardId() == null
            ? List.of()
            : store(() -> cases.recentTransactions(c.cardId(), RECENT_TRANSACTIONS));
    return Reply.json(200, CaseJson.details(c, latest));
  }

  /**
   * The case of this id and, when given, this card: a case is the pair (two cards may use one id);
   * without a card, an id two cards share is refused as ambiguous.
   */
  private Case one(String transNum, String card) {
    List<Case> found = store(() -> cases.find(checked(transNum)));
    List<Case> match =
        card == null || card.isBlank()
            ? found
            : found.stream().filter(c -> card.equals(c.cardId())).toList();
    if (match.isEmpty()) {
      throw notFound();
    }
    if (match.size() > 1) {
      throw ApiProblem.of(
          409,
          "ambiguous_case",
          match.size()
              + " cards have a case with this trans_num (cards ending "
              + String.join(", ", match.stream().map(Case::cardLast4).toList())
              + ")",
          "add ?card=<card_id> (the card_id that GET /cases lists)");
    }
    return match.get(0);
  }

  /** POST /cases/{trans_num}/resolve[?card=card_id] with {"answer": "confirmed_fraud"|...}. */
  Reply resolve(String transNum, String card, byte[] body, String by) {
    String id = checked(transNum);
    Answer answer;
    try {
      answer = answer(body);
    } catch (ApiProblem p) {
      metrics.feedback(FeedbackEvent.ANALYST, "invalid_answer");
      throw p;
    }
    Case c;
    try {
      c = one(id, card);
    } catch (ApiProblem p) {
      metrics.feedback(
          FeedbackEvent.ANALYST, p.reply().status() == 404 ? "not_found" : "ambiguous");
      throw p;
    }
    Cases.Outcome outcome;
    try {
      outcome = recorder.record(id, c.cardId(), answer, FeedbackEvent.ANALYST, CHANNEL, by);
    } catch (RuntimeException e) {
      metrics.feedback(FeedbackEvent.ANALYST, "unavailable");
      LOG.error(
          "recording {}'s answer {} to case {} failed ({}: {}); the recorder reopens the case for a"
              + " retry, and says so here when it could not",
          by,
          answer.status(),
          PayloadMasker.maskDigitRuns(BatchBody.abbreviate(id)),
          e.getClass().getSimpleName(),
          PayloadMasker.maskDigitRuns(String.valueOf(e.getMessage())) + suppressed(e));
      throw e instanceof SdkException
          ? storeUnavailable()
          : Endpoints.brokerUnavailable("publishing the feedback", e);
    }
    metrics.feedback(FeedbackEvent.ANALYST, outcome.name().toLowerCase(Locale.ROOT));
    return switch (outcome) {
      case RESOLVED -> {
        ObjectNode out = Json.object();
        out.put("trans_num", id);
        out.put("card_id", c.cardId());
        out.put("status", answer.status());
        yield Reply.json(200, out);
      }
      case ALREADY_RESOLVED ->
          throw ApiProblem.of(
              409,
              "already_resolved",
              "the case was resolved before; nothing was changed or published",
              "see its status with GET /cases/{trans_num}; a case is answered once");
      case NOT_FOUND -> throw notFound();
    };
  }

  private static Cases.Order order(String order) {
    if (order == null) {
      return Cases.Order.AGE;
    }
    return switch (order) {
      case "age" -> Cases.Order.AGE;
      case "amount" -> Cases.Order.AMOUNT;
      case "score" -> Cases.Order.SCORE;
      default ->
          throw ApiProblem.of(
              400, "invalid_order", "order must be age, amount or score", ORDER_FIX);
    };
  }

  private static int limit(String limit) {
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    int n;
    try {
      n = limit.matches("\\d{1,4}") ? Integer.parseInt(limit) : -1;
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > MAX_LIMIT) {
      throw ApiProblem.of(
          400, "invalid_limit", "limit must be a whole number from 1 to " + MAX_LIMIT, LIMIT_FIX);
    }
    return n;
  }

  private static String checked(String transNum) {
    if (transNum == null || transNum.isBlank() || transNum.length() > MAX_TRANS_NUM) {
      throw notFound();
    }
    return transNum;
  }

  /** The body's answer; the value given is not quoted back (it could be anything). */
  private static Answer answer(byte[] body) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw ApiProblem.of(400, "malformed_json", "the body is not valid JSON", RESOLVE_FIX);
    }
    if (n == null || !n.isObject()) {
      throw ApiProblem.of(400, "invalid_body", "the body must be a JSON object", RESOLVE_FIX);
    }
    for (Iterator<String> f = n.fieldNames(); f.hasNext(); ) {
      if (!"answer".equals(f.next())) {
        throw ApiProblem.of(400, "invalid_body", "the body holds only \"answer\"", RESOLVE_FIX);
      }
    }
    JsonNode a = n.path("answer");
    if (a.isTextual()) {
      for (Answer answer : Answer.values()) {
        if (answer.status().equals(a.asText())) {
          return answer;
        }
      }
    }
    throw ApiProblem.of(
        400,
        "invalid_answer",
        "\"answer\" must be \"confirmed_fraud\" (it was fraud) or \"not_fraud\" (it was not)",
        RESOLVE_FIX);
  }

  /** Runs a read of the case store; a store that does not answer is a 503. */
  private static <T> T store(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (ApiProblem p) {
      throw p;
    } catch (RuntimeException e) {
      LOG.warn(
          "the case store did not answer: {}: {}",
          e.getClass().getSimpleName(),
          PayloadMasker.maskDigitRuns(String.valueOf(e.getMessage())));
      throw storeUnavailable();
    }
  }

  private static ApiProblem storeUnavailable() {
    return new ApiProblem(
        Reply.error(
                503,
                "case_store_unavailable",
                "the case store (DynamoDB) did not answer in time",
                "retry later; nothing was changed unless a later GET shows the case resolved")
            .withHeader("Retry-After", "5"));
  }

  private static ApiProblem notFound() {
    return ApiProblem.of(
        404,
        "case_not_found",
        "there is no case with this trans_num",
        "list the open cases with GET /cases; a case is a REVIEW or DECLINE of the stream");
  }

  /** What the recorder added to a failure (a case it could not reopen). */
  static String suppressed(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t : e.getSuppressed()) {
      b.append("; ").append(t.getMessage());
    }
    return b.toString();
  }
}

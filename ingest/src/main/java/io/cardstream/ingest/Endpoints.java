package io.cardstream.ingest;

import io.cardstream.common.privacy.PayloadMasker;
import io.cardstream.service.ApiKey;
import io.cardstream.service.ApiProblem;
import io.cardstream.service.Reply;
import io.cardstream.service.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's route table. Each API's route class registers its routes here: method, path, the
 * role a key needs (or none) and a handler that returns a {@link Reply} or throws an {@link
 * ApiProblem}. Every route is named for the metrics, has its key checked ({@link Gate}) before its
 * handler runs, and answers anything unexpected with a 503 that holds no stack trace or payload;
 * unknown routes and Javalin's own refusals answer in the same JSON shape.
 *
 * @param maxBodyBytes larger bodies are refused with 413
 */
record Endpoints(RoutesConfig routes, Gate gate, long maxBodyBytes) {

  /** A route's handler once its key is checked: allowed on the route and within its rate. */
  interface Keyed {
    Reply handle(Context ctx, ApiKey key);
  }

  private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);
  private static final String ROUTE = "cardstream.route";
  private static final String ENTERED = "cardstream.entered";

  /** A route for keys of {@code role}; the route's name is its path. */
  void add(HandlerType method, String path, Role role, Keyed handler) {
    open(method, path, path, ctx -> handler.handle(ctx, gate.authorize(ctx, role)));
  }

  /** A route without a key (or with an optional one the handler checks itself). */
  void open(HandlerType method, String path, String name, Function<Context, Reply> handler) {
    routes.addHttpHandler(
        method,
        path,
        ctx -> {
          ctx.attribute(ROUTE, name);
          ctx.attribute(ENTERED, System.nanoTime());
          reply(ctx, name, handler).send(ctx);
        });
  }

  /** The request's body within the size limit, after checking that it is JSON. */
  byte[] body(Context ctx) {
    return RequestBody.read(ctx, maxBodyBytes);
  }

  /** When the request reached its route ({@link System#nanoTime}), before its key was checked. */
  static long entered(Context ctx) {
    Long t = ctx.attribute(ENTERED);
    return t == null ? System.nanoTime() : t;
  }

  /** The route's name, for the metrics; "unmatched" for a path no route took. */
  static String routeOf(Context ctx) {
    String r = ctx.attribute(ROUTE);
    return r == null ? "unmatched" : r;
  }

  private static Reply reply(Context ctx, String name, Function<Context, Reply> handler) {
    try {
      return handler.apply(ctx);
    } catch (ApiProblem p) {
      return p.reply();
    } catch (RuntimeException e) {
      // No payload in the log: the class and a masked message say enough to find the bug.
      LOG.error(
          "unexpected {} on {}: {}",
          e.getClass().getName(),
          name,
          PayloadMasker.maskDigitRuns(String.valueOf(e.getMessage())));
      return internalError();
    }
  }

  /** Unknown routes, other methods, Javalin's refusals and failures outside a route, as JSON. */
  void fallbacks() {
    routes.error(404, ctx -> notFound(ctx).sendIfUnanswered(ctx));
    routes.error(405, ctx -> methodNotAllowed().sendIfUnanswered(ctx));
    routes.exception(
        HttpResponseException.class, (e, ctx) -> fromJavalin(e.getStatus(), ctx).send(ctx));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("unexpected {} on {}", e.getClass().getName(), routeOf(ctx));
          internalError().send(ctx);
        });
  }

  /** The broker (or the control topics) did not answer: the client retries the whole request. */
  static ApiProblem brokerUnavailable(String what, Throwable cause) {
    LOG.warn(
        "{} failed, answering 503: {}", what, PayloadMasker.maskDigitRuns(String.valueOf(cause)));
    return new ApiProblem(
        Reply.error(
                503,
                "broker_unavailable",
                "the broker did not acknowledge " + what + " in time",
                "retry the whole request later; records that were written before the failure are"
                    + " deduplicated by their id downstream")
            .withHeader("Retry-After", "5"));
  }

  /** The answer to a failure of the collector's own: never a 500, never a stack trace. */
  static Reply internalError() {
    return Reply.error(
            503,
            "internal_error",
            "the collector could not handle this request",
            "retry later; if it keeps failing, report the time of the request to the operators")
        .withHeader("Retry-After", "5");
  }

  private static Reply notFound(Context ctx) {
    return Reply.error(
        404,
        "not_found",
        "no route " + PayloadMasker.maskDigitRuns(BatchBody.abbreviate(ctx.path())),
        "use POST /collector/transactions, /admin/flags, /admin/rules, /cases, /feedback/{token},"
            + " GET /health or /metrics");
  }

  private static Reply methodNotAllowed() {
    return Reply.error(
        405,
        "method_not_allowed",
        "the route exists but not with this method",
        "see docs/ingest.md for the method of each route");
  }

  private static Reply fromJavalin(int status, Context ctx) {
    return switch (status) {
      case 404 -> notFound(ctx);
      case 405 -> methodNotAllowed();
      default ->
          status >= 500
              ? internalError()
              : Reply.error(status, "bad_request", "the request was refused", "see docs/ingest.md");
    };
  }
}

package io.cardstream.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.aws.DynamoCases;
import io.cardstream.common.aws.DynamoDbClients;
import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.feedback.Cases;
import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.feedback.FeedbackRecorder;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.privacy.PayloadMasker;
import io.cardstream.service.ApiKey;
import io.cardstream.service.ApiKeys;
import io.cardstream.service.ApiProblem;
import io.cardstream.service.Json;
import io.cardstream.service.KeyStore;
import io.cardstream.service.Reply;
import io.cardstream.service.Role;
import io.cardstream.service.WebServer;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The HTTP collector: {@code POST /collector/transactions} in front of the transactions topic, the
 * admin routes, the customers' feedback links ({@code /feedback/{token}}, HTML), the analysts'
 * review queue ({@code /cases}), {@code /health} and {@code /metrics}. Its collaborators are
 * constructor arguments ({@link #onServices} wires the real ones); once started it owns them and
 * {@link #stop} closes them.
 *
 * <p>Every answer is a {@link Reply}: handlers return one or throw an {@link ApiProblem}, and
 * anything unexpected becomes a 503 without a stack trace or payload. The API answers JSON, the
 * feedback links HTML pages ({@link FeedbackPages}). 2xx on a batch means the broker acknowledged
 * every accepted record.
 */
public final class CollectorServer implements AutoCloseable {

  static final String ROUTE_INGEST = "/collector/transactions";
  static final String ROUTE_FEEDBACK = "/feedback/{token}";
  static final String ROUTE_CASES = "/cases";
  static final String ROUTE_CASE = "/cases/{trans_num}";
  static final String ROUTE_RESOLVE = "/cases/{trans_num}/resolve";

  /** How long one DynamoDB call of the case store may wait for its answer. */
  static final Duration DYNAMODB_TIMEOUT = Duration.ofSeconds(5);

  private static final Map<String, String> CASES_CALLS =
      Map.of(ROUTE_CASES, "list", ROUTE_CASE, "show", ROUTE_RESOLVE, "resolve");

  private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);
  private static final String ROUTE = "cardstream.route";
  private static final String KEY_ID = "cardstream.key";
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

  private final CollectorConfig config;
  private final WebServer web;
  private final EventSink sink;
  private final KeyStore keys;
  private final RecordProcessor processor;
  private final AdminRoutes admin;
  private final RateLimiter limiter;
  // Per client address; null when the config turns the limit off.
  private final RateLimiter authFailures;
  private final RateLimiter feedbackViews;
  private final Metrics metrics = new Metrics();
  private final BrokerHealth health;
  private final FeedbackRoutes feedback;
  private final CaseRoutes caseRoutes;

  /**
   * The collector on these collaborators.
   *
   * @param links checks the customers' link tokens (the notifier signs them with the same key)
   * @param cases the review queue: the case a link or an analyst's call is about
   * @param recorder records an answer (resolves the case once, publishes the feedback event, flags
   *     the card on a customer's "not me")
   * @param clock the time links are checked against and flags are stamped with
   */
  public CollectorServer(
      CollectorConfig config,
      EventSink sink,
      KeyStore keys,
      ControlPlane control,
      PanTokenizer tokenizer,
      FeedbackLinks links,
      Cases cases,
      FeedbackRecorder recorder,
      Clock clock) {
    this(
        config,
        sink,
        keys,
        control,
        tokenizer,
        links,
        cases,
        Objects.requireNonNull(recorder, "recorder")::record,
        clock);
  }

  /** As above, with any {@link AnswerRecorder} (unit tests keep what would be published). */
  public CollectorServer(
      CollectorConfig config,
      EventSink sink,
      KeyStore keys,
      ControlPlane control,
      PanTokenizer tokenizer,
      FeedbackLinks links,
      Cases cases,
      AnswerRecorder recorder,
      Clock clock) {
    this(config, sink, keys, control, tokenizer, links, cases, recorder, clock, System::nanoTime);
  }

  /** As above, with the monotonic clock the rate limits run on (tests move it on by hand). */
  CollectorServer(
      CollectorConfig config,
      EventSink sink,
      KeyStore keys,
      ControlPlane control,
      PanTokenizer tokenizer,
      FeedbackLinks links,
      Cases cases,
      AnswerRecorder recorder,
      Clock clock,
      LongSupplier nanoTime) {
    this.config = config;
    this.web = new WebServer("collector", config.server());
    web.own(sink);
    if (keys instanceof AutoCloseable closeable) {
      web.own(closeable);
    }
    this.sink = sink;
    this.keys = keys;
    this.processor = new RecordProcessor(tokenizer, config.reader());
    this.admin = new AdminRoutes(control, tokenizer, clock);
    this.limiter = new RateLimiter(config.rate(), config.burst(), nanoTime);
    this.authFailures = perMinute(config.authFailuresPerMinute(), nanoTime);
    this.feedbackViews = perMinute(config.feedbackPerMinute(), nanoTime);
    this.health = new BrokerHealth(sink::reachable, System::nanoTime);
    this.feedback =
        new FeedbackRoutes(
            Objects.requireNonNull(links, "links"),
            Objects.requireNonNull(cases, "cases"),
            Objects.requireNonNull(recorder, "recorder"),
            Objects.requireNonNull(clock, "clock"),
            metrics);
    this.caseRoutes = new CaseRoutes(cases, recorder, metrics);
  }

  /** A burst of {@code n}, then one every 60/n s; null for 0 (no limit). */
  private static RateLimiter perMinute(int n, LongSupplier nanoTime) {
    return n == 0 ? null : new RateLimiter(n / 60.0, n, nanoTime);
  }

  /**
   * The collector on the real services the config names: Kafka, the keys file or secret, the case
   * tables on DynamoDB; the link key from {@value FeedbackLinks#KEY_ENV}.
   */
  public static CollectorServer onServices(CollectorConfig config, PanTokenizer tokenizer) {
    return onServices(config, tokenizer, FeedbackLinks.fromEnvironment(System.getenv()));
  }

  /** As above with the given link key. */
  public static CollectorServer onServices(
      CollectorConfig config, PanTokenizer tokenizer, FeedbackLinks links) {
    Clock clock = Clock.systemUTC();
    ControlTopics topics = new ControlTopics(config.kafkaBootstrap());
    DynamoDbClient ddb =
        DynamoDbClients.create(
            config.dynamodbEndpoint(), config.dynamodbRegion(), DYNAMODB_TIMEOUT);
    Cases cases = new DynamoCases(ddb, config.dynamodbTablePrefix());
    FeedbackRecorder recorder =
        new FeedbackRecorder(cases, FeedbackRecorder.topic(topics), topics, clock);
    KeyStore keys = config.server().openKeys();
    CollectorServer server =
        new CollectorServer(
            config,
            sink(config),
            keys,
            ControlPlane.of(topics),
            tokenizer,
            links,
            cases,
            recorder,
            clock);
    server.web.own(ddb);
    LOG.info(
        "cases on DynamoDB {} (region {}, table prefix '{}')",
        config.dynamodbEndpoint() == null ? "on AWS" : config.dynamodbEndpoint(),
        config.dynamodbRegion(),
        config.dynamodbTablePrefix());
    return server;
  }

  /**
   * Starts listening.
   *
   * @return the bound port (the chosen one when the config says 0)
   */
  public int start() {
    return web.start(
        this::configure,
        "topic "
            + config.topic()
            + ", at most "
            + config.maxRecords()
            + " records or "
            + config.maxBodyBytes()
            + " bytes per request");
  }

  /** The Kinesis stream when one is configured, else the transactions topic. */
  static EventSink sink(CollectorConfig config) {
    CollectorConfig.Kinesis k = config.kinesis();
    if (k == null) {
      return new KafkaEventSink(config.kafkaBootstrap(), config.topic(), config.brokerTimeout());
    }
    LOG.info("accepted events go to the Kinesis stream {}", k.stream());
    return new KinesisEventSink(k.endpoint(), k.region(), k.stream(), config.brokerTimeout());
  }

  /** Stops listening and closes the sink, the key store and the clients it was given. */
  public void stop() {
    web.stop();
  }

  @Override
  public void close() {
    stop();
  }

  private void configure(JavalinConfig c) {
    c.http.prefer405over404 = true;
    WebServer.jsonErrors(c, internalError());
    c.requestLogger.http(this::recordRequest);
    routes(c.routes);
  }

  private void routes(RoutesConfig r) {
    r.get("/health", route("/health", ctx -> health()));
    r.get("/metrics", route("/metrics", this::metricsReply));
    r.post(ROUTE_INGEST, route(ROUTE_INGEST, this::ingest));
    r.post(
        "/admin/flags",
        route(
            "/admin/flags",
            ctx -> {
              ApiKey k = authorize(ctx, Role.ADMIN);
              return admin.flag(RequestBody.read(ctx, config.maxBodyBytes()), k.id());
            }));
    r.get(
        "/admin/flags",
        route(
            "/admin/flags",
            ctx -> {
              authorize(ctx, Role.ADMIN);
              return admin.flags();
            }));
    r.delete(
        "/admin/flags/{token}",
        route(
            "/admin/flags/{token}",
            ctx -> {
              ApiKey k = authorize(ctx, Role.ADMIN);
              return admin.unflag(ctx.pathParam("token"), ctx.queryParam("reason"), k.id());
            }));
    r.put(
        "/admin/rules",
        route(
            "/admin/rules",
            ctx -> {
              ApiKey k = authorize(ctx, Role.ADMIN);
              return admin.putRules(RequestBody.read(ctx, config.maxBodyBytes()), k.id());
            }));
    r.get(
        "/admin/rules",
        route(
            "/admin/rules",
            ctx -> {
              authorize(ctx, Role.ADMIN);
              return admin.rules();
            }));
    // <token>: a token with a slash in it still reaches the page that says it is not valid.
    r.get(
        "/feedback/<token>",
        route(
            ROUTE_FEEDBACK,
            ctx -> feedbackWithinRate(ctx, () -> feedback.view(ctx.pathParam("token")))));
    r.post(
        "/feedback/<token>",
        route(
            ROUTE_FEEDBACK,
            ctx -> feedbackWithinRate(ctx, () -> feedback.answer(ctx.pathParam("token")))));
    r.get(
        ROUTE_CASES,
        route(
            ROUTE_CASES,
            ctx -> {
              authorize(ctx, Role.ANALYST);
              return caseRoutes.list(ctx.queryParam("order"), ctx.queryParam("limit"));
            }));
    r.get(
        ROUTE_CASE,
        route(
            ROUTE_CASE,
            ctx -> {
              authorize(ctx, Role.ANALYST);
              return caseRoutes.show(ctx.pathParam("trans_num"), ctx.queryParam("card"));
            }));
    r.post(
        ROUTE_RESOLVE,
        route(
            ROUTE_RESOLVE,
            ctx -> {
              ApiKey k = authorize(ctx, Role.ANALYST);
              return caseRoutes.resolve(
                  ctx.pathParam("trans_num"),
                  ctx.queryParam("card"),
                  RequestBody.read(ctx, config.maxBodyBytes()),
                  k.id());
            }));
    r.error(404, ctx -> notFound(ctx).sendIfUnanswered(ctx));
    r.error(405, ctx -> methodNotAllowed().sendIfUnanswered(ctx));
    r.exception(HttpResponseException.class, (e, ctx) -> fromJavalin(e.getStatus(), ctx).send(ctx));
    r.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("unexpected {} on {}", e.getClass().getName(), routeOf(ctx));
          internalError().send(ctx);
        });
  }

  /** A handler that answers with what {@code h} returns or throws, and names its route. */
  private Handler route(String name, Function<Context, Reply> h) {
    return ctx -> {
      ctx.attribute(ROUTE, name);
      Reply reply;
      try {
        reply = h.apply(ctx);
      } catch (ApiProblem p) {
        reply = p.reply();
      } catch (RuntimeException e) {
        // No payload in the log: the class and a masked message say enough to find the bug.
        LOG.error(
            "unexpected {} on {}: {}",
            e.getClass().getName(),
            name,
            PayloadMasker.maskDigitRuns(String.valueOf(e.getMessage())));
        reply = internalError();
      }
      reply.send(ctx);
    };
  }

  private Reply ingest(Context ctx) {
    long deadline = System.nanoTime() + config.brokerTimeout().toNanos() + 1_000_000_000L;
    authorize(ctx, Role.COLLECTOR);
    byte[] body = RequestBody.read(ctx, config.maxBodyBytes());
    List<RecordOutcome> outcomes = processor.process(BatchBody.parse(body, config.maxRecords()));
    List<EventSink.Event> events =
        outcomes.stream()
            .filter(RecordOutcome.Accepted.class::isInstance)
            .map(o -> ((RecordOutcome.Accepted) o).event())
            .toList();
    write(events, deadline);
    metrics.records(outcomes);
    return Reply.json(200, results(outcomes));
  }

  /** Returns only when the sink acknowledged every event; else the whole request is a 503. */
  private void write(List<EventSink.Event> events, long deadline) {
    if (events.isEmpty()) {
      return;
    }
    try {
      sink.write(events).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw brokerUnavailable("writing the records", e);
    } catch (ExecutionException e) {
      throw brokerUnavailable("writing the records", e.getCause());
    } catch (TimeoutException | RuntimeException e) {
      throw brokerUnavailable("writing the records", e);
    }
  }

  private static ObjectNode results(List<RecordOutcome> outcomes) {
    ObjectNode out = Json.object();
    long accepted = outcomes.stream().filter(RecordOutcome.Accepted.class::isInstance).count();
    out.put("accepted", accepted);
    out.put("rejected", outcomes.size() - accepted);
    ArrayNode arr = out.putArray("results");
    for (RecordOutcome o : outcomes) {
      ObjectNode r = arr.addObject().put("index", o.index());
      if (o instanceof RecordOutcome.Accepted a) {
        r.put("status", "accepted").put("id", a.id());
      } else {
        RecordOutcome.Rejected j = (RecordOutcome.Rejected) o;
        r.put("status", "rejected").put("reason", j.reason().name()).put("detail", j.detail());
      }
    }
    return out;
  }

  /**
   * The key of the request, allowed on this route and within its rate.
   *
   * @throws ApiProblem 401 without a key, 403 for an unknown key or the wrong role, 429 over rate
   */
  private ApiKey authorize(Context ctx, Role role) {
    ApiKey key = authenticate(ctx);
    if (key.role() != role) {
      throw ApiProblem.of(
          403,
          "forbidden",
          "key '"
              + key.id()
              + "' has role "
              + key.role().wireName()
              + "; this route needs role "
              + role.wireName(),
          "use a key with role " + role.wireName());
    }
    withinRate(key);
    return key;
  }

  /**
   * The request's key, of any role.
   *
   * @throws ApiProblem 401 without a key, 403 for an unknown key
   */
  private ApiKey authenticate(Context ctx) {
    String clear = ctx.header(ApiKeys.HEADER);
    if (clear == null || clear.isEmpty()) {
      throw ApiProblem.of(
          401,
          "missing_api_key",
          "the request has no " + ApiKeys.HEADER + " header",
          "send your API key in the " + ApiKeys.HEADER + " header");
    }
    Optional<ApiKey> found = keys.authenticate(clear);
    if (found.isEmpty()) {
      throw unknownKey(ctx);
    }
    ctx.attribute(KEY_ID, found.get().id());
    return found.get();
  }

  /**
   * 403 for a wrong key, or 429 once the client's address is over its failures per minute. Only
   * failures count and a valid key always gets in: one client with a revoked key behind a NAT or a
   * load balancer (one address for many clients) must not lock the others out. Keys are 256 random
   * bits, so the limit is not what stops guessing; it keeps a flood of wrong keys cheap to refuse
   * and easy to see (429s on {@code collector_requests_total}).
   */
  private ApiProblem unknownKey(Context ctx) {
    long wait = authFailures == null ? 0 : authFailures.acquire(ctx.ip());
    if (wait > 0) {
      return new ApiProblem(
          Reply.error(
                  429,
                  "too_many_failed_authentications",
                  "too many requests with a wrong API key from this address (more than "
                      + config.authFailuresPerMinute()
                      + " a minute)",
                  "retry after "
                      + wait
                      + " s with a current key; a valid key is never held back by this limit")
              .withHeader("Retry-After", Long.toString(wait)));
    }
    return ApiProblem.of(
        403,
        "unknown_api_key",
        "the API key is not known (revoked, rotated or mistyped)",
        "use a current key; ask an operator for one (docs/ingest.md, API keys)");
  }

  /**
   * A feedback page within the client address's rate, else a 429 page. The links carry no API key,
   * so the address is the only thing to count by; checked before the token or the case store is
   * touched.
   */
  private Reply feedbackWithinRate(Context ctx, Supplier<Reply> page) {
    long wait = feedbackViews == null ? 0 : feedbackViews.acquire(ctx.ip());
    return wait > 0 ? FeedbackPages.tooMany(wait) : page.get();
  }

  /** Takes one of the key's tokens, or refuses with 429. */
  private void withinRate(ApiKey key) {
    long wait = limiter.acquire(key.id());
    if (wait > 0) {
      throw new ApiProblem(
          Reply.error(
                  429,
                  "rate_limited",
                  "key '"
                      + key.id()
                      + "' is over its rate of "
                      + config.rate()
                      + " requests/s (burst "
                      + config.burst()
                      + ")",
                  "retry after " + wait + " s; send larger batches rather than more requests")
              .withHeader("Retry-After", Long.toString(wait)));
    }
  }

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

  static Reply internalError() {
    return Reply.error(
            503,
            "internal_error",
            "the collector could not handle this request",
            "retry later; if it keeps failing, report the time of the request to the operators")
        .withHeader("Retry-After", "5");
  }

  private Reply health() {
    boolean up = health.reachable();
    metrics.broker(up);
    ObjectNode n = Json.object();
    n.put("status", "up");
    n.put("broker", up ? "reachable" : "unreachable");
    return Reply.json(200, n);
  }

  /**
   * The metrics; the per-key series only for a request with a valid key (any role, within its
   * rate). A wrong key is refused as on every route rather than answered anonymously, so a scraper
   * with a rotated key is told instead of silently losing the series.
   */
  private Reply metricsReply(Context ctx) {
    String clear = ctx.header(ApiKeys.HEADER);
    boolean keyIds = clear != null && !clear.isEmpty();
    if (keyIds) {
      withinRate(authenticate(ctx));
    }
    return new Reply(
        200, metrics.render(keyIds), "text/plain; version=0.0.4; charset=utf-8", Map.of());
  }

  private static Reply notFound(Context ctx) {
    return Reply.error(
        404,
        "not_found",
        "no route " + PayloadMasker.maskDigitRuns(BatchBody.abbreviate(ctx.path())),
        "use POST "
            + ROUTE_INGEST
            + ", /admin/flags, /admin/rules, /cases, /feedback/{token}, GET /health or /metrics");
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

  private void recordRequest(Context ctx, Float millis) {
    String method = ctx.method().name();
    String call = CASES_CALLS.get(routeOf(ctx));
    if (call != null) {
      metrics.casesCall(call, ctx.statusCode());
    }
    metrics.request(
        routeOf(ctx),
        METHODS.contains(method) ? method : "OTHER",
        ctx.statusCode(),
        millis / 1000.0,
        ctx.attribute(KEY_ID));
  }

  private static String routeOf(Context ctx) {
    String r = ctx.attribute(ROUTE);
    return r == null ? "unmatched" : r;
  }
}

package io.cardstream.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.aws.DynamoCases;
import io.cardstream.common.aws.KinesisTarget;
import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.feedback.Cases;
import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.feedback.FeedbackRecorder;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.service.ApiKeys;
import io.cardstream.service.ApiProblem;
import io.cardstream.service.Json;
import io.cardstream.service.KeyStore;
import io.cardstream.service.Reply;
import io.cardstream.service.WebServer;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The HTTP collector: {@code POST /collector/transactions} in front of the transactions topic, the
 * admin routes, the customers' feedback links ({@code /feedback/{token}}, HTML), the analysts'
 * review queue ({@code /cases}), {@code /health} and {@code /metrics}. One class per API registers
 * its routes ({@link CollectorRoutes}, {@link AdminRoutes}, {@link FeedbackRoutes}, {@link
 * CaseRoutes}); this one wires them, the {@link Gate} and the {@link Endpoints} onto the shell's
 * {@link WebServer}. Its collaborators are constructor arguments ({@link #onServices} wires the
 * real ones); once started it owns them and {@link #stop} closes them.
 *
 * <p>Every answer is a {@link Reply}: handlers return one or throw an {@link ApiProblem}, and
 * anything unexpected becomes a 503 without a stack trace or payload. The API answers JSON, the
 * feedback links HTML pages ({@link FeedbackPages}). 2xx on a batch means the broker acknowledged
 * every accepted record.
 */
public final class CollectorServer implements AutoCloseable {

  /** How long one DynamoDB call of the case store may wait for its answer. */
  static final Duration DYNAMODB_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

  private final CollectorConfig config;
  private final WebServer web;
  private final Gate gate;
  private final Metrics metrics = new Metrics();
  private final BrokerHealth health;
  private final CollectorRoutes collector;
  private final AdminRoutes admin;
  private final FeedbackRoutes feedback;
  private final CaseRoutes caseRoutes;

  /**
   * The collector on these collaborators.
   *
   * @param links checks the customers' link tokens (the notifier signs them with the same key)
   * @param cases the review queue: the case a link or an analyst's call is about
   * @param recorder records an answer (resolves the case once, publishes the feedback event, flags
   *     the card on a customer's "not me"); {@code FeedbackRecorder::record} on the real services,
   *     unit tests keep what would be published
   * @param clock the time links are checked against and flags are stamped with
   * @param nanoTime the monotonic clock the rate limits run on (tests move it on by hand)
   */
  public CollectorServer(
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
    this.gate = new Gate(config, keys, nanoTime);
    this.health = new BrokerHealth(sink::reachable, System::nanoTime);
    this.collector =
        new CollectorRoutes(
            sink,
            new RecordProcessor(tokenizer, config.reader()),
            metrics,
            config.maxRecords(),
            config.brokerTimeout());
    this.admin = new AdminRoutes(control, tokenizer, clock);
    this.feedback =
        new FeedbackRoutes(
            links,
            cases,
            recorder,
            clock,
            metrics,
            Gate.perMinute(config.feedbackPerMinute(), nanoTime));
    this.caseRoutes = new CaseRoutes(cases, recorder, metrics);
  }

  /**
   * The collector on the real services the config names: Kafka, the keys file or secret, the case
   * tables on DynamoDB; the given card-token and link keys.
   */
  public static CollectorServer onServices(
      CollectorConfig config, PanTokenizer tokenizer, FeedbackLinks links) {
    Clock clock = Clock.systemUTC();
    ControlTopics topics = new ControlTopics(config.kafkaBootstrap(), config.kafkaAuth());
    DynamoDbClient ddb = config.dynamodb().client(DYNAMODB_TIMEOUT);
    Cases cases = new DynamoCases(ddb, config.dynamodb().tablePrefix());
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
            recorder::record,
            clock,
            System::nanoTime);
    server.web.own(ddb);
    LOG.info(
        "cases on DynamoDB {} (table prefix '{}')",
        config.dynamodb().describe(),
        config.dynamodb().tablePrefix());
    return server;
  }

  /** The Kinesis stream when one is configured, else the transactions topic. */
  static EventSink sink(CollectorConfig config) {
    KinesisTarget k = config.kinesis();
    if (k == null) {
      return new KafkaEventSink(
          config.kafkaBootstrap(), config.kafkaAuth(), config.topic(), config.brokerTimeout());
    }
    LOG.info("accepted events go to the Kinesis stream {}", k.stream());
    return new KinesisEventSink(k.endpoint(), k.region(), k.stream(), config.brokerTimeout());
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
    WebServer.jsonErrors(c, Endpoints.internalError());
    c.requestLogger.http(this::recordRequest);
    Endpoints api = new Endpoints(c.routes, gate, config.maxBodyBytes());
    api.open(HandlerType.GET, "/health", "/health", ctx -> health());
    api.open(HandlerType.GET, "/metrics", "/metrics", this::metricsReply);
    collector.register(api);
    admin.register(api);
    feedback.register(api);
    caseRoutes.register(api);
    api.fallbacks();
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
      gate.withinRate(gate.authenticate(ctx));
    }
    return new Reply(
        200, metrics.render(keyIds), "text/plain; version=0.0.4; charset=utf-8", Map.of());
  }

  private void recordRequest(Context ctx, Float millis) {
    String method = ctx.method().name();
    String route = Endpoints.routeOf(ctx);
    String call = CaseRoutes.CALLS.get(route);
    if (call != null) {
      metrics.casesCall(call, ctx.statusCode());
    }
    metrics.request(
        route,
        METHODS.contains(method) ? method : "OTHER",
        ctx.statusCode(),
        millis / 1000.0,
        ctx.attribute(Gate.KEY_ID));
  }
}

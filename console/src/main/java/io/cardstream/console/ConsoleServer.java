package io.cardstream.console;

import io.cardstream.common.aws.DynamoCases;
import io.cardstream.common.aws.DynamoDbTarget;
import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.feedback.Cases;
import io.cardstream.common.feedback.FeedbackRecorder;
import io.cardstream.common.privacy.PayloadMasker;
import io.cardstream.common.registry.RegistryLayout;
import io.cardstream.console.html.Assets;
import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.page.CaseFilter;
import io.cardstream.console.page.CasePage;
import io.cardstream.console.page.CasesPage;
import io.cardstream.console.page.DecisionsPage;
import io.cardstream.console.page.LoginPage;
import io.cardstream.console.page.NightlyPage;
import io.cardstream.console.page.StreamPage;
import io.cardstream.console.page.TopicsPage;
import io.cardstream.console.source.JdbcWarehouse;
import io.cardstream.console.source.KafkaTopicReader;
import io.cardstream.console.source.KinesisShardBacklog;
import io.cardstream.console.source.ModelFiles;
import io.cardstream.console.source.Probe;
import io.cardstream.console.source.RulesInForce;
import io.cardstream.console.source.Sourced;
import io.cardstream.console.source.Sources;
import io.cardstream.console.source.StreamFiles;
import io.cardstream.service.ReloadingKeyStore;
import io.cardstream.service.WebServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The console's HTTP side: server-rendered pages behind an operator key, {@code /health} and the
 * static files open. One route changes something beyond the caller's own session: a case's
 * resolution from its page ({@link CaseResolution}). Its sources, key store and recorder are
 * constructor arguments ({@link #onServices} wires the real ones); once started it owns what it was
 * given to close.
 */
public final class ConsoleServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

  private final ConsoleConfig config;
  private final Sources sources;
  private final Access access;
  private final Login login;
  private final CaseResolution resolution;
  private final WebServer web;

  /**
   * @param recorder records a case's resolution, or null (no Kafka or no DynamoDB: refused)
   */
  ConsoleServer(
      ConsoleConfig config, Sources sources, Access access, CaseResolution.Recorder recorder) {
    this.config = config;
    this.sources = sources;
    this.access = access;
    this.login = new Login(access, config.secureCookie());
    this.resolution = new CaseResolution(access, sources, recorder);
    this.web = new WebServer("console", config.server());
    web.own(sources.topics());
  }

  /** The console on the sources the config names, with the keys of its file or secret. */
  public static ConsoleServer onServices(ConsoleConfig c) {
    Duration timeout = c.sourceTimeout();
    Probe probe = new Probe(timeout);
    // Each client stops a little before the page's deadline, so it answers with what it has.
    Duration budget = timeout.multipliedBy(3).dividedBy(4);
    KafkaTopicReader kafka =
        c.kafkaBootstrap() == null
            ? null
            : new KafkaTopicReader(c.kafkaBootstrap(), c.kafkaAuth(), budget);
    KinesisClient kinesis = c.kinesis() == null ? null : c.kinesis().client(budget);
    DynamoDbClient ddb = c.dynamodb() == null ? null : dynamodb(c.dynamodb(), timeout);
    Cases cases = ddb == null ? null : new DynamoCases(ddb, c.dynamodb().tablePrefix());
    JdbcWarehouse warehouse =
        c.jdbcUrl() == null
            ? null
            : new JdbcWarehouse(
                c.jdbcUrl(),
                c.jdbcUser(),
                c.jdbcPasswordEnv() == null ? null : System.getenv(c.jdbcPasswordEnv()),
                (int) Math.max(1, budget.toSeconds()));
    ControlTopics control =
        kafka == null ? null : new ControlTopics(c.kafkaBootstrap(), c.kafkaAuth());
    RulesInForce rules = new RulesInForce(control);
    Sources s =
        new Sources(
            new StreamFiles(c.statusFile(), c.checkpointDir()),
            kafka,
            "Kafka at " + c.kafkaBootstrap(),
            kinesis == null
                ? null
                : new KinesisShardBacklog(kinesis, c.kinesis().stream(), budget, Clock.systemUTC()),
            c.kinesis() == null ? "Kinesis" : c.kinesis().describe(),
            cases,
            c.dynamodb() == null ? "DynamoDB" : "DynamoDB " + c.dynamodb().describe(),
            warehouse,
            "The warehouse at " + c.jdbcUrl(),
            new ModelFiles(c.registry()),
            c.lake(),
            probe,
            Clock.systemUTC(),
            rules);
    ReloadingKeyStore keys = c.server().openKeys();
    CaseResolution.Recorder recorder =
        cases == null || control == null
            ? null
            : CaseResolution.Recorder.of(
                new FeedbackRecorder(
                    cases, FeedbackRecorder.topic(control), control, Clock.systemUTC()));
    ConsoleServer server =
        new ConsoleServer(c, s, new Access(keys, c.session(), Clock.systemUTC()), recorder);
    server.web.own(probe);
    server.web.own(rules);
    server.web.own(keys);
    server.web.own(ddb);
    server.web.own(kinesis);
    return server;
  }

  /** A DynamoDB client that gives up within the page's deadline: no retries, short timeouts. */
  static DynamoDbClient dynamodb(DynamoDbTarget t, Duration timeout) {
    var b =
        DynamoDbClient.builder()
            .region(Region.of(t.region()))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofMillis(Math.min(1000, timeout.toMillis())))
                    .socketTimeout(timeout))
            .overrideConfiguration(
                o ->
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout));
    if (t.endpoint() == null) {
      b.credentialsProvider(DefaultCredentialsProvider.create());
    } else {
      // DynamoDB Local accepts any credentials; these are not secrets.
      b.endpointOverride(URI.create(t.endpoint()))
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }
    return b.build();
  }

  /**
   * Starts listening.
   *
   * @return the bound port
   */
  public int start() {
    return web.start(
        c -> routes(c.routes),
        "status file "
            + config.statusFile()
            + ", Kafka "
            + orNotConfigured(config.kafkaBootstrap())
            + ", DynamoDB "
            + (config.dynamodb() == null ? "not configured" : config.dynamodb().describe())
            + ", warehouse "
            + orNotConfigured(config.jdbcUrl())
            + ", registry "
            + config.registry());
  }

  private static String orNotConfigured(String source) {
    return source == null ? "not configured" : source;
  }

  /** Stops listening and closes the sources' clients and the key store. */
  public void stop() {
    web.stop();
  }

  @Override
  public void close() {
    stop();
  }

  private void routes(RoutesConfig r) {
    login.register(r);
    r.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"up\"}"));
    r.get("/favicon.ico", ctx -> ctx.status(204));
    r.get("/static/{file}", this::asset);
    r.get("/", ctx -> ctx.redirect("/stream", HttpStatus.SEE_OTHER));
    r.get("/stream", page(ctx -> StreamPage.render(sources, config.streamActive(), refresh(ctx))));
    r.get("/decisions", page(ctx -> DecisionsPage.render(sources, config.maxDecisions())));
    r.get("/cases", page(ctx -> CasesPage.list(sources, CaseFilter.of(ctx::queryParam))));
    r.get("/cases/{trans_num}", page(this::casePage));
    r.post("/cases/{trans_num}/resolve", resolution::handle);
    r.get("/nightly", page(ctx -> NightlyPage.render(sources)));
    r.get("/nightly/models/{version}", page(this::trainingReport));
    r.get("/nightly/models/{version}/{image}", this::curve);
    r.get("/topics", page(ctx -> TopicsPage.list(sources)));
    r.get(
        "/topics/{name}", page(ctx -> TopicsPage.one(sources, ctx.pathParam("name")).orElse(null)));
    r.error(
        404,
        ctx -> {
          if (ctx.result() == null) {
            Login.html(
                ctx, 404, LoginPage.error("Not found", "There is no such page in the console."));
          }
        });
    r.error(
        405,
        ctx -> {
          if (ctx.result() == null) {
            Login.html(
                ctx,
                405,
                LoginPage.error(
                    "Not allowed", "The console changes nothing but a case's resolution."));
          }
        });
    r.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error(
              "unexpected {} on {}: {}",
              e.getClass().getName(),
              ctx.path(),
              PayloadMasker.maskDigitRuns(String.valueOf(e.getMessage())));
          Login.html(
              ctx,
              500,
              LoginPage.error("Something went wrong", "The console could not show this page."));
        });
  }

  private static int refresh(Context ctx) {
    String r = ctx.queryParam("refresh");
    return r != null && r.matches("[0-9]{1,3}") ? Math.max(5, Integer.parseInt(r)) : 0;
  }

  private void asset(Context ctx) {
    var a = Assets.get(ctx.pathParam("file"));
    if (a.isEmpty()) {
      Login.html(ctx, 404, LoginPage.error("Not found", "There is no such file in the console."));
      return;
    }
    ctx.header("Cache-Control", "public, max-age=3600");
    ctx.contentType(a.get().getKey());
    ctx.result(a.get().getValue());
  }

  private Page casePage(Context ctx) {
    boolean resolved = "1".equals(ctx.queryParam("resolved"));
    return CasePage.render(
            sources,
            ctx.pathParam("trans_num"),
            ctx.queryParam("card"),
            access.csrf(ctx.cookie(Access.COOKIE)).orElse(null),
            resolved ? new CasePage.Notice("ok", "Resolved: your answer was recorded.") : null)
        .orElse(null);
  }

  private Page trainingReport(Context ctx) {
    String v = ctx.pathParam("version");
    Sourced<Optional<ModelFiles.Version>> got =
        sources.files("The model registry", () -> sources.models().version(v)).get();
    if (!got.isOk()) {
      Page p = new Page("Training report", "/nightly");
      p.source(got, "The report comes from the registry's files.");
      return p;
    }
    return got.value()
        .map(
            ver ->
                Reports.trainingReport(
                    ver.metrics(), img -> "/nightly/models/" + Html.url(v) + "/" + img))
        .orElse(null);
  }

  private void curve(Context ctx) {
    if (RegistryLayout.ReportFile.MODEL_CARD_HTML.fileName().equals(ctx.pathParam("image"))) {
      modelCard(ctx);
      return;
    }
    Sourced<Optional<byte[]>> img =
        sources
            .files(
                "The model registry",
                () -> sources.models().image(ctx.pathParam("version"), ctx.pathParam("image")))
            .get();
    if (img.isOk() && img.value().isPresent()) {
      ctx.contentType("image/png");
      ctx.result(img.value().get());
    } else {
      ctx.status(404);
      ctx.result("");
    }
  }

  /** The version's model card, as training wrote it (an HTML page of escaped text). */
  private void modelCard(Context ctx) {
    Sourced<Optional<byte[]>> card =
        sources
            .files("The model registry", () -> sources.models().modelCard(ctx.pathParam("version")))
            .get();
    if (card.isOk() && card.value().isPresent()) {
      ctx.contentType("text/html; charset=utf-8");
      ctx.result(card.value().get());
    } else {
      Login.html(ctx, 404, LoginPage.error("Not found", "This version has no model card."));
    }
  }

  /** A page handler: a null page is a 404. */
  private static Handler page(java.util.function.Function<Context, Page> render) {
    return ctx -> {
      Page p = render.apply(ctx);
      if (p == null) {
        Login.html(ctx, 404, LoginPage.error("Not found", "There is no such item."));
      } else {
        Login.html(ctx, 200, p);
      }
    };
  }
}

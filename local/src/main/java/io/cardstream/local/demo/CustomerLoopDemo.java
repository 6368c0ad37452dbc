package io.cardstream.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.privacy.KeyConfig;
import io.cardstream.common.report.DemoSummary;
import io.cardstream.local.stack.ConsoleService;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.ServiceState;
import io.cardstream.local.stack.StackJobs;
import io.cardstream.streaming.loop.FeedbackLabelsJob;
import io.cardstream.streaming.loop.NotifierStream;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's customer loop, through the real pieces: the notifier mails the stream's alerts to the
 * stack's mail server; the demo reads two of those e-mails and follows their links as a customer
 * would (the page, then the form's POST: one "not me", one "it was me", and a replay that must be
 * refused); an analyst answers the top case through the collector's {@code /cases} API, another the
 * next one through the console's case page ({@link ConsoleAnalyst}); the labels job takes the four
 * answers into {@code feedback/labels}.
 */
final class CustomerLoopDemo {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern YES = Pattern.compile("Yes, it was me:\\s+(\\S+/feedback/\\S+)");
  private static final Pattern NO = Pattern.compile("No, it was not me:\\s+(\\S+/feedback/\\S+)");
  private static final Pattern ALERT_ID = Pattern.compile("Message-ID: <([^@>]+)@cardstream>");

  /** What the loop did, as the summary holds it, and the card the "not me" answer flagged. */
  record Result(DemoSummary.CustomerLoop summary, String notMeCard) {}

  private final LocalStack stack;
  private final Endpoints e;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newHttpClient();

  CustomerLoopDemo(LocalStack stack, PrintStream out) {
    this.stack = stack;
    this.e = stack.endpoints();
    this.out = out;
  }

  /**
   * @param notifierFrom where the notifier starts on the decision topics: this run's decisions only
   *     (a reused stack's topics hold every earlier run's)
   */
  Result run(SparkSession spark, Lake lake, String notifierFrom) throws Exception {
    Set<Path> before = Set.copyOf(mailFiles());

    Map<String, Long> notifications = notify(spark, lake, notifierFrom);

    List<String> alerts = new ArrayList<>();
    int notices = 0;
    for (Path p : mailFiles()) {
      if (before.contains(p)) {
        continue;
      }
      String mail = text(p);
      if (NO.matcher(mail).find()) {
        alerts.add(mail);
      } else {
        notices++;
      }
    }
    out.printf(
        "  notifier: %s; %d alert e-mails, %d approved notices in %s%n",
        notifications, alerts.size(), notices, stack.layout().maildir());
    if (alerts.size() < 2) {
      throw new IllegalStateException(
          "the demo needs two alert e-mails to answer, the notifier sent " + alerts.size());
    }

    // A customer follows the links of two e-mails: the page (GET), then its form (POST). What was
    // recorded is read back from the case through the analyst API.
    String analyst = Files.readString(stack.layout().apiKeyFile("analyst")).trim();
    Map<String, String> answers = new LinkedHashMap<>();
    String notMe = link(alerts.get(0), NO);
    CaseId notMeCase = caseOf(alerts.get(0));
    follow(notMe, "not me");
    boolean replayRefused = post(notMe).statusCode() == 409;
    CaseId itWasMeCase = caseOf(alerts.get(1));
    follow(link(alerts.get(1), YES), "it was me");
    JsonNode notMeView = api("GET", notMeCase.path(), analyst, null);
    answers.put(notMeCase.transNum(), notMeView.path("status").asText());
    answers.put(
        itWasMeCase.transNum(),
        api("GET", itWasMeCase.path(), analyst, null).path("status").asText());
    out.printf(
        "  customer: answered %s; the used link again -> %s%n",
        answers, replayRefused ? "409, nothing recorded" : "NOT refused");

    // An analyst takes the top of the queue by score and confirms it.
    JsonNode queue = api("GET", "/cases?order=score&limit=1", analyst, null);
    String top = queue.path("cases").path(0).path("trans_num").asText();
    CaseId topCase = new CaseId(queue.path("cases").path(0).path("card_id").asText(), top);
    JsonNode resolved =
        api(
            "POST",
            "/cases/" + top + "/resolve?card=" + topCase.card(),
            analyst,
            "{\"answer\": \"confirmed_fraud\"}");
    answers.put(top, resolved.path("status").asText());
    out.printf(
        "  analyst: case %s (score %s) -> %s%n",
        top, queue.path("cases").path(0).path("score").asText(), resolved.path("status").asText());

    // Another analyst resolves the next case by score in the console: its page's form, as a
    // browser posts it (the session and the form's token), not the API.
    JsonNode next = api("GET", "/cases?order=score&limit=1", analyst, null).path("cases").path(0);
    String inConsole = next.path("trans_num").asText();
    String consoleStatus =
        new ConsoleAnalyst(consoleUrl(), analyst)
            .resolve(
                inConsole,
                next.path("card_id").asText(),
                "not_fraud",
                "demo: the cardholder confirmed the payment by phone");
    answers.put(inConsole, consoleStatus);
    out.printf(
        "  console: case %s resolved through its page's form -> %s%n", inConsole, consoleStatus);

    Map<String, Integer> labels = labels(spark, lake);
    // Answers the labels table holds with the label they call for.
    int labelled =
        (int)
            answers.entrySet().stream()
                .filter(
                    a ->
                        Integer.valueOf("confirmed_fraud".equals(a.getValue()) ? 1 : 0)
                            .equals(labels.get(a.getKey())))
                .count();
    return new Result(
        new DemoSummary.CustomerLoop(
            notifications,
            alerts.size(),
            notices,
            answers,
            replayRefused,
            labels.size(),
            labelled,
            "not_fraud".equals(consoleStatus) ? 1 : 0),
        notMeView.path("card_id").asText());
  }

  /** The stack's running console. */
  private String consoleUrl() {
    return stack
        .state()
        .map(s -> s.services().get(ConsoleService.NAME))
        .filter(ServiceState::isRunning)
        .map(c -> ConsoleService.url(c.port()))
        .orElseThrow(() -> new IllegalStateException("the demo's console is not running"));
  }

  /** The notifier, until it has taken what the stream wrote to the alert topics; its outcomes. */
  private Map<String, Long> notify(SparkSession spark, Lake lake, String from) throws Exception {
    LocalStack.deleteRecursively(stack.layout().checkpoint(StackJobs.NOTIFIER));
    NotifierStream.onServices(
            StackJobs.notifier(stack.config(), e, 1, true).startingAt(from),
            KeyConfig.developmentKeys().links(System.getenv()))
        .start(spark)
        .awaitTermination();
    Map<String, Long> notifications = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .format("delta")
            .load(lake.path(LakeTable.NOTIFICATIONS))
            .groupBy("status")
            .count()
            .collectAsList()) {
      notifications.put(r.getString(0), r.getLong(1));
    }
    return notifications;
  }

  /** The night's labels job (the DAG runs it before training); the labels by trans_num. */
  private Map<String, Integer> labels(SparkSession spark, Lake lake) throws Exception {
    Path checkpoint = stack.layout().checkpoint(StackJobs.FEEDBACK_LABELS);
    LocalStack.deleteRecursively(checkpoint);
    FeedbackLabelsJob.start(
            spark, e.kafkaBootstrap(), e.kafkaAuth(), lake, checkpoint.toUri().toString(), 1, true)
        .awaitTermination();
    Map<String, Integer> labels = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .format("delta")
            .load(lake.path(LakeTable.FEEDBACK_LABELS))
            .select("trans_num", "is_fraud")
            .collectAsList()) {
      labels.put(r.getString(0), r.getInt(1));
    }
    out.printf("  labels: %d answers in %s%n", labels.size(), lake.path(LakeTable.FEEDBACK_LABELS));
    return labels;
  }

  /** GET the page, then POST its form. */
  private void follow(String link, String what) throws Exception {
    HttpResponse<String> page = get(link);
    if (page.statusCode() != 200) {
      throw new IllegalStateException(
          "the '" + what + "' link's page answered " + page.statusCode() + ": " + page.body());
    }
    HttpResponse<String> done = post(link);
    if (done.statusCode() != 200) {
      throw new IllegalStateException(
          "the '" + what + "' answer was not recorded (" + done.statusCode() + "): " + done.body());
    }
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("content-type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode api(String method, String path, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(e.collectorUrl() + path)).header("x-api-key", key);
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private List<Path> mailFiles() throws IOException {
    if (!Files.isDirectory(stack.layout().maildir())) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(stack.layout().maildir())) {
      return s.filter(p -> p.toString().endsWith(".eml")).sorted().collect(Collectors.toList());
    }
  }

  /** The headers and the decoded text of an e-mail as the mail server stored it. */
  private static String text(Path eml) throws Exception {
    try (InputStream in = Files.newInputStream(eml)) {
      MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
      return "Message-ID: " + m.getMessageID() + "\n" + m.getContent();
    }
  }

  private static String link(String mail, Pattern which) {
    Matcher m = which.matcher(mail);
    if (!m.find()) {
      throw new IllegalStateException("no feedback link in the e-mail:\n" + mail);
    }
    return m.group(1);
  }

  /** A case: a trans_num of one card (two cards may use the same trans_num). */
  record CaseId(String card, String transNum) {
    String path() {
      return "/cases/" + transNum + "?card=" + card;
    }
  }

  /** The case an alert e-mail is about: its Message-ID is {@code <card_id>_<trans_num>@...}. */
  private static CaseId caseOf(String mail) {
    Matcher m = ALERT_ID.matcher(mail);
    int cut = m.find() ? m.group(1).indexOf('_') : -1;
    if (cut < 0) {
      throw new IllegalStateException("no alert id in the e-mail's Message-ID:\n" + mail);
    }
    return new CaseId(m.group(1).substring(0, cut), m.group(1).substring(cut + 1));
  }
}

package io.cardstream.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.aws.KinesisClients;
import io.cardstream.common.testing.Kinesalite;
import io.cardstream.service.ApiKeys;
import io.cardstream.service.JvmLauncher;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The console in a real headless Chromium against real services: a Kafka broker, DynamoDB Local and
 * PostgreSQL holding what a demo run leaves ({@link Seed}), and the stream's and registry's files.
 * Two console JVMs, started the way the local stack starts it ({@link ConsoleProcess}): one on the
 * services, one whose sources are all down. Each page must load without a browser console error,
 * show the seeded numbers (the DOM, not pixels), draw its charts, never show a card number or a
 * name; a screenshot of each page goes to target/screenshots/. A third console reads a Kinesis
 * stream in the real emulator (kinesalite) for the per-shard backlog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

  @TempDir static Path tmp;

  private Path home;
  private Services services;
  private JvmLauncher.Running up;
  private JvmLauncher.Running down;
  private Browser browser;
  private String key;
  private String collectorKey;
  private Path state;

  @BeforeAll
  void start() throws Exception {
    home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    Instant now = Instant.now();
    services = new Services(home, Files.createDirectories(tmp.resolve("services"))).start();
    Seed.kafka(services.kafkaBootstrap(), now);
    try (DynamoDbClient ddb = Seed.dynamodb(services.dynamodbEndpoint())) {
      Seed.dynamodb(ddb);
    }
    Seed.warehouse(home, services.jdbcUrl());
    state = Files.createDirectories(tmp.resolve("state"));
    Seed.streamFiles(state, now);
    Seed.registry(state.resolve("lake/models/fraud"));
    Seed.lake(state.resolve("lake"));

    Path keys = tmp.resolve("api-keys.json");
    key = ApiKeys.addKey(keys, "it-analyst", "analyst");
    collectorKey = ApiKeys.addKey(keys, "it-collector", "collector");

    up =
        ConsoleProcess.start(
            home,
            0,
            tmp.resolve("console-up.log"),
            Map.of(),
            "--state-dir",
            state.toString(),
            "--kafka-bootstrap",
            services.kafkaBootstrap(),
            "--dynamodb-endpoint",
            services.dynamodbEndpoint(),
            "--jdbc-url",
            services.jdbcUrl(),
            "--jdbc-user",
            "postgres",
            "--api-keys-file",
            keys.toString());
    // Everything down: ports nothing listens on, a state directory the stream never wrote.
    down =
        ConsoleProcess.start(
            home,
            0,
            tmp.resolve("console-down.log"),
            Map.of(),
            "--state-dir",
            Files.createDirectories(tmp.resolve("empty-state")).toString(),
            "--kafka-bootstrap",
            "127.0.0.1:" + Services.freePort(),
            "--dynamodb-endpoint",
            "http://127.0.0.1:" + Services.freePort(),
            "--jdbc-url",
            "jdbc:postgresql://127.0.0.1:" + Services.freePort() + "/postgres",
            "--jdbc-user",
            "postgres",
            "--api-keys-file",
            keys.toString());
    browser = new Browser(Path.of(System.getProperty("console.screenshots", "target/screenshots")));
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    for (JvmLauncher.Running r : new JvmLauncher.Running[] {up, down}) {
      if (r != null) {
        r.stop();
      }
    }
    if (services != null) {
      services.close();
    }
    // The consoles' logs never hold a key, a card number or a name.
    for (String log : List.of("console-up.log", "console-down.log")) {
      String text = Files.readString(tmp.resolve(log));
      assertThat(text).doesNotContain(Seed.PAN, Seed.FIRST, Seed.LAST, key, collectorKey);
    }
  }

  /** Opens a page, checks that the browser logged no error and that no secret is on it. */
  private void open(String base, String path) {
    browser.open(base + path);
    assertThat(browser.errors()).as("browser console errors on %s", path).isEmpty();
    String html = browser.driver.getPageSource();
    assertThat(html).doesNotContain(Seed.PAN, Seed.FIRST, Seed.LAST, Seed.STREET, key);
  }

  private String metric(String name) {
    return browser.text("[data-metric=\"" + name + "\"]");
  }

  @Test
  @Order(1)
  void aPageAsksForTheOperatorKeyAndRefusesOtherRoles() throws Exception {
    browser.open(up.url() + "/decisions");
    assertThat(browser.driver.getCurrentUrl()).contains("/login?next=%2Fdecisions");
    assertThat(browser.errors()).isEmpty();
    browser.screenshot("login");
    login(collectorKey);
    assertThat(browser.text(".notice")).contains("not a current operator key");
    // The refusal is a 401 (the browser logs it as a failed load), and nothing else went wrong.
    assertThat(browser.errors()).singleElement().asString().contains("/login", "401");
    assertThat(browser.driver.manage().getCookieNamed(Access.COOKIE)).isNull();
    login(key);
    assertThat(browser.driver.manage().getCookieNamed(Access.COOKIE)).isNotNull();
    assertThat(browser.driver.getCurrentUrl()).isEqualTo(up.url() + "/decisions");
    assertThat(browser.text("h1")).isEqualTo("Decisions");
  }

  private void login(String k) {
    WebElement input = browser.driver.findElement(By.id("key"));
    input.clear();
    input.sendKeys(k);
    browser.driver.findElement(By.id("login")).click();
    browser.waitForNewPage(input);
  }

  @Test
  @Order(2)
  void streamShowsTheLastBatchTheHistoryTheLagAndTheQuarantine() throws Exception {
    open(up.url(), "/stream");
    assertThat(browser.all("[data-stream-state=running]")).hasSize(1);
    assertThat(browser.text("[data-stream-state]")).contains("10 records waiting");
    assertThat(metric("batch_id")).isEqualTo("4");
    assertThat(metric("input_rows")).isEqualTo("6");
    assertThat(metric("model_version")).isEqualTo(Seed.CHAMPION);
    assertThat(metric("rules_version")).isEqualTo("2026-11-22.1");
    assertThat(metric("flagged_cards")).isEqualTo("3");
    assertThat(metric("total_input_rows")).isEqualTo("30");
    // Five batches of 6 rows from the checkpoint; lag 5 on each partition.
    assertThat(browser.all("#batches tbody tr")).hasSize(5);
    assertThat(browser.text("#batches tr[data-row='0']")).contains("6", "1,500 ms");
    assertThat(browser.text("#lag tr[data-row='transactions/0'] [data-lag]")).isEqualTo("5");
    assertThat(browser.text("#lag tr[data-row='transactions/1'] [data-lag]")).isEqualTo("5");
    assertThat(browser.text("#quarantine-reasons tr[data-row=BAD_CARD_NUMBER]")).endsWith("4");
    assertThat(browser.text("#quarantine-reasons tr[data-row=MISSING_ID]")).endsWith("2");
    assertThat(browser.assertChartsRendered()).isEqualTo(4);
    browser.screenshot("stream");
  }

  @Test
  @Order(3)
  void decisionsCountsOnlyCommittedDecisions() throws Exception {
    open(up.url(), "/decisions");
    assertThat(metric("decisions_total")).isEqualTo("300");
    assertThat(metric("decisions_approve")).isEqualTo("264");
    assertThat(metric("decisions_review")).isEqualTo("24");
    assertThat(metric("decisions_decline")).isEqualTo("12");
    assertThat(metric("alert_rate")).isEqualTo("12.00 %");
    assertThat(browser.text("#top-reasons tbody tr:first-child"))
        .contains("score_above_review", "24");
    assertThat(browser.driver.getPageSource()).doesNotContain("aborted_batch");
    long perMinute = 0;
    for (WebElement row : browser.all("#decisions-per-minute tbody tr")) {
      for (WebElement cell : row.findElements(By.cssSelector("td:not(:first-child)"))) {
        perMinute += Long.parseLong(cell.getText().replace(",", ""));
      }
    }
    assertThat(perMinute).isEqualTo(Seed.DECISIONS);
    assertThat(browser.assertChartsRendered()).isEqualTo(3);
    browser.screenshot("decisions");
  }

  @Test
  @Order(4)
  void casesListsTheOpenOnesAndShowsOne() throws Exception {
    open(up.url(), "/cases?order=amount");
    assertThat(metric("open_cases")).isEqualTo("3");
    List<WebElement> rows = browser.all("#open-cases tbody tr");
    assertThat(rows)
        .extracting(r -> r.getAttribute("data-row"))
        .containsExactly("case-b", "case-a", "case-c");
    assertThat(browser.text("#open-cases tr[data-row=case-b]"))
        .contains("1,500.00", "****2222", "Shop ************1111");
    browser.screenshot("cases");
    browser.driver.findElement(By.linkText("case-a")).click();
    open(up.url(), "/cases/case-a");
    assertThat(metric("case_status")).isEqualTo("open");
    assertThat(metric("case_card")).isEqualTo("****1111");
    assertThat(browser.text("#features")).contains("amt_z", "3.2500", "km_from_home");
    assertThat(browser.all("#recent tbody tr")).hasSize(3);
    browser.screenshot("case");
    browser.open(up.url() + "/cases/no-such-case");
    assertThat(browser.text("h1")).isEqualTo("Not found");
    assertThat(browser.errors()).singleElement().asString().contains("no-such-case", "404");
  }

  @Test
  @Order(5)
  void nightlyShowsTheLoadsTheLakeJobsAndTheChampion() throws Exception {
    open(up.url(), "/nightly");
    assertThat(browser.text("#loads tr[data-row='fact_transactions/2019-01-05']"))
        .contains("43,752", "loaded");
    assertThat(browser.text("#loads tr[data-row='fact_transactions/2019-01-06']"))
        .contains("failed", "COPY failed");
    assertThat(metric("failed_loads")).isEqualTo("1");
    assertThat(browser.text("#lake-commits tr[data-row='gold/regional_daily@0']"))
        .contains("analytics", "WRITE", "32,057");
    assertThat(browser.text("#lake-commits tr[data-row='feedback/labels@1']"))
        .contains("feedback-labels", "MERGE", "781 ms");
    assertThat(metric("champion")).isEqualTo(Seed.CHAMPION);
    assertThat(metric("champion-pr-auc")).isEqualTo("0.7209");
    assertThat(browser.all("#versions tbody tr")).hasSize(2);
    assertThat(metric("labels_from_analysts")).isEqualTo("2");
    assertThat(metric("labels_from_customers")).isEqualTo("1");
    for (String img : List.of("pr-curve", "roc-curve")) {
      Number w =
          (Number) browser.js("return document.getElementById(arguments[0]).naturalWidth", img);
      assertThat(w.intValue()).as(img).isPositive();
    }
    assertThat(browser.assertChartsRendered()).isEqualTo(2);
    browser.screenshot("nightly");
    open(up.url(), "/nightly/models/" + Seed.CHAMPION);
    assertThat(metric("model-version")).isEqualTo(Seed.CHAMPION);
    assertThat(browser.assertChartsRendered()).isEqualTo(2);
    browser.screenshot("training-report-served");
  }

  @Test
  @Order(6)
  void topicsShowOffsetsAndMaskedMessages() throws Exception {
    open(up.url(), "/topics");
    assertThat(browser.text("#topics tr[data-row=transactions] [data-messages]")).isEqualTo("40");
    assertThat(browser.all("#topics tbody tr")).hasSizeGreaterThanOrEqualTo(10);
    assertThat(browser.assertChartsRendered()).isEqualTo(1);
    browser.screenshot("topics");
    open(up.url(), "/topics/transactions");
    List<WebElement> messages = browser.all("#messages tbody tr");
    assertThat(messages).hasSize(10);
    assertThat(messages.get(0).getText()).contains("\"cc_num\":\"***\"", "\"first\":\"***\"");
    browser.screenshot("topic-transactions");
    // A dead letter whose payload (a record nested as a JSON string) was not masked by the
    // stream: the console blanks its fields too.
    open(up.url(), "/topics/transactions.dlq");
    assertThat(browser.text("#messages tr[data-row='1/0']"))
        .contains("BAD_CARD_NUMBER", "\\\"cc_num\\\":\\\"***\\\"", "\\\"first\\\":\\\"***\\\"")
        .doesNotContain("1111");
  }

  @Test
  @Order(7)
  void everyPageSaysWhatIsDownWhenTheStackIsDown() throws Exception {
    browser.open(down.url() + "/login");
    login(key);
    for (String page : List.of("/stream", "/decisions", "/cases", "/nightly", "/topics")) {
      open(down.url(), page);
      assertThat(browser.driver.getPageSource()).doesNotContain("Exception\n\tat ", ".java:");
      browser.screenshot("down" + page.replace('/', '-'));
    }
    open(down.url(), "/stream");
    assertThat(browser.all("[data-stream-state=never]")).hasSize(1);
    assertThat(browser.text("[data-source-state=down]")).contains("Kafka", "is not reachable");
    open(down.url(), "/decisions");
    assertThat(browser.text("[data-source-state=down]")).contains("Kafka", "is not reachable");
    open(down.url(), "/cases");
    assertThat(browser.text("[data-source-state=down]")).contains("DynamoDB", "is not reachable");
    open(down.url(), "/nightly");
    assertThat(browser.text("[data-source-state=down]")).contains("warehouse", "is not reachable");
    assertThat(browser.driver.getPageSource()).contains("No model trained yet");
  }

  @Test
  @Order(8)
  void aStreamWhoseFirstBatchIsStillRunningIsStarting() throws Exception {
    // The stream planned its first batch (the offset log) but has not committed it: no status
    // file, no commit yet. The down console reads this state directory.
    Path cp = tmp.resolve("empty-state/checkpoints/scoring");
    Files.createDirectories(cp.resolve("offsets"));
    Files.createDirectories(cp.resolve("sources/0"));
    Files.writeString(cp.resolve("metadata"), "{\"id\":\"it-first\"}");
    Files.writeString(cp.resolve("sources/0/0"), "v1\n{\"transactions\":{\"1\":0,\"0\":0}}");
    Files.writeString(
        cp.resolve("offsets/0"),
        "v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":"
            + Instant.now().minusSeconds(20).toEpochMilli()
            + ",\"conf\":{}}\n{\"transactions\":{\"1\":9,\"0\":7}}");
    open(down.url(), "/stream");
    assertThat(browser.all("[data-stream-state=starting]")).hasSize(1);
    assertThat(browser.text("[data-stream-state]")).contains("batch #0", "no batch has finished");
    assertThat(browser.text("#batches tr[data-row='0']")).contains("16", "running");
    browser.screenshot("stream-starting");
  }

  @Test
  @Order(9)
  void theReportsAreSelfContainedPagesWithTheirCharts() throws Exception {
    Path summary = tmp.resolve("demo-summary.json");
    Files.writeString(summary, Seed.resource("demo/demo-summary.json"));
    Path demo = tmp.resolve("reports/demo-summary.html");
    Reports.writeDemoSummary(summary, demo);
    Path training = tmp.resolve("reports/training-report.html");
    Reports.writeTrainingReport(
        state.resolve("lake/models/fraud").resolve(Seed.CHAMPION), training);

    browser.open(demo.toUri().toString());
    assertThat(browser.errors()).isEmpty();
    assertThat(browser.text("#flow tr[data-row=silver]")).endsWith("43,752");
    assertThat(browser.text("#decisions tr[data-row=DECLINE]")).endsWith("220");
    assertThat(browser.text("#phases tr[data-row=train]")).endsWith("61.7");
    assertThat(browser.assertChartsRendered()).isEqualTo(5);
    browser.screenshot("report-demo-summary");

    browser.open(training.toUri().toString());
    assertThat(browser.errors()).isEmpty();
    assertThat(metric("model-pr-auc")).isEqualTo("0.7209");
    assertThat(browser.assertChartsRendered()).isEqualTo(2);
    Number w = (Number) browser.js("return document.getElementById('pr-curve').naturalWidth");
    assertThat(w.intValue()).isPositive();
    browser.screenshot("report-training");
  }

  @Test
  @Order(10)
  void aKinesisStreamShowsTheBacklogOfEachShard() throws Exception {
    // A two-shard stream in the real emulator: shard 0 holds 5 records and the checkpoint's last
    // committed batch ends after its second; shard 1 holds 4 and the stream has read none of it.
    try (Kinesalite kinesalite = Kinesalite.start();
        KinesisClient k =
            KinesisClients.create(kinesalite.endpoint(), "us-east-1", Duration.ofSeconds(10))) {
      k.createStream(b -> b.streamName("it-transactions").shardCount(2));
      List<String> shard0 = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        boolean first = i < 5;
        String hashKey = first ? "0" : BigInteger.TWO.pow(127).add(BigInteger.ONE).toString();
        int n = i;
        var r =
            k.putRecord(
                b ->
                    b.streamName("it-transactions")
                        .partitionKey("card-" + n)
                        .explicitHashKey(hashKey)
                        .data(SdkBytes.fromUtf8String("{\"trans_num\":\"k" + n + "\"}")));
        if (first) {
          shard0.add(r.sequenceNumber());
        }
      }
      String shard0Id = "shardId-000000000000";
      String shard1Id = "shardId-000000000001";
      Path kstate = Files.createDirectories(tmp.resolve("kinesis-state"));
      Path cp = Files.createDirectories(kstate.resolve("checkpoints/scoring"));
      Files.createDirectories(cp.resolve("offsets"));
      Files.createDirectories(cp.resolve("commits"));
      Files.writeString(cp.resolve("metadata"), "{\"id\":\"it-kinesis\"}");
      Files.writeString(
          cp.resolve("offsets/0"),
          "v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":"
              + Instant.now().minusSeconds(10).toEpochMilli()
              + ",\"conf\":{}}\n{\"shards\":{\""
              + shard0Id
              + "\":{\"position\":\"AFTER\",\"value\":\""
              + shard0.get(1)
              + "\"},\""
              + shard1Id
              + "\":{\"position\":\"TRIM_HORIZON\"}}}");
      Files.writeString(cp.resolve("commits/0"), "v1\n{\"nextBatchWatermarkMs\":0}");
      JvmLauncher.Running kin =
          ConsoleProcess.start(
              home,
              0,
              tmp.resolve("console-kinesis.log"),
              Map.of(),
              "--state-dir",
              kstate.toString(),
              "--kinesis-stream",
              "it-transactions",
              "--kinesis-endpoint",
              kinesalite.endpoint(),
              "--api-keys-file",
              tmp.resolve("api-keys.json").toString());
      try {
        browser.open(kin.url() + "/login?next=%2Fstream");
        login(key);
        assertThat(browser.errors()).isEmpty();
        assertThat(browser.text("[data-stream-state]")).contains("7 records waiting");
        assertThat(browser.text("#lag tr[data-row='it-transactions/" + shard0Id + "'] [data-lag]"))
            .isEqualTo("3");
        assertThat(browser.text("#lag tr[data-row='it-transactions/" + shard0Id + "']"))
            .contains("sequence " + shard0.get(1), "open", "ago");
        assertThat(browser.text("#lag tr[data-row='it-transactions/" + shard1Id + "'] [data-lag]"))
            .isEqualTo("4");
        assertThat(browser.text("#lag tr[data-row='it-transactions/" + shard1Id + "']"))
            .contains("nothing read yet");
        assertThat(browser.assertChartsRendered()).isGreaterThanOrEqualTo(1);
        browser.screenshot("stream-kinesis");
      } finally {
        kin.stop();
      }
    }
  }
}

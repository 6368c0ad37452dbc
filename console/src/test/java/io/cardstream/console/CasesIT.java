package io.cardstream.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.aws.DynamoCases;
import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.Cases;
import io.cardstream.common.feedback.FeedbackEvent;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Topics;
import io.cardstream.service.ApiKeys;
import io.cardstream.service.JvmLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Analysts work the review queue in a real headless Chromium: a case resolved from its page's form
 * (the answer, the masked note and the audit on the case, the feedback event on the topic), a
 * second resolution of a case resolved elsewhere refused, forged forms refused, the queue's
 * filters. Real Kafka and DynamoDB Local ({@link Services}), the console as its own JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CasesIT {

  @TempDir static Path tmp;

  private static final String CARD_A = "a1".repeat(32);
  private static final String CARD_B = "b2".repeat(32);
  private static final String CARD_C = "c3".repeat(32);

  private Services services;
  private DynamoDbClient ddb;
  private JvmLauncher.Running console;
  private Browser browser;
  private String key;

  @BeforeAll
  void start() throws Exception {
    Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    services = new Services(home, Files.createDirectories(tmp.resolve("services"))).start();
    Seed.topics(services.kafkaBootstrap());
    ddb = Seed.dynamodb(services.dynamodbEndpoint());
    Seed.dynamodb(ddb);
    queue(Instant.now());
    Path keys = tmp.resolve("api-keys.json");
    key = ApiKeys.addKey(keys, "it-analyst", "analyst");
    console =
        ConsoleProcess.start(
            home,
            0,
            tmp.resolve("console.log"),
            Map.of(),
            "--state-dir",
            Files.createDirectories(tmp.resolve("state")).toString(),
            "--kafka-bootstrap",
            services.kafkaBootstrap(),
            "--dynamodb-endpoint",
            services.dynamodbEndpoint(),
            "--api-keys-file",
            keys.toString());
    browser = new Browser(Path.of(System.getProperty("console.screenshots", "target/screenshots")));
    browser.open(console.url() + "/login?next=%2Fcases");
    WebElement input = browser.driver.findElement(By.id("key"));
    input.sendKeys(key);
    browser.driver.findElement(By.id("login")).click();
    browser.waitForNewPage(input);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (console != null) {
      console.stop();
    }
    if (ddb != null) {
      ddb.close();
    }
    if (services != null) {
      services.close();
    }
    assertThat(Files.readString(tmp.resolve("console.log"))).doesNotContain(Seed.PAN, key);
  }

  private String casePath(String transNum, String card) {
    return console.url() + "/cases/" + transNum + "?card=" + card;
  }

  /** Chooses the answer, types the note and sends the form; waits for the answer's page. */
  private void resolve(String answer, String note) {
    browser.driver.findElement(By.id("answer-" + answer)).click();
    WebElement text = browser.driver.findElement(By.id("note"));
    if (note != null) {
      text.sendKeys(note);
    }
    WebElement button = browser.driver.findElement(By.id("resolve-submit"));
    button.click();
    browser.waitForNewPage(button);
  }

  private Map<String, AttributeValue> item(String transNum, String card) {
    return ddb.getItem(
            g ->
                g.tableName(DynamoTables.FRAUD_AUDIT)
                    .key(Map.of("trans_num", Seed.s(transNum), "card_id", Seed.s(card)))
                    .consistentRead(true))
        .item();
  }

  @Test
  @Order(1)
  void anAnalystResolvesACaseWithANoteWhoseCardNumberIsMasked() throws Exception {
    browser.open(casePath("case-a", CARD_A));
    assertThat(browser.errors()).isEmpty();
    assertThat(browser.all("form#resolve")).hasSize(1);
    resolve("confirmed_fraud", "Cardholder called: card " + Seed.PAN + " was stolen");
    assertThat(browser.errors()).isEmpty();
    assertThat(browser.driver.getCurrentUrl()).contains("/cases/case-a", "resolved=1");
    assertThat(browser.text("[data-notice=ok]")).contains("Resolved");
    assertThat(browser.text("[data-metric=case_status]")).isEqualTo("confirmed_fraud");
    assertThat(browser.text("#audit tr[data-row=by]")).endsWith("it-analyst");
    assertThat(browser.text("#audit tr[data-row=source]")).endsWith("analyst");
    assertThat(browser.text("#audit tr[data-row=note]"))
        .contains("Cardholder called: card ************1111 was stolen");
    assertThat(browser.all("form#resolve")).isEmpty();
    assertThat(browser.driver.getPageSource()).doesNotContain(Seed.PAN);
    browser.screenshot("case-resolved");

    Map<String, AttributeValue> stored = item("case-a", CARD_A);
    assertThat(stored.get("case_status").s()).isEqualTo("confirmed_fraud");
    assertThat(stored.get("resolved_by").s()).isEqualTo("it-analyst");
    assertThat(stored.get("resolution_source").s()).isEqualTo("analyst");
    assertThat(stored.get("resolution_note").s()).doesNotContain(Seed.PAN).contains("1111");

    // The same typed event as a customer's answer, so the labels job takes it.
    FeedbackEvent event = feedback("case-a");
    assertThat(event.cardId()).isEqualTo(CARD_A);
    assertThat(event.answer()).isEqualTo(Answer.CONFIRMED_FRAUD);
    assertThat(event.source()).isEqualTo(FeedbackEvent.ANALYST);
    assertThat(event.channel()).isEqualTo("console");
    assertThat(event.by()).isEqualTo("it-analyst");
  }

  @Test
  @Order(2)
  void aCaseResolvedElsewhereMeanwhileIsNotOverwritten() throws Exception {
    browser.open(casePath("case-b", CARD_B));
    assertThat(browser.all("form#resolve")).hasSize(1);
    // Another analyst answers through the API while this page is open.
    Cases cases = new DynamoCases(ddb, "");
    assertThat(
            cases.resolve(
                "case-b", CARD_B, Answer.NOT_FRAUD, "analyst", "other-analyst", Instant.now()))
        .isEqualTo(Cases.Outcome.RESOLVED);
    resolve("confirmed_fraud", "too late");
    assertThat(browser.errors()).singleElement().asString().contains("409");
    assertThat(browser.text("[data-notice=bad]")).contains("resolved elsewhere meanwhile");
    assertThat(browser.text("[data-metric=case_status]")).isEqualTo("not_fraud");
    assertThat(browser.text("#audit tr[data-row=by]")).endsWith("other-analyst");
    Map<String, AttributeValue> stored = item("case-b", CARD_B);
    assertThat(stored.get("case_status").s()).isEqualTo("not_fraud");
    assertThat(stored.get("resolved_by").s()).isEqualTo("other-analyst");
    assertThat(stored).doesNotContainKey("resolution_note");
    browser.screenshot("case-conflict");
  }

  @Test
  @Order(3)
  void aFormWithoutTheSessionsTokenIsRefused() throws Exception {
    // The console's own page with its token changed (a script, or a stale page of another session).
    browser.open(casePath("case-c", CARD_C));
    browser.js("document.querySelector('form#resolve input[name=csrf]').value = 'forged'");
    resolve("not_fraud", null);
    assertThat(browser.text("h1")).isEqualTo("Form refused");
    assertThat(browser.errors()).singleElement().asString().contains("403");
    // A page of another site posting to the console: the session cookie (SameSite=Strict) is not
    // sent, and the token is unknown.
    Path forged = tmp.resolve("forged.html");
    Files.writeString(
        forged,
        "<!DOCTYPE html><html><body><form id=\"f\" method=\"post\" action=\""
            + console.url()
            + "/cases/case-c/resolve\"><input name=\"card\" value=\""
            + CARD_C
            + "\"><input name=\"answer\" value=\"confirmed_fraud\"><button id=\"go\">go</button>"
            + "</form></body></html>");
    browser.open(forged.toUri().toString());
    WebElement go = browser.driver.findElement(By.id("go"));
    go.click();
    browser.waitForNewPage(go);
    assertThat(browser.driver.getPageSource()).doesNotContain("Resolved");
    browser.errors();
    assertThat(item("case-c", CARD_C)).doesNotContainKey("case_status");
    browser.open(casePath("case-c", CARD_C));
    assertThat(browser.text("[data-metric=case_status]")).isEqualTo("open");
  }

  /**
   * {@value #QUEUED} more open cases: every other one a REVIEW, amounts 50 to 2,340, every third
   * over 1,000 by rule, the first ten opened two days ago and the others minutes ago (their event
   * times are years old).
   */
  private void queue(Instant now) {
    for (int i = 0; i < QUEUED; i++) {
      Map<String, AttributeValue> item =
          new java.util.HashMap<>(
              Seed.audit(
                  String.format("q-%03d", i),
                  "e5".repeat(32),
                  "5555",
                  "2019-03-01T09:00:00Z",
                  50 + 10.0 * i,
                  "fraud_Queue " + i,
                  i % 2 == 0 ? "REVIEW" : "DECLINE",
                  0.5,
                  i % 3 == 0 ? List.of("amount_over_1000") : List.of("score:review"),
                  null,
                  null));
      Instant opened = (i < 10 ? now.minus(Duration.ofDays(2)) : now).minusSeconds(60L * i);
      item.put("opened_at", Seed.s(opened.toString()));
      Seed.put(ddb, item);
    }
  }

  private static final int QUEUED = 230;

  @Test
  @Order(4)
  void theQueueIsFilteredPagedAndCountedWithReasonsInWords() throws Exception {
    // case-a and case-b were resolved above; case-c and the queued ones are open.
    browser.open(console.url() + "/cases");
    assertThat(browser.errors()).isEmpty();
    assertThat(browser.text("[data-metric=open_cases]")).isEqualTo("231");
    assertThat(browser.text("[data-metric=resolved_today]")).isEqualTo("2");
    assertThat(browser.text("#resolved-by tr[data-row=it-analyst]")).endsWith("1");
    assertThat(browser.text("#resolved-by tr[data-row=other-analyst]")).endsWith("1");
    assertThat(browser.all("#open-cases tbody tr")).hasSize(200);
    // Oldest first by when the stream opened the case; case-c has no open time: its event time.
    assertThat(browser.all("#open-cases tbody tr").get(0).getAttribute("data-row"))
        .isEqualTo("case-c");
    assertThat(browser.all("#open-cases tbody tr").get(1).getAttribute("data-row"))
        .isEqualTo("q-009");
    assertThat(browser.text("#open-cases tr[data-row=q-000]"))
        .contains("the amount is over", "amount_over_1000", "2 d");
    assertThat(browser.text("#open-cases tr[data-row=q-001]"))
        .contains("our fraud model rates the payment as possibly fraud", "score:review");
    browser.screenshot("cases-queue");
    WebElement next = browser.driver.findElement(By.cssSelector("#pager a[rel=next]"));
    next.click();
    browser.waitForNewPage(next);
    assertThat(browser.text("[data-metric=page]")).isEqualTo("2");
    assertThat(browser.all("#open-cases tbody tr")).hasSize(31);

    // The filters' form: REVIEW cases of 1,000 or more.
    browser.open(console.url() + "/cases?order=amount");
    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("filter-decision")))
        .selectByValue("REVIEW");
    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("filter-amount")))
        .selectByValue("1000-plus");
    WebElement filter = browser.driver.findElement(By.id("filter-submit"));
    filter.click();
    browser.waitForNewPage(filter);
    assertThat(browser.errors()).isEmpty();
    long expected =
        java.util.stream.IntStream.range(0, QUEUED)
            .filter(i -> i % 2 == 0 && 50 + 10.0 * i >= 1000)
            .count();
    assertThat(browser.text("[data-metric=matching_cases]")).isEqualTo(String.valueOf(expected));
    List<WebElement> rows = browser.all("#open-cases tbody tr");
    assertThat(rows).hasSize((int) expected);
    assertThat(rows).allSatisfy(r -> assertThat(r.getText()).contains("REVIEW"));
    assertThat(rows.get(0).getAttribute("data-row")).isEqualTo("q-228");
    browser.screenshot("cases-filtered");

    assertThat(rowsOf("/cases?card=3333")).containsExactly("case-c");
    assertThat(rowsOf("/cases?age=1d")).hasSize(11).contains("case-c", "q-000", "q-009");
    assertThat(rowsOf("/cases?reason=amount_over_1000"))
        .hasSize((int) java.util.stream.IntStream.range(0, QUEUED).filter(i -> i % 3 == 0).count());

    // The next open case is one click from a case.
    browser.open(casePath("case-c", CARD_C));
    WebElement link = browser.driver.findElement(By.cssSelector("#next-case a"));
    assertThat(link.getText()).isEqualTo("q-009");
    link.click();
    browser.waitForNewPage(link);
    assertThat(browser.text("h1")).isEqualTo("Case q-009");
    assertThat(browser.text("#case tr[data-row=reasons]"))
        .contains("the amount is over 1000", "amount_over_1000");
  }

  private List<String> rowsOf(String path) {
    browser.open(console.url() + path);
    assertThat(browser.errors()).as(path).isEmpty();
    return browser.all("#open-cases tbody tr").stream()
        .map(r -> r.getAttribute("data-row"))
        .toList();
  }

  /** The feedback event of {@code transNum} on the topic (waits up to 20 s). */
  private FeedbackEvent feedback(String transNum) {
    try (KafkaConsumer<String, String> c =
        KafkaClients.consumer(services.kafkaBootstrap(), KafkaAuth.NONE, Map.of())) {
      c.assign(KafkaClients.partitions(c, Topics.FEEDBACK));
      c.seekToBeginning(c.assignment());
      List<FeedbackEvent> seen = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          FeedbackEvent e = FeedbackEvent.fromJson(r.value());
          if (e.transNum().equals(transNum)) {
            return e;
          }
          seen.add(e);
        }
      }
      throw new AssertionError("no feedback event for " + transNum + " on the topic: " + seen);
    }
  }
}

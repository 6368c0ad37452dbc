package io.cardstream.common.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSummaryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static DemoSummary passing() throws Exception {
    Map<String, String> answers = new LinkedHashMap<>();
    answers.put("t1", "confirmed_fraud");
    answers.put("t2", "not_fraud");
    answers.put("t3", "confirmed_fraud");
    answers.put("t4", "not_fraud");
    return new DemoSummary(
        "in.csv",
        "kafka",
        Map.of("rows", 100L, "fraud_rows", 2L),
        100,
        101,
        new DemoSummary.Collector(10, 3, Map.of("MISSING_ID", 3L)),
        Map.of(),
        95,
        95,
        95,
        95,
        101,
        101,
        0,
        Map.of(),
        101,
        4,
        Map.of("APPROVE", 97L, "REVIEW", 2L, "DECLINE", 2L),
        List.of("v1"),
        1,
        List.of("seed", "demo"),
        new DemoSummary.Notifications(5, 0, 1),
        4,
        4,
        new DemoSummary.CustomerLoop(Map.of("sent", 5L), 3, 2, answers, true, 4, 4, 1),
        "v1",
        true,
        JSON.readTree("{\"pr_auc\": 0.7}"),
        JSON.readTree("{\"amount_over_1000\": {\"pr_auc\": 0.05}}"),
        "file:/lake/models/fraud/v1",
        Map.of("regional_daily", 10L),
        Map.of("fact_transactions", 101L, "regional_daily", 10L),
        List.of("cardstream.scored_transactions: registered"),
        Map.of("stack", 1.5),
        false,
        0);
  }

  @Test
  void aRunThatDidEverythingPasses() throws Exception {
    DemoSummary s = passing().judged(12.5);
    assertThat(s.failedChecks()).isEmpty();
    assertThat(s.ok()).isTrue();
    assertThat(s.seconds()).isEqualTo(12.5);
  }

  @Test
  void eachFailedCheckIsNamed() throws Exception {
    DemoSummary p = passing();
    DemoSummary lostOne =
        new DemoSummary(
            p.input(),
            p.source(),
            p.generated(),
            p.read(),
            p.produced(),
            p.collector(),
            p.rejectedAtSource(),
            p.sentBeforeConsume(),
            p.consumed() - 1,
            p.consumedValid() - 1,
            p.distinctIds(),
            p.bronze(),
            p.silver(),
            p.quarantine(),
            p.quarantineReasons(),
            p.dynamodbTransactions(),
            p.fraudAudit(),
            p.decisions(),
            p.streamModelVersions(),
            p.flaggedDeclined(),
            p.rulesVersions(),
            p.notifications(),
            p.feedbackLabels(),
            p.casesResolved(),
            new DemoSummary.CustomerLoop(Map.of(), 3, 2, p.customerLoop().answers(), true, 4, 3, 1),
            p.modelVersion(),
            p.modelPromoted(),
            p.model(),
            p.baselines(),
            p.modelDir(),
            p.gold(),
            Map.of("fact_transactions", 100L),
            p.catalog(),
            p.phaseSeconds(),
            true,
            0);
    assertThat(lostOne.judged(1).ok()).isFalse();
    assertThat(lostOne.failedChecks())
        .containsExactly(
            "what was sent was read back",
            "the customer loop answered",
            "the warehouse's facts are silver's rows");
  }

  @Test
  void theLoopNeedsTheAnswerGivenThroughTheConsole() throws Exception {
    DemoSummary.CustomerLoop l = passing().customerLoop();
    assertThat(l.ok()).isTrue();
    assertThat(
            new DemoSummary.CustomerLoop(l.notifications(), 3, 2, l.answers(), true, 4, 4, 0).ok())
        .isFalse();
  }

  @Test
  void itIsWrittenInSnakeCaseAndReadBackTheSame(@TempDir Path dir) throws Exception {
    DemoSummary s = passing().judged(3);
    Path file = dir.resolve("demo-summary.json");
    s.write(file);
    String json = Files.readString(file);
    assertThat(json)
        .contains("\"rejected_at_source\"", "\"customer_loop\"", "\"replayed_link_refused\"")
        .contains("\"phase_seconds\"", "\"no_contact\"", "\"rejected_reasons\"");
    assertThat(DemoSummary.read(file)).isEqualTo(s);
    assertThat(JSON.readTree(json).fieldNames())
        .toIterable()
        .startsWith("input", "source", "generated", "read", "produced", "collector");
  }

  @Test
  void anOlderSummaryWithoutTheNewerKeysStillReads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("old.json");
    Files.writeString(
        file,
        "{\"input\": \"x.csv\", \"read\": 7, \"silver\": 7, \"decisions\": {\"APPROVE\": 7},"
            + " \"customer_loop\": {\"labels\": 3, \"answers\": {}}, \"ok\": true,"
            + " \"something_else\": 1}");
    DemoSummary s = DemoSummary.read(file);
    assertThat(s.read()).isEqualTo(7);
    assertThat(s.decisions()).containsEntry("APPROVE", 7L);
    assertThat(s.customerLoop().labels()).isEqualTo(3);
    assertThat(s.ok()).isTrue();
    assertThat(s.source()).isNull();
  }
}

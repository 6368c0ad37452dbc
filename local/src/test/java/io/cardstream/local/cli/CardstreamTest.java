package io.cardstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardstreamTest {

  private static String[] run(String... args) {
    StringWriter err = new StringWriter();
    int code = Cardstream.execute(new PrintWriter(err, true), args);
    return new String[] {Integer.toString(code), err.toString()};
  }

  @Test
  void generateWritesADeterministicKaggleFile(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    String[] common = {"generate", "--customers", "20", "--days", "5", "--seed", "9"};
    assertThat(run(concat(common, "--out", a.toString()))[0]).isEqualTo("0");
    assertThat(run(concat(common, "--out", b.toString()))[0]).isEqualTo("0");
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    List<ParseResult> rows = new ArrayList<>();
    TransactionFiles.read(a, InputFormat.KAGGLE, ReaderOptions.defaults(), 0, rows::add);
    assertThat(rows).isNotEmpty().allMatch(ParseResult::isValid);
  }

  @Test
  void badOptionsGiveAClearErrorAndNonZeroExit(@TempDir Path dir) {
    String[] r = run("generate", "--customers", "0", "--out", dir.resolve("x.csv").toString());
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).contains("cardstream: error: customers must be between 1 and 5000000, got 0");

    r = run("produce", "--input", "x.csv", "--format", "parquet", "--bootstrap", "127.0.0.1:1");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).contains("unknown input format 'parquet': use one of kaggle, paysim, json");

    r =
        run(
            "produce",
            "--input",
            dir.resolve("missing.csv").toString(),
            "--format",
            "kaggle",
            "--bootstrap",
            "127.0.0.1:1");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).contains("does not exist or is not a regular file");

    // No local broker speaks MSK IAM: the stack refuses instead of starting a plaintext one.
    r = run("stack", "up", "--kafka-auth", "msk-iam", "--state-dir", dir.resolve("s").toString());
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1])
        .contains("--kafka-auth msk-iam is for MSK brokers given with --kafka-bootstrap");
    assertThat(dir.resolve("s")).doesNotExist();
  }

  @Test
  void anInvalidRulesFileIsRefusedBeforeAnythingIsPublished(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.json");
    java.nio.file.Files.writeString(
        rules,
        "{\"version\": \"bad-1\", \"model\": {\"review_threshold\": 0.9,"
            + " \"decline_threshold\": 0.3}, \"rules\": []}");
    // The broker address is never reached: validation comes first.
    String[] r = run("rules", "publish", "--file", rules.toString(), "--bootstrap", "127.0.0.1:1");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1])
        .contains(
            "cardstream: error: "
                + rules
                + ": model thresholds must satisfy 0 <= review_threshold <= decline_threshold <= 1");
    java.nio.file.Files.writeString(
        rules,
        io.cardstream.common.decision.RuleSet.defaultDocument()
            .replace("\"2026-11-22.1\"", "\"2026-11-22.1 (card 4111 1111 1111 1111)\""));
    r = run("rules", "publish", "--file", rules.toString(), "--bootstrap", "127.0.0.1:1");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1])
        .contains("cardstream: error: " + rules + ": version holds what looks like a card number")
        .doesNotContain("4111");
    r = run("flag", "--token", "a".repeat(64), "--bootstrap", "127.0.0.1:1");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("Missing required option: '--reason=<reason>'");
  }

  @Test
  void aFlagReasonHoldingACardNumberIsRefusedBeforeAnythingIsPublished() {
    // The broker address is never reached: the reason is checked first.
    String[] r =
        run(
            "flag",
            "--card",
            "5555555555554444",
            "--reason",
            "stolen, also 4111 1111 1111 1111",
            "--bootstrap",
            "127.0.0.1:1");

    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1])
        .contains(
            "cardstream: error: the reason holds what looks like a card number; give the card with"
                + " --card, never in the reason")
        .doesNotContain("4111")
        .doesNotContain("5555");

    r = run("unflag", "--token", "a".repeat(64), "--reason", "a\u0007b", "--bootstrap", "x:1");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).contains("cardstream: error: the reason holds a control or invisible");
  }

  @Test
  void commandsThatNeedTheStackSayHowToStartIt(@TempDir Path dir) {
    String[] r = run("consume", "--state-dir", dir.toString());
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).contains("the local stack is not running").contains("bin/cardstream stack up");
  }

  @Test
  void statusOfAStackThatWasNeverStartedIsDown(@TempDir Path dir) {
    assertThat(run("stack", "status", "--state-dir", dir.toString())[0]).isEqualTo("3");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theJobCatalogueNamesEachJobsClassJarAndOptions() {
    List<java.util.Map<String, Object>> jobs = JobsCommand.catalogue();
    assertThat(jobs)
        .extracting(j -> j.get("name"))
        .containsExactly(
            "stream",
            "topics",
            "notifier",
            "feedback-labels",
            "train",
            "analytics",
            "quality-gate",
            "warehouse-load",
            "catalog",
            "maintenance");
    java.util.Map<String, Object> analytics = jobs.get(5);
    assertThat(analytics.get("main_class")).isEqualTo("io.cardstream.batch.AnalyticsJob");
    assertThat((String) analytics.get("jar"))
        .matches("jobs/batch/target/cardstream-batch-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?-emr\\.jar");
    assertThat((List<java.util.Map<String, Object>>) analytics.get("options"))
        .extracting(o -> o.get("names").toString() + " required=" + o.get("required"))
        .containsExactly(
            "[--lake] required=true",
            "[--run-date] required=true",
            "[--end-date] required=false",
            "[--delta-log-table] required=false",
            "[--delta-log-region] required=false",
            "[--delta-log-endpoint] required=false");
  }

  @Test
  void batchJobsRefuseBadDatesBeforeStartingSpark() {
    String[] r = run("analytics", "--lake", "/tmp/x", "--run-date", "2019-02-30");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("Invalid value for option '--run-date'");
    r =
        run(
            "quality-gate",
            "--lake",
            "/tmp/x",
            "--run-date",
            "2019-02-03",
            "--end-date",
            "2019-02-01");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1])
        .contains("--end-date 2019-02-01 is before --run-date 2019-02-03: give an inclusive range");
  }

  @Test
  void unknownOptionIsAUsageError() {
    String[] r = run("generate", "--out", "x.csv", "--colour", "red");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("Unknown options: '--colour', 'red'");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

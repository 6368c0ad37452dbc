package io.cardstream.common.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.cardstream.common.lake.WarehouseTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of the demo did ({@code .cardstream/demo-summary.json}): records per stage and sink,
 * decisions, the customer loop, the model, the nightly batch and the time per phase. The demo
 * writes it, the console's summary page reads it, and {@link #failedChecks} is the demo's pass/fail
 * rule. Counts of a missing section read as zero.
 *
 * @param generated rows and fraud rows the generator wrote; empty when an input file was given
 * @param read records read from the input
 * @param produced events sent into the stream (straight and through the collector)
 * @param sentBeforeConsume what the first two parts sent, read back before the third
 * @param consumed events read back from the topic or stream after the first two parts
 * @param model the model's metrics on the test period; {@code baselines} the seed rules' and
 *     others'
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DemoSummary(
    String input,
    String source,
    Map<String, Long> generated,
    long read,
    long produced,
    Collector collector,
    Map<String, Long> rejectedAtSource,
    long sentBeforeConsume,
    long consumed,
    long consumedValid,
    long distinctIds,
    long bronze,
    long silver,
    long quarantine,
    Map<String, Long> quarantineReasons,
    long dynamodbTransactions,
    long fraudAudit,
    Map<String, Long> decisions,
    List<String> streamModelVersions,
    long flaggedDeclined,
    List<String> rulesVersions,
    Notifications notifications,
    long feedbackLabels,
    long casesResolved,
    CustomerLoop customerLoop,
    String modelVersion,
    boolean modelPromoted,
    JsonNode model,
    JsonNode baselines,
    String modelDir,
    Map<String, Long> gold,
    Map<String, Long> warehouse,
    List<String> catalog,
    Map<String, Double> phaseSeconds,
    boolean ok,
    double seconds) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What the HTTP collector took and refused, by reason. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Collector(long accepted, long rejected, Map<String, Long> rejectedReasons) {}

  /** The notifier's e-mails by outcome. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Notifications(long sent, long failed, long noContact) {}

  /**
   * The customer loop: the notifier's outcomes, the e-mails, the answers given by trans_num, and
   * how many of them the labels table holds with the label they call for.
   *
   * @param consoleAnswers answers an analyst gave through the console's case page (its form)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CustomerLoop(
      Map<String, Long> notifications,
      int alertMails,
      int noticeMails,
      Map<String, String> answers,
      boolean replayedLinkRefused,
      int labels,
      int answersLabelled,
      int consoleAnswers) {

    /**
     * The answers the demo gives, in order: a customer's two, an analyst's through the API, one
     * through the console's form.
     */
    public static final List<String> ANSWERS =
        List.of("confirmed_fraud", "not_fraud", "confirmed_fraud", "not_fraud");

    /**
     * Two alert e-mails answered, the used link refused, one answer through the console, every
     * answer labelled as given.
     */
    public boolean ok() {
      return alertMails >= 2
          && replayedLinkRefused
          && answers != null
          && List.copyOf(answers.values()).equals(ANSWERS)
          && consoleAnswers == 1
          && answersLabelled == answers.size();
    }
  }

  /** The checks a run must pass, by name, that it failed: none when it passed. */
  public List<String> failedChecks() {
    Map<String, Boolean> checks = new LinkedHashMap<>();
    checks.put(
        "the warehouse holds every table",
        warehouse != null
            && !warehouse.isEmpty()
            && warehouse.values().stream().allMatch(n -> n != null && n > 0));
    checks.put("what was sent was read back", sentBeforeConsume == consumed);
    checks.put("every message read back is valid", consumedValid == consumed);
    checks.put("silver holds every event", silver == produced);
    checks.put("bronze holds every event", bronze == produced);
    checks.put("the flagged card was declined", flaggedDeclined > 0);
    checks.put("both rules versions decided", rulesVersions != null && rulesVersions.size() == 2);
    checks.put("the customer loop answered", customerLoop != null && customerLoop.ok());
    checks.put("the notifier sent e-mails", notifications != null && notifications.sent() > 0);
    // Every date silver holds was loaded: the warehouse's facts are silver's rows.
    checks.put(
        "the warehouse's facts are silver's rows",
        warehouse != null
            && Long.valueOf(silver)
                .equals(warehouse.get(WarehouseTable.FACT_TRANSACTIONS.tableName())));
    return checks.entrySet().stream().filter(c -> !c.getValue()).map(Map.Entry::getKey).toList();
  }

  /** This summary with its verdict ({@link #failedChecks} empty) and total time. */
  public DemoSummary judged(double totalSeconds) {
    return new DemoSummary(
        input,
        source,
        generated,
        read,
        produced,
        collector,
        rejectedAtSource,
        sentBeforeConsume,
        consumed,
        consumedValid,
        distinctIds,
        bronze,
        silver,
        quarantine,
        quarantineReasons,
        dynamodbTransactions,
        fraudAudit,
        decisions,
        streamModelVersions,
        flaggedDeclined,
        rulesVersions,
        notifications,
        feedbackLabels,
        casesResolved,
        customerLoop,
        modelVersion,
        modelPromoted,
        model,
        baselines,
        modelDir,
        gold,
        warehouse,
        catalog,
        phaseSeconds,
        failedChecks().isEmpty(),
        totalSeconds);
  }

  public void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    JSON.writeValue(file.toFile(), this);
  }

  public static DemoSummary read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), DemoSummary.class);
  }

  /** The summary as a JSON tree, as written. */
  public JsonNode toJson() {
    return JSON.valueToTree(this);
  }
}

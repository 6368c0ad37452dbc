package io.cardstream.local.cli;

import io.cardstream.common.aws.DynamoCases;
import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.Case;
import io.cardstream.common.feedback.Cases;
import io.cardstream.common.feedback.FeedbackEvent;
import io.cardstream.common.feedback.FeedbackRecorder;
import io.cardstream.local.stack.AwsClients;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.StackOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code cases list|show|resolve}: the review queue of the local stack for an analyst at a
 * terminal, the same queue and the same one-time resolution as the collector's {@code /cases} API.
 */
@Command(
    name = "cases",
    mixinStandardHelpOptions = true,
    description = "The review queue: open cases, one case, an analyst's answer.",
    subcommands = {CasesCommand.List.class, CasesCommand.Show.class, CasesCommand.Resolve.class})
final class CasesCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("use cases list, cases show <trans_num> or cases resolve <trans_num>");
    return 2;
  }

  /** Options and clients the three share. */
  abstract static class Base implements Callable<Integer> {
    static final String CARD_HELP =
        "The card's token (card_id), when two cards have a case with this trans_num.";

    /** The case of the id (and card); says why on stderr when there is none or several. */
    java.util.Optional<Case> one(DynamoCases cases, String transNum, String card) {
      java.util.List<Case> found =
          cases.find(transNum).stream()
              .filter(c -> card == null || card.equals(c.cardId()))
              .toList();
      if (found.isEmpty()) {
        err().println("no case " + transNum + (card == null ? "" : " for card " + card));
        return java.util.Optional.empty();
      }
      if (found.size() > 1) {
        err()
            .println(
                found.size()
                    + " cards have a case "
                    + transNum
                    + "; give --card with one of: "
                    + String.join(", ", found.stream().map(Case::cardId).toList()));
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(found.get(0));
    }

    @Mixin StackOptions stack;

    @Spec CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    Endpoints endpoints() {
      return stack.endpoints();
    }

    DynamoDbClient dynamo(Endpoints e) {
      return AwsClients.dynamodb(e);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The open cases (REVIEW and DECLINE nobody answered yet).")
  static final class List extends Base {
    @Option(
        names = "--order",
        defaultValue = "age",
        description =
            "age (oldest first), amount or score (highest first). Default ${DEFAULT-VALUE}.")
    String order;

    @Option(
        names = "--limit",
        defaultValue = "20",
        description = "At most this many (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      Cases.Order by;
      try {
        by = Cases.Order.valueOf(order.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        err().println("--order must be age, amount or score, got '" + order + "'");
        return 2;
      }
      if (limit < 1) {
        err().println("--limit must be at least 1");
        return 2;
      }
      try (DynamoDbClient ddb = dynamo(endpoints())) {
        java.util.List<Case> open = new DynamoCases(ddb, "").open(by, limit);
        out()
            .printf(
                "%-34s %-20s %-8s %10s %6s  %s%n",
                "trans_num", "event_time", "decision", "amt", "score", "reasons");
        for (Case c : open) {
          out()
              .printf(
                  Locale.ROOT,
                  "%-34s %-20s %-8s %10.2f %6s  %s%n",
                  c.transNum(),
                  c.eventTime(),
                  c.decision(),
                  c.amt(),
                  c.score() == null ? "-" : String.format(Locale.ROOT, "%.3f", c.score()),
                  String.join(",", c.reasons()));
        }
        out().println(open.size() + " open case(s)");
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "One case: the transaction, the decision, the model's features, the answer.")
  static final class Show extends Base {
    @Parameters(index = "0", description = "The case's trans_num.")
    String transNum;

    @Option(names = "--card", description = CARD_HELP)
    String card;

    @Override
    public Integer call() {
      try (DynamoDbClient ddb = dynamo(endpoints())) {
        DynamoCases cases = new DynamoCases(ddb, "");
        java.util.Optional<Case> found = one(cases, transNum, card);
        if (found.isEmpty()) {
          return 1;
        }
        print(found.get(), cases, out());
      }
      return 0;
    }
  }

  static void print(Case c, Cases cases, PrintWriter out) {
    out.println("case        " + c.transNum() + " (" + c.status() + ")");
    out.println("card        " + c.cardId() + " (ending " + c.cardLast4() + ")");
    out.printf(
        Locale.ROOT,
        "transaction %s %.2f at %s (%s)%n",
        c.eventTime(),
        c.amt(),
        c.merchant(),
        c.category());
    out.println(
        "decision    "
            + c.decision()
            + " "
            + c.reasons()
            + " rules "
            + c.ruleIds()
            + " score "
            + c.score()
            + " model "
            + c.modelVersion()
            + (c.flagReason() == null ? "" : " flag: " + c.flagReason()));
    Map<String, Double> features = new TreeMap<>(c.features());
    features.forEach((k, v) -> out.printf(Locale.ROOT, "  %-28s %s%n", k, v));
    if (!c.isOpen()) {
      out.println(
          "answered    "
              + c.status()
              + " by "
              + c.resolvedBy()
              + " ("
              + c.resolutionSource()
              + ") at "
              + c.resolvedAt());
    }
    out.println("card's latest transactions:");
    for (Case t : cases.recentTransactions(c.cardId(), 5)) {
      out.printf(
          Locale.ROOT,
          "  %-34s %-20s %10.2f %s%n",
          t.transNum(),
          t.eventTime(),
          t.amt(),
          t.decision());
    }
  }

  @Command(
      name = "resolve",
      mixinStandardHelpOptions = true,
      description =
          "Answer an open case once: confirmed_fraud or not_fraud (a label for the nightly"
              + " training).")
  static final class Resolve extends Base {
    @Parameters(index = "0", description = "The case's trans_num.")
    String transNum;

    @Option(names = "--answer", required = true, description = "confirmed_fraud or not_fraud.")
    String answer;

    @Option(names = "--card", description = CARD_HELP)
    String card;

    @Option(
        names = "--by",
        defaultValue = "${sys:user.name}",
        description = "Who answers (default: the login name).")
    String by;

    @Override
    public Integer call() {
      Answer a;
      try {
        a = Answer.fromStatus(answer);
      } catch (IllegalArgumentException e) {
        err().println(e.getMessage());
        return 2;
      }
      Endpoints e = endpoints();
      ControlTopics topics = new ControlTopics(e.kafkaBootstrap(), e.kafkaAuth());
      try (DynamoDbClient ddb = dynamo(e)) {
        DynamoCases cases = new DynamoCases(ddb, "");
        java.util.Optional<Case> found = one(cases, transNum, card);
        if (found.isEmpty()) {
          return 1;
        }
        FeedbackRecorder recorder =
            new FeedbackRecorder(cases, FeedbackRecorder.topic(topics), topics, Clock.systemUTC());
        Cases.Outcome outcome =
            recorder.record(transNum, found.get().cardId(), a, FeedbackEvent.ANALYST, "cli", by);
        switch (outcome) {
          case RESOLVED -> {
            out().println("case " + transNum + " resolved: " + a.status() + " by " + by);
            return 0;
          }
          case ALREADY_RESOLVED -> {
            err().println("case " + transNum + " was answered before; nothing changed");
            return 1;
          }
          default -> {
            err().println("no case " + transNum);
            return 1;
          }
        }
      }
    }
  }
}

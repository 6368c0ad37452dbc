package io.cardstream.local.cli;

import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.privacy.CardNumbers;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.local.stack.StackOptions;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flag} and {@code unflag}: a card on the control plane's {@code flagged_accounts} topic.
 * The stream declines a flagged card's transactions from its next micro-batch on, whatever the
 * rules say, until the card is unflagged.
 */
final class FlagCommand {

  private FlagCommand() {}

  /** The card, by number (tokenized here, never sent) or by token. */
  static final class Card {
    @Option(names = "--card", description = "The card number (tokenized here; never sent).")
    String pan;

    @Option(names = "--token", description = "The card's token (card_id).")
    String token;

    String token(PanTokenizer tokenizer) {
      return token != null ? token.trim() : tokenizer.cardId(pan.replaceAll("[ -]", ""));
    }
  }

  /** Options both commands share. */
  abstract static class Base implements Callable<Integer> {
    @Mixin StackOptions stack;

    @ArgGroup(multiplicity = "1")
    Card card;

    @Option(
        names = "--bootstrap",
        description = "Kafka bootstrap servers; default: the local stack's.")
    String bootstrap;

    abstract boolean flagged();

    abstract String reason();

    @Override
    public Integer call() {
      // The CLI's own words for the CLI's options; FlagEvent refuses it again for every writer.
      if (CardNumbers.inText(reason())) {
        throw new IllegalArgumentException(
            "the reason holds what looks like a card number; give the card with --card, never in"
                + " the reason");
      }
      // Validated before the stack is looked up: a bad flag needs no broker to be refused.
      FlagEvent e =
          new FlagEvent(
              card.token(PanTokenizer.fromEnvironment()),
              flagged(),
              reason(),
              Instant.now(),
              "cli");
      new ControlTopics(stack.kafkaBootstrap(bootstrap), stack.kafkaAuth(bootstrap)).publish(e);
      System.out.printf(
          "%s card %s (%s); the stream applies it from its next micro-batch%n",
          flagged() ? "flagged" : "unflagged", e.cardId(), e.reason());
      return 0;
    }
  }

  @Command(
      name = "flag",
      mixinStandardHelpOptions = true,
      description =
          "Flag a card: the stream declines its transactions (reason flagged_card) from the next"
              + " micro-batch on.")
  static final class Flag extends Base {
    @Option(names = "--reason", required = true, description = "Why (shown to analysts).")
    String reason;

    @Override
    boolean flagged() {
      return true;
    }

    @Override
    String reason() {
      return reason;
    }
  }

  @Command(
      name = "unflag",
      mixinStandardHelpOptions = true,
      description = "Unflag a card: the stream scores it again from the next micro-batch on.")
  static final class Unflag extends Base {
    @Option(
        names = "--reason",
        defaultValue = "unflagged",
        description = "Why (default ${DEFAULT-VALUE}).")
    String reason;

    @Override
    boolean flagged() {
      return false;
    }

    @Override
    String reason() {
      return reason;
    }
  }
}

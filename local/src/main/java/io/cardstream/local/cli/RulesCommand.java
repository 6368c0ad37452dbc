package io.cardstream.local.cli;

import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.local.stack.StackOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rules publish|show}: the rules document on the control plane's {@code rules} topic. The
 * stream uses a published document from its next micro-batch on, without a restart; a document that
 * does not validate is refused here (nothing is published) and by the stream.
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Publish or show the rules the running stream decides with.",
    subcommands = {RulesCommand.Publish.class, RulesCommand.Show.class})
final class RulesCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  abstract static class Base implements Callable<Integer> {
    @Mixin StackOptions stack;

    @Option(
        names = "--bootstrap",
        description = "Kafka bootstrap servers; default: the local stack's.")
    String bootstrap;

    ControlTopics topics() {
      return new ControlTopics(stack.kafkaBootstrap(bootstrap), stack.kafkaAuth(bootstrap));
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = "Validate a rules file and publish it; the stream applies it between batches.")
  static final class Publish extends Base {
    @Option(names = "--file", required = true, description = "The rules JSON document.")
    Path file;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("rules file " + file + " does not exist");
      }
      RuleSet r = topics().publishRules(Files.readString(file), file.toString());
      System.out.printf(
          "published rules %s (%d rules); the stream applies them from its next micro-batch%n",
          r.version(), r.rules().size());
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print the rules document published last (none: the stream's own rules).")
  static final class Show extends Base {
    @Override
    public Integer call() {
      String doc = topics().rulesDocument();
      System.out.println(
          doc == null
              ? "no rules published: the stream uses its --rules file or the seed rules"
              : doc);
      return 0;
    }
  }
}

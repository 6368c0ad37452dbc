package io.cardstream.local.cli;

import io.cardstream.common.input.InputFormat;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.local.stack.AwsClients;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.MailServer;
import io.cardstream.local.stack.StackOptions;
import io.cardstream.local.stack.TestContacts;
import io.cardstream.streaming.loop.Contacts;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code contacts load}: fills the local contact directory with test addresses for the cards of a
 * file, one per card at the reserved domain {@value MailServer#DOMAIN}, keyed by card token.
 * Nothing of the cardholder (name, address) is stored; the address is made from the token.
 */
@Command(
    name = "contacts",
    mixinStandardHelpOptions = true,
    description = "Load test contacts (one address per card, at example.test) for a file's cards.",
    subcommands = {ContactsCommand.Load.class})
final class ContactsCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "load",
      mixinStandardHelpOptions = true,
      description = "One test address per card of the file (a share of the cards gets none).")
  static final class Load implements Callable<Integer> {
    @Mixin StackOptions stack;

    @Option(names = "--input", required = true, description = "Input file.")
    Path input;

    @Option(names = "--format", defaultValue = "kaggle", description = "kaggle | paysim | json.")
    String format;

    @Option(
        names = "--share",
        defaultValue = "0.9",
        description = "Share of the cards that get a contact (default ${DEFAULT-VALUE}).")
    double share;

    @Option(
        names = "--approved-notices",
        defaultValue = "0.02",
        description = "Share of the contacts that also want approved-payment notices.")
    double notices;

    @Override
    public Integer call() throws Exception {
      LocalStack local = stack.stack();
      List<Contacts.Contact> contacts =
          TestContacts.of(
              input, InputFormat.fromName(format), PanTokenizer.fromEnvironment(), share, notices);
      try (var ddb = AwsClients.dynamodb(local.endpoints())) {
        new Contacts(ddb, "").put(contacts);
      }
      System.out.printf(
          "loaded %,d contacts at %s (%,d want approved notices)%n",
          contacts.size(),
          MailServer.DOMAIN,
          contacts.stream().filter(Contacts.Contact::notifyApproved).count());
      return 0;
    }
  }
}

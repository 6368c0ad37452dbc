package io.cardstream.local.cli;

import io.cardstream.common.lake.Topics;
import io.cardstream.local.kafka.TopicReader;
import io.cardstream.local.stack.StackOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    description =
        "Read a topic from the beginning to its end and check every message against the contract.")
final class ConsumeCommand implements Callable<Integer> {

  @Mixin StackOptions stack;

  @Option(
      names = "--topic",
      defaultValue = Topics.TRANSACTIONS,
      description = "Topic (default ${DEFAULT-VALUE}).")
  String topic;

  @Override
  public Integer call() {
    var e = stack.endpoints();
    TopicReader.Summary s = TopicReader.readAll(e.kafkaBootstrap(), e.kafkaAuth(), topic);
    System.out.printf(
        "%s: %,d messages, %,d valid transactions, %,d distinct ids%n",
        topic, s.messages(), s.valid(), s.distinctIds());
    return 0;
  }
}

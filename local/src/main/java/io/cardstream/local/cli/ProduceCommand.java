package io.cardstream.local.cli;

import io.cardstream.common.input.InputFormat;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description =
        "Replay a file into the transactions topic (idempotent producer, acks=all, keyed by card token).")
final class ProduceCommand implements Callable<Integer> {

  @Mixin StackOptions stack;

  @Option(names = "--input", required = true, description = "Input file.")
  Path input;

  @Option(names = "--format", required = true, description = "kaggle | paysim | json")
  String format;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Events per second; 0 = as fast as possible (default).")
  double rate;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "Stop after this many records; 0 = all (default).")
  long limit;

  @Option(
      names = "--topic",
      defaultValue = Topics.TRANSACTIONS,
      description = "Topic (default ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--bootstrap",
      description = "Kafka bootstrap servers; default: the local stack's.")
  String bootstrap;

  @Override
  public Integer call() throws IOException {
    String servers =
        bootstrap != null
            ? bootstrap
            : new LocalStack(stack.config(false)).endpoints().kafkaBootstrap();
    Replayer.Summary s =
        new Replayer(PanTokenizer.fromEnvironment(), System.out)
            .run(
                new Replayer.Options(
                    input, InputFormat.fromName(format), servers, topic, rate, limit));
    print(s);
    return s.failed() == 0 ? 0 : 1;
  }

  static void print(Replayer.Summary s) {
    System.out.printf(
        "Replay: read %,d records, sent %,d, rejected %,d, failed %,d in %.1f s%n",
        s.read(), s.sent(), s.rejectedTotal(), s.failed(), s.seconds());
    s.rejected().forEach((reason, n) -> System.out.printf("  rejected %-20s %,d%n", reason, n));
  }
}

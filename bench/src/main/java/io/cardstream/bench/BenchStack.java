package io.cardstream.bench;

import io.cardstream.common.input.InputFormat;
import io.cardstream.common.lake.Topics;
import io.cardstream.generator.GeneratorConfig;
import io.cardstream.generator.TransactionGenerator;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.StackConfig;
import io.cardstream.local.stack.StackInit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A benchmark's own local stack: a temporary directory, ports in a block of their own (so a
 * benchmark never meets a developer's stack or another benchmark), the topics and tables created,
 * and a shutdown hook that stops it if the benchmark dies.
 */
record BenchStack(Path home, Path dir, LocalStack stack, Endpoints endpoints, Thread hook) {

  /** Where benchmarks print what they do not report. */
  static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  /**
   * A Kaggle file replayed onto the transactions topic of the stack at {@code e}, unlabelled and
   * unauthenticated, at {@code rate} events/s (0: as fast as possible).
   */
  static Replayer.Options kafkaReplay(Path csv, Endpoints e, double rate) {
    return new Replayer.Options(
        csv,
        InputFormat.KAGGLE,
        e.kafkaBootstrap(),
        Topics.TRANSACTIONS,
        rate,
        0,
        null,
        false,
        null);
  }

  /**
   * Starts the stack under a new temporary directory.
   *
   * @param portBase the block's DynamoDB port; the other services sit at fixed offsets from it
   */
  static BenchStack up(String name, int portBase, boolean withKinesis, boolean dynamodbOnDisk)
      throws IOException {
    Path dir = Files.createTempDirectory("cardstream-bench-" + name + "-");
    Path home = Path.of(System.getProperty("cardstream.home", ".")).toAbsolutePath();
    LocalStack stack =
        new LocalStack(
            new StackConfig(
                home,
                dir.resolve("state"),
                portBase + 92,
                portBase,
                portBase + 432,
                portBase + 80,
                portBase + 90,
                portBase + 25,
                portBase + 567,
                false,
                withKinesis,
                false),
            dynamodbOnDisk);
    Thread hook = new Thread(() -> stack.down(QUIET));
    Runtime.getRuntime().addShutdownHook(hook);
    stack.up(QUIET);
    Endpoints e = stack.endpoints();
    StackInit.run(e, QUIET);
    return new BenchStack(home, dir, stack, e, hook);
  }

  /**
   * Writes the benchmark's events to {@link #events()}: the generator's Kaggle file of {@code
   * customers} over {@code days} from 2019-01-01, fraud rate 0.006.
   */
  TransactionGenerator.Summary generate(int customers, int days, long seed) throws IOException {
    return TransactionGenerator.writeKaggleCsv(
        new GeneratorConfig(customers, days, LocalDate.of(2019, 1, 1), seed, 0.006), events());
  }

  /** The events file {@link #generate} writes. */
  Path events() {
    return dir.resolve("events.csv");
  }

  /** The stack's state directory (logs and data). */
  Path stateDir() {
    return dir.resolve("state");
  }

  /** Stops the stack; {@code keep}: leaves its directory for a look at the logs. */
  void down(boolean keep) throws IOException {
    stack.down(QUIET);
    Runtime.getRuntime().removeShutdownHook(hook);
    if (!keep) {
      LocalStack.deleteRecursively(dir);
    }
  }
}

package io.cardstream.local.demo;

import io.cardstream.common.input.InputFormat;
import io.cardstream.local.stack.ConsoleService;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.ServiceState;
import io.cardstream.local.stack.StackInit;
import io.cardstream.local.stack.StackOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The end-to-end demo on the embedded stack: stack up, generate (or take --input), replay into
 * Kafka (or Kinesis: --source kinesis), read it back, train and register the model, score the
 * stream, run the nightly batch (analytics, quality gate, warehouse load, catalog), summary, stack
 * down.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the end-to-end demo locally: stack up, data, Kafka (or Kinesis) round trip, summary,"
            + " stack down.")
public final class DemoCommand implements Callable<Integer> {

  @Mixin StackOptions stack;

  @Option(names = "--input", description = "Use this file instead of generated data.")
  Path input;

  @Option(
      names = "--format",
      defaultValue = "kaggle",
      description = "Format of --input: kaggle | paysim | json (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--customers",
      // Fewer cards over more days than a wide, short sample: a card's own history is what the
      // model judges by (docs/model.md, "Our generator against the real data").
      defaultValue = "100",
      description = "Generated cardholders (default ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--days",
      defaultValue = "180",
      description = "Generated days (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--keep-stack", description = "Leave the stack running at the end.")
  boolean keepStack;

  @Option(
      names = "--keep-running",
      description =
          "Leave the stack and the operator console running at the end, and print the console's"
              + " URL; `bin/cardstream stack down` stops them.")
  boolean keepRunning;

  @Option(
      names = "--source",
      defaultValue = "kafka",
      description =
          "kafka | kinesis: the stream the transactions go through (kinesis: the stack runs the"
              + " emulator, and the stream reads it with the project's source; default"
              + " ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--max-iter",
      defaultValue = "30",
      description = "Boosting rounds of the demo model (default ${DEFAULT-VALUE}).")
  int maxIter;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    if (!source.equals("kafka") && !source.equals("kinesis")) {
      throw new IllegalArgumentException("--source must be kafka or kinesis, got '" + source + "'");
    }
    DemoRun.Options options =
        new DemoRun.Options(
            input, InputFormat.fromName(format), customers, days, seed, maxIter, source);
    Phases phases = new Phases(System.out);
    LocalStack localStack = new LocalStack(stack.configToStart(false, options.onKinesis()));
    phases.next("stack", "== 1/11 local stack");
    ConsoleService console = stack.console(localStack.config());
    boolean started = localStack.up(System.out);
    try {
      Endpoints e = localStack.endpoints();
      StackInit.run(e, System.out);
      // The operator console from the start, so the run can be watched live.
      localStack.add(console, System.out);
      System.out.println("console: " + ConsoleService.url(console.port()) + "/");
      DemoRun.Result r = new DemoRun(localStack, options, started, phases, System.out).run(t0);
      DemoReport.write(r.summary(), localStack.layout());
      DemoReport.print(r.summary(), r.sinks(), e, localStack.layout(), System.out);
      return r.summary().ok() ? 0 : 1;
    } finally {
      if (started && !keepStack && !keepRunning) {
        System.out.println("== stopping the local stack");
        localStack.down(System.out);
      } else {
        if (!started) {
          System.out.println("(the stack was already running before the demo; it is left running)");
        }
        localStack
            .state()
            .map(s -> s.services().get(ConsoleService.NAME))
            .filter(ServiceState::isRunning)
            .ifPresent(c -> System.out.println("console: " + ConsoleService.url(c.port()) + "/"));
        System.out.println(
            "The stack and the console keep running; stop them with `bin/cardstream stack down`.");
      }
    }
  }
}

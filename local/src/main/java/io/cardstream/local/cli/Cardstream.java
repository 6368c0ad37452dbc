package io.cardstream.local.cli;

import io.cardstream.batch.AnalyticsJob;
import io.cardstream.batch.CatalogJob;
import io.cardstream.batch.MaintenanceJob;
import io.cardstream.batch.QualityGateJob;
import io.cardstream.common.cli.LocalSpark;
import io.cardstream.local.demo.DemoCommand;
import io.cardstream.streaming.loop.FeedbackLabelsJob;
import io.cardstream.warehouse.WarehouseLoadJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cardstream} command line: thin wiring over the local stack and the jobs. */
@Command(
    name = "cardstream",
    mixinStandardHelpOptions = true,
    version = "cardstream 0.1.0",
    description =
        "Card-transaction fraud lakehouse: local stack, data tools and the end-to-end demo.",
    subcommands = {
      StackCommand.class,
      GenerateCommand.class,
      ProduceCommand.class,
      ConsumeCommand.class,
      FlagCommand.Flag.class,
      FlagCommand.Unflag.class,
      RulesCommand.class,
      ContactsCommand.class,
      CasesCommand.class,
      NotifierCommand.class,
      FeedbackLabelsJob.class,
      TrainCommand.class,
      StreamCommand.class,
      AnalyticsJob.class,
      QualityGateJob.class,
      WarehouseLoadJob.class,
      CatalogJob.class,
      MaintenanceJob.class,
      JobsCommand.class,
      InfraCommand.class,
      DemoCommand.class
    })
public final class Cardstream implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static int execute(String... args) {
    return execute(new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs one command line; errors go to {@code err}. Returns the exit code. */
  public static int execute(java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Cardstream());
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          // Errors a user can fix get one clear line; set CARDSTREAM_DEBUG=1 for the stack trace.
          cmd.getErr().println("cardstream: error: " + ex.getMessage());
          if (System.getenv("CARDSTREAM_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
          }
          return 1;
        });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    LocalSpark.configureDefaults();
    int code = execute(args);
    // Kafka, AWS SDK and Spark leave non-daemon threads behind; the command is done.
    System.exit(code);
  }
}

package io.cardstream.batch;

import picocli.CommandLine;

/** The spark-submit entry shared by the batch jobs: one clear error line, exit code 1. */
final class JobMain {

  private JobMain() {}

  static void run(Object job, String[] args) {
    CommandLine cli = new CommandLine(job);
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println(cmd.getCommandName() + ": error: " + ex.getMessage());
          return 1;
        });
    System.exit(cli.execute(args));
  }

  static org.apache.spark.sql.SparkSession session(String appName) {
    return org.apache.spark.sql.SparkSession.builder().appName(appName).getOrCreate();
  }
}

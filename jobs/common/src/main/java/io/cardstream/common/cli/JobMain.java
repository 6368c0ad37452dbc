package io.cardstream.common.cli;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * The spark-submit entry every job's {@code main} shares: picocli parses the options, a failure
 * prints one clear line ({@code <command>: error: <message>}) and exits 1, so the step log on EMR
 * or Airflow shows why without a stack trace to dig through. Library logging is turned down first
 * ({@link JobLogging}).
 */
public final class JobMain {

  private JobMain() {}

  /** Runs the picocli {@code job} with {@code args} and exits with its code. */
  public static void run(Object job, String[] args) {
    try {
      JobLogging.apply(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
    CommandLine cli = new CommandLine(job);
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println(cmd.getCommandName() + ": error: " + ex.getMessage());
          return 1;
        });
    System.exit(cli.execute(args));
  }

  /** The session spark-submit configured (master, Delta, metastore come from its --conf). */
  public static SparkSession session(String appName) {
    return session(appName, Map.of());
  }

  /**
   * The session spark-submit configured plus {@code conf}: settings Spark and Delta read only when
   * the session starts (e.g. the Delta LogStore, {@code io.cardstream.common.delta}).
   */
  public static SparkSession session(String appName, Map<String, String> conf) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    conf.forEach(b::config);
    return b.getOrCreate();
  }
}

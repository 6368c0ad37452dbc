package io.cardstream.service;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/**
 * What a server's {@code main} does around its command: options parsed by picocli, any error one
 * line on stderr and exit code 1, and a server that runs until the JVM is asked to stop (SIGTERM,
 * SIGINT), which stops it.
 */
public final class ServiceMain {

  private ServiceMain() {}

  /**
   * Parses {@code args} and runs the command; a bad option or start-up error is one line, {@code
   * "<name>: error: <what>"}, on {@code err}.
   *
   * @return the command's exit code; 1 after an error
   */
  public static int run(String name, Object command, String[] args, PrintWriter err) {
    CommandLine cli = new CommandLine(command);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          err.println(name + ": error: " + ex.getMessage() + " (see --help)");
          err.flush();
          return 1;
        });
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          err.println(name + ": error: " + ex.getMessage());
          err.flush();
          return 1;
        });
    return cli.execute(args);
  }

  /** {@link #run} on stderr; exits the JVM when the code is not 0. */
  public static void main(String name, Object command, String[] args) {
    int code = run(name, command, args, new PrintWriter(System.err, true));
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Starts a server and waits until the JVM shuts down; the shutdown hook, registered first, stops
   * the server (also when starting it failed and the JVM exits).
   *
   * @return 0, once stopped
   */
  public static int serve(String name, Runnable start, Runnable stop) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.run();
                  stopped.countDown();
                },
                name + "-shutdown"));
    start.run();
    stopped.await();
    return 0;
  }
}

package io.cardstream.console;

import io.cardstream.service.JvmLauncher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The console as its own JVM: {@code java -cp console/target/classes:<its classpath>
 * io.cardstream.console.ConsoleMain ...}. It never runs inside the CLI's or Spark's JVM (its Jetty
 * 12 needs the servlet 6 API; Spark's classpath holds the old one).
 */
public final class ConsoleProcess {

  public static final String MAIN = "io.cardstream.console.ConsoleMain";

  /** The line the console logs once it listens; the URL is group 1. */
  public static final Pattern LISTENING =
      Pattern.compile("console listening on (http://127\\.0\\.0\\.1:\\d+)");

  private ConsoleProcess() {}

  /**
   * A console JVM on 127.0.0.1, as the local stack starts it.
   *
   * @param options further console options: {@code --state-dir}, {@code --kafka-bootstrap}, {@code
   *     --dynamodb-endpoint}, {@code --jdbc-url}, {@code --jdbc-user}, {@code --api-keys-file}, ...
   */
  public static JvmLauncher launcher(Path home, int port, List<String> options) throws IOException {
    return JvmLauncher.of(MAIN)
        .small()
        .heap("256m")
        .flag("-Duser.timezone=UTC")
        .module(home, "console")
        .args("--host", "127.0.0.1", "--port", String.valueOf(port))
        .args(options);
  }

  /**
   * Starts a console and waits (60 s at most) until it says it listens.
   *
   * @param port 0 picks a free port
   * @param env changes to the inherited environment: a null value removes a variable
   */
  public static JvmLauncher.Running start(
      Path home, int port, Path log, Map<String, String> env, String... options)
      throws IOException {
    return launcher(home, port, List.of(options)).env(env).startListening(log, LISTENING);
  }
}

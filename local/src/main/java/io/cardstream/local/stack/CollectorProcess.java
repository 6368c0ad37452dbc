package io.cardstream.local.stack;

import io.cardstream.service.JvmLauncher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The HTTP collector as its own JVM: {@code java -cp ingest/target/classes:<its classpath>
 * io.cardstream.ingest.CollectorMain ...}. It never runs inside the CLI's or Spark's JVM (its Jetty
 * 12 needs the servlet 6 API; Spark's classpath holds the old one). The local stack ({@link
 * CollectorService}), the tests and the benchmark start it through here.
 */
public final class CollectorProcess {

  private static final Pattern LISTENING =
      Pattern.compile("collector listening on (http://127\\.0\\.0\\.1:\\d+)");

  private CollectorProcess() {}

  /** A collector on 127.0.0.1: its heap, classpath, main class and options. */
  static JvmLauncher launcher(
      Path home, int port, String bootstrap, Path keysFile, List<String> options)
      throws IOException {
    return JvmLauncher.of("io.cardstream.ingest.CollectorMain")
        .heap("256m")
        .module(home, "ingest")
        .args(
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--kafka-bootstrap",
            bootstrap,
            "--api-keys-file",
            keysFile.toString(),
            // The local stack's keys: its environment's, else the public development keys.
            "--dev-keys")
        .args(options);
  }

  /**
   * Starts a collector on a free port and waits (60 s at most) until it says it listens.
   *
   * @param env changes to the inherited environment: a null value removes a variable
   */
  public static JvmLauncher.Running start(
      Path home,
      String bootstrap,
      Path keysFile,
      Path log,
      Map<String, String> env,
      String... options)
      throws IOException {
    return launcher(home, 0, bootstrap, keysFile, List.of(options))
        .env(env)
        .startListening(log, LISTENING);
  }
}

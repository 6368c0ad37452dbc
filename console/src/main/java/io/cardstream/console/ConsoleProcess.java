package io.cardstream.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console as its own JVM: {@code java -cp console/target/classes:<its classpath>
 * io.cardstream.console.ConsoleMain ...}. It never runs inside the CLI's or Spark's JVM (its Jetty
 * 12 needs the servlet 6 API; Spark's classpath holds the old one). Only the JDK is used here, so
 * the local stack can call it with none of the console's dependencies on its own classpath.
 */
public final class ConsoleProcess {

  public static final String MAIN = "io.cardstream.console.ConsoleMain";

  /** The line the console logs once it listens; the URL is group 1. */
  public static final Pattern LISTENING =
      Pattern.compile("console listening on (http://127\\.0\\.0\\.1:\\d+)");

  /** A started console. */
  public record Running(Process process, String url, Path log) {
    /** SIGTERM: the console stops its server and closes its clients. */
    public void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private ConsoleProcess() {}

  /** The classpath of the console's JVM, from the build ({@code console/target/classpath.txt}). */
  public static String classpath(Path home) throws IOException {
    Path file = home.resolve("console/target/classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "missing "
              + file
              + ": build the console first (./mvnw -DskipTests install -pl console -am)");
    }
    return home.resolve("console/target/classes") + ":" + Files.readString(file).trim();
  }

  /**
   * The JVM options, classpath, main class and options of a console on 127.0.0.1 (without the
   * {@code java} executable, which the caller chooses).
   *
   * @param options further console options: {@code --state-dir}, {@code --kafka-bootstrap}, {@code
   *     --dynamodb-endpoint}, {@code --jdbc-url}, {@code --jdbc-user}, {@code --api-keys-file}, ...
   */
  public static List<String> arguments(Path home, int port, String... options) throws IOException {
    List<String> a = new ArrayList<>();
    a.add("-Xmx256m");
    a.add("-XX:+UseSerialGC");
    a.add("-XX:TieredStopAtLevel=1");
    a.add("-Duser.timezone=UTC");
    a.add("-Djava.net.preferIPv4Stack=true");
    a.add("-cp");
    a.add(classpath(home));
    a.add(MAIN);
    a.addAll(List.of("--host", "127.0.0.1", "--port", String.valueOf(port)));
    a.addAll(List.of(options));
    return a;
  }

  /**
   * Starts a console and waits (60 s at most) until it says it listens.
   *
   * @param port 0 picks a free port
   * @param env changes to the inherited environment: a null value removes a variable
   */
  public static Running start(
      Path home, int port, Path log, Map<String, String> env, String... options)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(arguments(home, port, options));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Files.createDirectories(log.toAbsolutePath().getParent());
    pb.redirectOutput(log.toFile());
    env.forEach(
        (k, v) -> {
          if (v == null) {
            pb.environment().remove(k);
          } else {
            pb.environment().put(k, v);
          }
        });
    Process p = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return new Running(p, m.group(1), log);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException(
        "the console did not start; its log:\n" + Files.readString(log));
  }
}

package io.cardstream.local.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cardstream.common.lake.Topics;
import io.cardstream.console.ConsoleProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The operator console of the local stack (console/, {@link ConsoleProcess}): its own JVM on
 * 127.0.0.1, on the stack's Kafka, DynamoDB Local and PostgreSQL, the stream's files under the
 * state directory, and the collector's keys document (log in with {@code analyst.key} or {@code
 * admin.key}). {@code stack up} and the demo start it after the stack, {@code stack down} stops it
 * before the stack. Its PID, port and URL go to {@code .cardstream/console.json}, apart from the
 * stack's own state; {@link #down} stops only the process recorded there, and only if it still is a
 * console.
 *
 * <p>Port: {@code --console-port}, else {@value #PORT_ENV}, else the collector's port minus 20
 * (18070 by default), so a stack on other ports gets a console on another port too.
 */
public final class ConsoleService {

  public static final String NAME = "console";
  public static final String PORT_ENV = "CARDSTREAM_CONSOLE_PORT";

  /** The console's port is the collector's minus this when nothing else is given. */
  public static final int BELOW_COLLECTOR = 20;

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final long SOURCE_TIMEOUT_MS = 5000;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** What {@code console.json} holds. */
  public record State(long pid, int port, String url, String log, Instant started) {}

  private final StackConfig config;
  private final Path apiKeysFile;
  private final int port;

  /**
   * @param port the {@code --console-port} option, or null for the environment or the default
   */
  public ConsoleService(LocalStack stack, Integer port) {
    this(stack.config(), stack.apiKeysFile(), port(stack.config(), port, System.getenv()));
  }

  ConsoleService(StackConfig config, Path apiKeysFile, int port) {
    this.config = config;
    this.apiKeysFile = apiKeysFile;
    this.port = port;
  }

  /** Option, then {@value #PORT_ENV}, then the collector's port minus {@value #BELOW_COLLECTOR}. */
  public static int port(StackConfig c, Integer option, Map<String, String> env) {
    int p;
    if (option != null) {
      p = option;
    } else if (env.get(PORT_ENV) != null && !env.get(PORT_ENV).isBlank()) {
      try {
        p = Integer.parseInt(env.get(PORT_ENV).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            PORT_ENV + "='" + env.get(PORT_ENV) + "' is not a port number");
      }
    } else {
      p = c.collectorPort() - BELOW_COLLECTOR;
    }
    if (p < 1024 || p > 65535) {
      throw new IllegalArgumentException(
          "console port " + p + " is outside 1024..65535; set it with --console-port");
    }
    return p;
  }

  public int port() {
    return port;
  }

  public Path stateFile() {
    return config.stateDir().resolve("console.json");
  }

  public Path log() {
    return config.logDir().resolve("console.log");
  }

  /** The recorded console, if its process still runs (and still is a console). */
  public Optional<State> running() {
    return recorded().filter(s -> process(s).isPresent());
  }

  /** The running console's URL ({@code http://127.0.0.1:PORT}), if one runs. */
  public Optional<String> url() {
    return running().map(State::url);
  }

  /**
   * Starts the console on the stack's services, or reuses the one running.
   *
   * @return its URL, {@code http://127.0.0.1:PORT}
   */
  public String up(Endpoints e, PrintStream out) {
    Optional<State> existing = running();
    if (existing.isPresent()) {
      out.println("  console   already running on " + existing.get().url() + "; reusing it");
      return existing.get().url();
    }
    try {
      Files.deleteIfExists(stateFile());
      checkPortFree();
      Files.createDirectories(config.logDir());
      List<String> cmd = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
        // Own session, as the stack's services: it outlives the CLI (demo --keep-running).
        cmd.add("/usr/bin/setsid");
      }
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      List<String> options =
          new ArrayList<>(
              List.of(
                  "--state-dir",
                  config.stateDir().toString(),
                  "--kafka-bootstrap",
                  e.kafkaBootstrap(),
                  "--dynamodb-endpoint",
                  e.dynamodbEndpoint(),
                  "--dynamodb-region",
                  Endpoints.REGION,
                  "--jdbc-url",
                  e.postgresJdbcUrl(),
                  "--jdbc-user",
                  e.postgresUser(),
                  "--api-keys-file",
                  apiKeysFile.toString(),
                  // A demo keeps both cores busy: give the local services more time than on AWS.
                  "--source-timeout-ms",
                  String.valueOf(SOURCE_TIMEOUT_MS)));
      if (e.kinesisEndpoint() != null) {
        // The stack runs the emulator: the demo's stream may read it (--source kinesis).
        options.addAll(
            List.of(
                "--kinesis-stream",
                Topics.KINESIS_TRANSACTIONS,
                "--kinesis-endpoint",
                e.kinesisEndpoint(),
                "--kinesis-region",
                Endpoints.REGION));
      }
      cmd.addAll(ConsoleProcess.arguments(config.home(), port, options.toArray(String[]::new)));
      Process p =
          new ProcessBuilder(cmd)
              .directory(config.stateDir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log().toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      String url = "http://127.0.0.1:" + port;
      State st =
          new State(
              p.pid(), port, url, log().toString(), p.info().startInstant().orElse(Instant.now()));
      // Recorded at once, so `stack down` stops it even if it never becomes ready.
      write(st);
      waitReady(p, url);
      out.printf(
          "  %-9s ready on 127.0.0.1:%d (pid %d, log %s)%n",
          NAME, port, p.pid(), config.home().relativize(log()));
      return url;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Stops the recorded console, if it runs, and forgets it. */
  public void down(PrintStream out) {
    Optional<State> s = recorded();
    if (s.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> h = process(s.get());
    if (h.isEmpty()) {
      out.printf("  %-9s was not running%n", NAME);
    } else {
      h.get().destroy();
      try {
        h.get().onExit().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.get().destroyForcibly();
      }
      out.printf("  %-9s stopped (pid %d)%n", NAME, s.get().pid());
    }
    try {
      Files.deleteIfExists(stateFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line for {@code stack status}, or empty when no console was started. */
  public Optional<String> status() {
    return recorded()
        .map(
            s ->
                process(s).isPresent()
                    ? "running on " + s.url() + "/ (pid " + s.pid() + ")"
                    : "down (pid " + s.pid() + " is gone; see " + s.log() + ")");
  }

  private Optional<State> recorded() {
    if (!Files.isRegularFile(stateFile())) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(stateFile().toFile(), State.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The recorded process, if alive and still a console (a PID can be reused). */
  private static Optional<ProcessHandle> process(State s) {
    return ProcessHandle.of(s.pid())
        .filter(ProcessHandle::isAlive)
        .filter(
            h ->
                h.info()
                    .arguments()
                    .map(a -> List.of(a).contains(ConsoleProcess.MAIN))
                    .orElse(true));
  }

  private void write(State s) throws IOException {
    Path tmp = stateFile().resolveSibling("console.json.tmp");
    JSON.writeValue(tmp.toFile(), s);
    Files.move(
        tmp, stateFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void checkPortFree() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      throw new IllegalStateException(
          "port "
              + port
              + " for the console is already in use by another program; stop it or choose"
              + " another port (--console-port or "
              + PORT_ENV
              + ")");
    } catch (IOException free) {
      // nothing listens: good
    }
  }

  private void waitReady(Process p, String url) {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "the console exited with code "
                + p.exitValue()
                + " during start-up; last lines of "
                + log()
                + ":\n"
                + LocalStack.tail(log()));
      }
      if (healthy(url)) {
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    throw new IllegalStateException(
        "the console was not ready after "
            + READY_TIMEOUT.toSeconds()
            + " s; last lines of "
            + log()
            + ":\n"
            + LocalStack.tail(log()));
  }

  private static boolean healthy(String url) {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(url + "/health").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(1000);
      try {
        return c.getResponseCode() == 200;
      } finally {
        c.disconnect();
      }
    } catch (IOException notYet) {
      return false;
    }
  }
}

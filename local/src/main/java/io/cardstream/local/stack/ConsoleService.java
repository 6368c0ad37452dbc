package io.cardstream.local.stack;

import io.cardstream.common.lake.Topics;
import io.cardstream.console.ConsoleProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operator console (console/, {@link ConsoleProcess#MAIN}) as a service of the stack: its own
 * JVM on 127.0.0.1, on the stack's Kafka, DynamoDB Local and PostgreSQL, the stream's files under
 * the state directory, and the collector's keys document (log in with {@code analyst.key} or {@code
 * admin.key}). {@code stack up} and the demo add it once the stack is up and initialised ({@link
 * LocalStack#add}); the stack runs without it, and {@code stack down} stops it first.
 *
 * <p>Port: {@code --console-port}, else {@value #PORT_ENV}, else the collector's port minus 20
 * (18070 by default), so a stack on other ports gets a console on another port too.
 */
public final class ConsoleService extends LocalService {

  public static final String NAME = "console";
  public static final String PORT_ENV = "CARDSTREAM_CONSOLE_PORT";

  /** The console's port is the collector's minus this when nothing else is given. */
  public static final int BELOW_COLLECTOR = 20;

  /** A demo keeps both cores busy: give the local services more time than on AWS. */
  private static final long SOURCE_TIMEOUT_MS = 5000;

  /**
   * @param port the {@code --console-port} option, or null for the environment or the default
   */
  public ConsoleService(StackConfig config, Integer port) {
    this(config, port(config, port, System.getenv()));
  }

  ConsoleService(StackConfig config, int port) {
    super(config, NAME, port, config.home().resolve("console/target/classpath.txt"));
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

  /** The URL of a console on {@code port}. */
  public static String url(int port) {
    return "http://127.0.0.1:" + port;
  }

  @Override
  Map<String, Integer> listens() {
    return Map.of("the console", port());
  }

  @Override
  String portOptions() {
    return "another port (--console-port or " + PORT_ENV + ")";
  }

  @Override
  List<String> command(Path data, boolean fresh) throws IOException {
    Endpoints e = Endpoints.of(config);
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
                config.layout().apiKeysFile().toString(),
                "--source-timeout-ms",
                String.valueOf(SOURCE_TIMEOUT_MS)));
    options.addAll(e.kafkaAuthArgs());
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
    return ConsoleProcess.launcher(config.home(), port(), options).command();
  }

  @Override
  boolean ready() throws IOException {
    return Probes.ok(url(port()) + "/health");
  }

  @Override
  Duration readyTimeout() {
    return Duration.ofSeconds(60);
  }
}

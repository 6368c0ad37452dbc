package io.cardstream.console;

import io.cardstream.common.cli.DynamoDbOptions;
import io.cardstream.common.cli.KinesisStreamOptions;
import io.cardstream.common.kafka.KafkaAuthOptions;
import io.cardstream.service.ServerOptions;
import io.cardstream.service.ServiceMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The console as its own JVM: options into a {@link ConsoleConfig}, then {@link
 * ConsoleServer#onServices}. Precedence: option, then environment ({@value ConsoleConfig#PORT_ENV}
 * for the port, {@code AWS_REGION} for the keys' secret), then the defaults.
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description =
        "The operator console: stream health and lag, decisions, the review queue, the nightly"
            + " runs and the topics, read-only, behind an operator key (role admin or analyst).")
public final class ConsoleMain implements Callable<Integer> {

  @Mixin ServerOptions server;

  @Mixin KafkaAuthOptions kafkaAuth;

  @Option(
      names = "--port",
      defaultValue = "${env:" + ConsoleConfig.PORT_ENV + ":-" + ConsoleConfig.DEFAULT_PORT + "}",
      description =
          "Port (default $"
              + ConsoleConfig.PORT_ENV
              + " or "
              + ConsoleConfig.DEFAULT_PORT
              + "; 0 picks a free one).")
  int port;

  @Option(
      names = "--state-dir",
      defaultValue = ConsoleConfig.DEFAULT_STATE_DIR,
      description =
          "The local state directory (default ${DEFAULT-VALUE}); the paths below default into it.")
  Path stateDir;

  @Option(
      names = "--status-file",
      description = "The stream's status file (default <state-dir>/stream-status.json).")
  Path statusFile;

  @Option(
      names = "--checkpoint",
      description = "The scoring stream's checkpoint (default <state-dir>/checkpoints/scoring).")
  Path checkpoint;

  @Option(
      names = "--lake",
      description = "The lake root on a local disk (default <state-dir>/lake).")
  Path lake;

  @Option(names = "--registry", description = "The model registry (default <lake>/models/fraud).")
  Path registry;

  @Option(
      names = "--kafka-bootstrap",
      description = "Kafka bootstrap servers, e.g. 127.0.0.1:19092 (none: Kafka not configured).")
  String kafkaBootstrap;

  @Mixin KinesisStreamOptions kinesis;

  @Mixin DynamoDbOptions dynamodb;

  @Option(
      names = "--jdbc-url",
      description =
          "The warehouse: jdbc:postgresql://... or jdbc:redshift://... (none: not configured).")
  String jdbcUrl;

  @Option(names = "--jdbc-user", description = "The warehouse user.")
  String jdbcUser;

  @Option(
      names = "--jdbc-password-env",
      defaultValue = ConsoleConfig.DEFAULT_JDBC_PASSWORD_ENV,
      description =
          "Environment variable with the warehouse password (default ${DEFAULT-VALUE}; unset: none).")
  String jdbcPasswordEnv;

  @Option(
      names = "--source-timeout-ms",
      defaultValue = "" + ConsoleConfig.DEFAULT_SOURCE_TIMEOUT_MS,
      description = "How long a page waits for one source (default ${DEFAULT-VALUE}).")
  long sourceTimeoutMs;

  @Option(
      names = "--stream-active-seconds",
      defaultValue = "" + ConsoleConfig.DEFAULT_STREAM_ACTIVE_SECONDS,
      description = "A batch younger than this means the stream runs (default ${DEFAULT-VALUE}).")
  long streamActiveSeconds;

  @Option(
      names = "--max-decisions",
      defaultValue = "" + ConsoleConfig.DEFAULT_MAX_DECISIONS,
      description =
          "Decision messages the Decisions page reads at most (default ${DEFAULT-VALUE}).")
  int maxDecisions;

  @Option(names = "--secure-cookie", description = "Mark the session cookie Secure (behind TLS).")
  boolean secureCookie;

  @Option(
      names = "--session-hours",
      defaultValue = "" + ConsoleConfig.DEFAULT_SESSION_HOURS,
      description = "How long a login lasts (default ${DEFAULT-VALUE}).")
  long sessionHours;

  ConsoleConfig config() {
    return server
        .applyTo(ConsoleConfig.builder())
        .port(port)
        .stateDir(stateDir)
        .statusFile(statusFile)
        .checkpointDir(checkpoint)
        .lake(lake)
        .registry(registry)
        .kafkaBootstrap(kafkaBootstrap)
        .kafkaAuth(kafkaAuth.resolve())
        .kinesis(kinesis.targetIfGiven())
        .dynamodb(dynamodb.targetIfGiven())
        .jdbc(jdbcUrl, jdbcUser)
        .jdbcPasswordEnv(jdbcPasswordEnv)
        .sourceTimeout(Duration.ofMillis(sourceTimeoutMs))
        .streamActive(Duration.ofSeconds(streamActiveSeconds))
        .maxDecisions(maxDecisions)
        .secureCookie(secureCookie)
        .session(Duration.ofHours(sessionHours))
        .build();
  }

  @Override
  public Integer call() throws InterruptedException {
    ConsoleServer server = ConsoleServer.onServices(config());
    return ServiceMain.serve("console", server::start, server::stop);
  }

  /** A bad option or start-up error is one line on stderr and exit code 1. */
  public static void main(String[] args) {
    ServiceMain.main("console", new ConsoleMain(), args);
  }
}

package io.cardstream.console;

import io.cardstream.common.aws.DynamoDbTarget;
import io.cardstream.common.aws.KinesisTarget;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.service.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The console's settings, validated on construction (each error says what is wrong and how to fix
 * it). {@link ConsoleMain} fills it from options; tests and the local stack use {@link #builder()}.
 * A source without its option (Kafka, DynamoDB, the warehouse) is "not configured": its page parts
 * say so and the rest works.
 *
 * @param server where it listens (port 0 picks a free one) and where the operator keys are (the
 *     collector's keys document)
 * @param stateDir the local state directory ({@code .cardstream}); the defaults below live in it
 * @param statusFile the stream's status file
 * @param checkpointDir the scoring stream's checkpoint (offset and commit logs)
 * @param registry the model registry ({@code <lake>/models/fraud})
 * @param lake the lake root on a local disk (the Delta tables' commit logs)
 * @param kafkaBootstrap the broker, or null
 * @param kafkaAuth how the console's Kafka clients authenticate
 * @param kinesis the Kinesis stream the scoring stream reads, or null (it reads Kafka)
 * @param dynamodb the review queue's tables, or null
 * @param jdbcUrl the warehouse (PostgreSQL or Redshift), or null
 * @param jdbcPasswordEnv the environment variable holding the warehouse password (may be unset)
 * @param sourceTimeout how long a page waits for one source (at most 2 s by default)
 * @param streamActive a batch younger than this means the stream is running
 * @param maxDecisions the most decision messages one Decisions page reads
 * @param secureCookie mark the session cookie Secure (behind TLS)
 * @param session how long a login lasts
 */
public record ConsoleConfig(
    ServerConfig server,
    Path stateDir,
    Path statusFile,
    Path checkpointDir,
    Path registry,
    Path lake,
    String kafkaBootstrap,
    KafkaAuth kafkaAuth,
    KinesisTarget kinesis,
    DynamoDbTarget dynamodb,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPasswordEnv,
    Duration sourceTimeout,
    Duration streamActive,
    int maxDecisions,
    boolean secureCookie,
    Duration session) {

  public static final int DEFAULT_PORT = 18070;
  public static final String PORT_ENV = "CARDSTREAM_CONSOLE_PORT";
  public static final String DEFAULT_STATE_DIR = ".cardstream";
  public static final String DEFAULT_JDBC_PASSWORD_ENV = "CARDSTREAM_WAREHOUSE_PASSWORD";
  public static final long DEFAULT_SOURCE_TIMEOUT_MS = 2000;
  public static final long DEFAULT_STREAM_ACTIVE_SECONDS = 120;
  public static final int DEFAULT_MAX_DECISIONS = 50_000;
  public static final long DEFAULT_SESSION_HOURS = 8;

  public ConsoleConfig {
    require(server != null, "the server settings (host, port, operator keys) are required");
    require(stateDir != null, "--state-dir is required (the local stack's .cardstream)");
    require(
        statusFile != null && checkpointDir != null && registry != null && lake != null,
        "the status file, checkpoint, registry and lake paths are required");
    require(
        kafkaBootstrap == null || !kafkaBootstrap.isBlank(),
        "--kafka-bootstrap is blank; give host:port (or leave it out: Kafka not configured)");
    require(
        jdbcUrl == null
            || jdbcUrl.startsWith("jdbc:postgresql:")
            || jdbcUrl.startsWith("jdbc:redshift:"),
        "--jdbc-url must be a jdbc:postgresql: or jdbc:redshift: URL");
    require(
        sourceTimeout != null
            && sourceTimeout.toMillis() >= 100
            && sourceTimeout.toMillis() <= 10_000,
        "--source-timeout-ms must be from 100 to 10000");
    require(
        streamActive != null && !streamActive.isNegative() && !streamActive.isZero(),
        "--stream-active-seconds must be positive");
    require(
        maxDecisions >= 100 && maxDecisions <= 1_000_000,
        "--max-decisions must be from 100 to 1000000");
    require(
        session != null && session.toMinutes() >= 1 && session.toHours() <= 24 * 7,
        "--session-hours must be from 1 minute to 7 days");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults as the options have them; paths default to their place under the state dir. */
  public static final class Builder extends ServerConfig.Builder<Builder> {
    private Path stateDir = Path.of(DEFAULT_STATE_DIR);
    private Path statusFile;
    private Path checkpointDir;
    private Path registry;
    private Path lake;
    private String kafkaBootstrap;
    private KafkaAuth kafkaAuth = KafkaAuth.NONE;
    private KinesisTarget kinesis;
    private DynamoDbTarget dynamodb;
    private String jdbcUrl;
    private String jdbcUser;
    private String jdbcPasswordEnv = DEFAULT_JDBC_PASSWORD_ENV;
    private Duration sourceTimeout = Duration.ofMillis(DEFAULT_SOURCE_TIMEOUT_MS);
    private Duration streamActive = Duration.ofSeconds(DEFAULT_STREAM_ACTIVE_SECONDS);
    private int maxDecisions = DEFAULT_MAX_DECISIONS;
    private boolean secureCookie;
    private Duration session = Duration.ofHours(DEFAULT_SESSION_HOURS);

    Builder() {
      super(DEFAULT_PORT);
    }

    public Builder stateDir(Path v) {
      stateDir = v;
      return this;
    }

    public Builder statusFile(Path v) {
      statusFile = v;
      return this;
    }

    public Builder checkpointDir(Path v) {
      checkpointDir = v;
      return this;
    }

    public Builder registry(Path v) {
      registry = v;
      return this;
    }

    public Builder lake(Path v) {
      lake = v;
      return this;
    }

    public Builder kafkaAuth(KafkaAuth v) {
      kafkaAuth = v;
      return this;
    }

    public Builder kafkaBootstrap(String v) {
      kafkaBootstrap = v;
      return this;
    }

    /** The Kinesis stream the scoring stream reads (null: it reads Kafka). */
    public Builder kinesis(KinesisTarget v) {
      kinesis = v;
      return this;
    }

    /** The review queue's tables (null: the Cases page is not configured). */
    public Builder dynamodb(DynamoDbTarget v) {
      dynamodb = v;
      return this;
    }

    public Builder jdbc(String url, String user) {
      jdbcUrl = url;
      jdbcUser = user;
      return this;
    }

    public Builder jdbcPasswordEnv(String v) {
      jdbcPasswordEnv = v;
      return this;
    }

    public Builder sourceTimeout(Duration v) {
      sourceTimeout = v;
      return this;
    }

    public Builder streamActive(Duration v) {
      streamActive = v;
      return this;
    }

    public Builder maxDecisions(int v) {
      maxDecisions = v;
      return this;
    }

    public Builder secureCookie(boolean v) {
      secureCookie = v;
      return this;
    }

    public Builder session(Duration v) {
      session = v;
      return this;
    }

    public ConsoleConfig build() {
      Path lakeDir = lake != null ? lake : stateDir.resolve("lake");
      return new ConsoleConfig(
          server(),
          stateDir,
          statusFile != null ? statusFile : stateDir.resolve("stream-status.json"),
          checkpointDir != null
              ? checkpointDir
              : stateDir.resolve("checkpoints").resolve("scoring"),
          registry != null ? registry : lakeDir.resolve("models").resolve("fraud"),
          lakeDir,
          blankToNull(kafkaBootstrap),
          kafkaAuth,
          kinesis,
          dynamodb,
          blankToNull(jdbcUrl),
          blankToNull(jdbcUser),
          jdbcPasswordEnv,
          sourceTimeout,
          streamActive,
          maxDecisions,
          secureCookie,
          session);
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s;
    }
  }
}

package io.cardstream.local.stack;

import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaAuthOptions;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command that talks to the local stack shares. */
public final class StackOptions {

  @Option(
      names = "--kafka-port",
      description =
          "Kafka broker port (controller: port+1). Env CARDSTREAM_KAFKA_PORT, default 19092.")
  Integer kafkaPort;

  @Option(
      names = "--dynamodb-port",
      description = "DynamoDB Local port. Env CARDSTREAM_DYNAMODB_PORT, default 18000.")
  Integer dynamodbPort;

  @Option(
      names = "--postgres-port",
      description = "PostgreSQL port. Env CARDSTREAM_POSTGRES_PORT, default 15432.")
  Integer postgresPort;

  @Option(names = "--s3-port", description = "s3proxy port. Env CARDSTREAM_S3_PORT, default 18080.")
  Integer s3Port;

  @Option(
      names = "--collector-port",
      description = "HTTP collector port. Env CARDSTREAM_COLLECTOR_PORT, default 18090.")
  Integer collectorPort;

  @Option(
      names = "--smtp-port",
      description = "The local mail server's port. Env CARDSTREAM_SMTP_PORT, default 18025.")
  Integer smtpPort;

  @Option(
      names = "--kinesis-port",
      description = "The Kinesis emulator's port. Env CARDSTREAM_KINESIS_PORT, default 18567.")
  Integer kinesisPort;

  @Option(
      names = "--console-port",
      description =
          "The operator console's port. Env CARDSTREAM_CONSOLE_PORT, default the collector's"
              + " port - 20 (18070).")
  Integer consolePort;

  /**
   * The broker's security when starting the stack ({@code scram}: SASL_SSL + SCRAM), and the
   * clients' when they are given other Kafka servers ({@code --kafka-bootstrap}).
   */
  @Mixin KafkaAuthOptions kafkaAuth;

  @Option(
      names = "--state-dir",
      description = "State, logs and service data. Default: <repo>/.cardstream")
  Path stateDir;

  public StackConfig config(boolean withS3) {
    return config(withS3, false);
  }

  public StackConfig config(boolean withS3, boolean withKinesis) {
    StackConfig c =
        StackConfig.fromEnvironment(home(), System.getenv())
            .withPorts(
                kafkaPort, dynamodbPort, postgresPort, s3Port, collectorPort, smtpPort, kinesisPort)
            .withS3(withS3)
            .withKinesis(withKinesis)
            .withKafkaScram(localKafkaScram());
    return stateDir == null ? c : c.withStateDir(stateDir);
  }

  /**
   * The configuration of a stack to start: as {@link #config(boolean, boolean)}, but refusing
   * {@code --kafka-auth msk-iam}, which no local broker speaks (starting a plaintext one instead
   * would hide that the clients were never asked to authenticate).
   */
  public StackConfig configToStart(boolean withS3, boolean withKinesis) {
    if (kafkaAuth != null && kafkaAuth.mode() == KafkaAuth.Mode.MSK_IAM) {
      throw new IllegalArgumentException(
          "--kafka-auth msk-iam is for MSK brokers given with --kafka-bootstrap; the local stack's"
              + " broker speaks none or scram");
    }
    return config(withS3, withKinesis);
  }

  /** The local broker speaks plaintext or SCRAM; msk-iam is for servers given to the tools. */
  private boolean localKafkaScram() {
    return kafkaAuth != null && kafkaAuth.mode() == KafkaAuth.Mode.SCRAM;
  }

  /** The running stack (without s3proxy or Kinesis asked for). */
  public LocalStack stack() {
    return new LocalStack(config(false));
  }

  /** The running stack's endpoints, or a clear error telling how to start it. */
  public Endpoints endpoints() {
    return stack().endpoints();
  }

  /** {@code given} Kafka servers, or the running stack's. */
  public String kafkaBootstrap(String given) {
    return given != null ? given : endpoints().kafkaBootstrap();
  }

  /** The Kafka options' authentication for {@code given} servers, or the running stack's. */
  public KafkaAuth kafkaAuth(String given) {
    return given != null ? kafkaAuth.resolve() : endpoints().kafkaAuth();
  }

  /** The console of a stack with this configuration, on the port these options give. */
  public ConsoleService console(StackConfig c) {
    return new ConsoleService(c, consolePort);
  }

  /** The repository root: -Dcardstream.home (set by bin/cardstream), $CARDSTREAM_HOME, or cwd. */
  public static Path home() {
    String p = System.getProperty("cardstream.home");
    if (p == null || p.isBlank()) {
      p = System.getenv("CARDSTREAM_HOME");
    }
    return Path.of(p == null || p.isBlank() ? "." : p).toAbsolutePath().normalize();
  }
}

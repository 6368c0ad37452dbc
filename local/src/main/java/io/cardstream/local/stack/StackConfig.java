package io.cardstream.local.stack;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local stack lives and which loopback ports it uses. Precedence: CLI option >
 * environment variable ({@code CARDSTREAM_KAFKA_PORT}, ...) > default.
 *
 * @param home the repository root (service classpaths are under {@code local/services})
 * @param stateDir {@code .cardstream/}: state file, logs, service data
 * @param withS3 also start the S3-compatible server
 * @param withKinesis also start the Kinesis emulator (kinesalite)
 * @param kafkaScram run the broker on SASL_SSL with SCRAM-SHA-512 only ({@link KafkaTls}), so that
 *     every client must authenticate
 */
public record StackConfig(
    Path home,
    Path stateDir,
    int kafkaPort,
    int dynamodbPort,
    int postgresPort,
    int s3Port,
    int collectorPort,
    int smtpPort,
    int kinesisPort,
    boolean withS3,
    boolean withKinesis,
    boolean kafkaScram) {

  public static final int DEFAULT_KAFKA_PORT = 19092;
  public static final int DEFAULT_DYNAMODB_PORT = 18000;
  public static final int DEFAULT_POSTGRES_PORT = 15432;
  public static final int DEFAULT_S3_PORT = 18080;
  public static final int DEFAULT_COLLECTOR_PORT = 18090;
  public static final int DEFAULT_SMTP_PORT = 18025;
  public static final int DEFAULT_KINESIS_PORT = 18567;

  /** The state file's creator: the record has a second constructor. */
  @JsonCreator
  public StackConfig {
    port("kafka", kafkaPort);
    port("dynamodb", dynamodbPort);
    port("postgres", postgresPort);
    port("s3", s3Port);
    port("collector", collectorPort);
    port("smtp", smtpPort);
    port("kinesis", kinesisPort);
    if (kafkaPort + 1 == dynamodbPort
        || kafkaPort + 1 == postgresPort
        || kafkaPort + 1 == s3Port
        || kafkaPort + 1 == collectorPort
        || kafkaPort + 1 == smtpPort
        || kafkaPort + 1 == kinesisPort) {
      throw new IllegalArgumentException(
          "the Kafka controller uses port "
              + (kafkaPort + 1)
              + " (kafka port + 1); pick other ports");
    }
    home = home.toAbsolutePath().normalize();
    stateDir = stateDir.toAbsolutePath().normalize();
  }

  private static void port(String name, int port) {
    if (port < 1024 || port > 65534) {
      throw new IllegalArgumentException(
          name + " port " + port + " is outside 1024..65534; set it with --" + name + "-port");
    }
  }

  /** Defaults overridden by the environment. */
  public static StackConfig fromEnvironment(Path home, Map<String, String> env) {
    return new StackConfig(
        home,
        home.resolve(".cardstream"),
        envPort(env, "CARDSTREAM_KAFKA_PORT", DEFAULT_KAFKA_PORT),
        envPort(env, "CARDSTREAM_DYNAMODB_PORT", DEFAULT_DYNAMODB_PORT),
        envPort(env, "CARDSTREAM_POSTGRES_PORT", DEFAULT_POSTGRES_PORT),
        envPort(env, "CARDSTREAM_S3_PORT", DEFAULT_S3_PORT),
        envPort(env, "CARDSTREAM_COLLECTOR_PORT", DEFAULT_COLLECTOR_PORT),
        envPort(env, "CARDSTREAM_SMTP_PORT", DEFAULT_SMTP_PORT),
        envPort(env, "CARDSTREAM_KINESIS_PORT", DEFAULT_KINESIS_PORT),
        false,
        false,
        false);
  }

  private static int envPort(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + v + "' is not a port number");
    }
  }

  public StackConfig withPorts(
      Integer kafka,
      Integer dynamodb,
      Integer postgres,
      Integer s3,
      Integer collector,
      Integer smtp,
      Integer kinesis) {
    return new StackConfig(
        home,
        stateDir,
        kafka != null ? kafka : kafkaPort,
        dynamodb != null ? dynamodb : dynamodbPort,
        postgres != null ? postgres : postgresPort,
        s3 != null ? s3 : s3Port,
        collector != null ? collector : collectorPort,
        smtp != null ? smtp : smtpPort,
        kinesis != null ? kinesis : kinesisPort,
        withS3,
        withKinesis,
        kafkaScram);
  }

  public StackConfig withS3(boolean enabled) {
    return with(stateDir, enabled, withKinesis, kafkaScram);
  }

  public StackConfig withKinesis(boolean enabled) {
    return with(stateDir, withS3, enabled, kafkaScram);
  }

  public StackConfig withStateDir(Path dir) {
    return with(dir, withS3, withKinesis, kafkaScram);
  }

  /** The same stack, its broker on SASL_SSL + SCRAM (true) or plaintext. */
  public StackConfig withKafkaScram(boolean scram) {
    return with(stateDir, withS3, withKinesis, scram);
  }

  private StackConfig with(Path dir, boolean s3, boolean kinesis, boolean scram) {
    return new StackConfig(
        home,
        dir,
        kafkaPort,
        dynamodbPort,
        postgresPort,
        s3Port,
        collectorPort,
        smtpPort,
        kinesisPort,
        s3,
        kinesis,
        scram);
  }

  /** Where the stack's files live under the state directory. */
  public StateLayout layout() {
    return new StateLayout(stateDir);
  }

  /** A service's classpath, resolved by the build ({@code local/services/<name>}). */
  Path serviceClasspath(String service) {
    return home.resolve("local/services").resolve(service).resolve("target/classpath.txt");
  }
}

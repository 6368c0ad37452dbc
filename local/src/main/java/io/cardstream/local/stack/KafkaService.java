package io.cardstream.local.stack;

import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.service.JvmLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker in KRaft mode (broker and controller in one JVM; the controller on port + 1). With
 * {@link StackConfig#kafkaScram} its one client listener is SASL_SSL with SCRAM-SHA-512 ({@link
 * KafkaTls}): an unauthenticated client is refused, the broker itself authenticates on it too, and
 * the controller listener stays on 127.0.0.1 for the controller's own traffic.
 */
public final class KafkaService extends LocalService {

  public static final String NAME = "kafka";

  KafkaService(StackConfig config) {
    super(config, NAME, config.kafkaPort(), config.serviceClasspath("kafka"));
  }

  @Override
  Map<String, Integer> listens() {
    return Map.of(NAME, port(), "kafka controller", port() + 1);
  }

  @Override
  List<String> command(Path data, boolean fresh) throws IOException {
    KafkaTls tls = new KafkaTls(config.layout().kafkaTls());
    if (config.kafkaScram() && fresh) {
      tls.generate(config.layout().kafkaClientProperties());
    }
    Path props = data.resolve("server.properties");
    Files.writeString(
        props,
        serverProperties(data)
            + (config.kafkaScram() ? Files.readString(tls.brokerSettings()) : ""));
    Path log4j = data.resolve("log4j.properties");
    Files.writeString(
        log4j,
        String.join(
            "\n",
            "log4j.rootLogger=INFO, stdout",
            "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
            "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
            "log4j.logger.kafka.request.logger=WARN",
            "log4j.logger.state.change.logger=WARN",
            ""));
    String logConfig = "-Dlog4j.configuration=file:" + log4j;
    if (fresh) {
      // A restart finds the storage formatted, holding the topics; a fresh start formats it.
      format(props, logConfig, config.kafkaScram() ? tls.scramUsers() : null);
    }
    return JvmLauncher.of("kafka.Kafka")
        .small()
        .heap("512m")
        .flag(logConfig)
        .classpathFile(classpathFile())
        .args(props.toString())
        .command();
  }

  private String serverProperties(Path data) {
    int port = port();
    int controller = port + 1;
    String listener = config.kafkaScram() ? "SASL_SSL" : "PLAINTEXT";
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controller,
        "listeners=" + listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
        "advertised.listeners=" + listener + "://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=" + listener,
        "listener.security.protocol.map=" + listener + ":" + listener + ",CONTROLLER:PLAINTEXT",
        "log.dirs=" + data.resolve("logs"),
        "num.partitions=2",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=4",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=4",
        "group.initial.rebalance.delay.ms=0",
        "log.retention.hours=168",
        "");
  }

  /**
   * Formatting the KRaft storage is a one-off step before the broker's first start; it also creates
   * the SCRAM users ({@code scramUsers}: their options, or null), which the broker needs before any
   * client could add them. The whole command goes in an argument file readable by this user only,
   * so that the passwords are not on a command line.
   */
  private void format(Path props, String logConfig, Path scramUsers) throws IOException {
    Path log = config.layout().log("kafka-format");
    List<String> format =
        JvmLauncher.of("kafka.tools.StorageTool")
            .flag(logConfig)
            .classpathFile(classpathFile())
            .args("format", "-t", Uuid.randomUuid().toString(), "-c", props.toString())
            .command();
    if (scramUsers != null) {
      List<String> args = new ArrayList<>(format.subList(1, format.size()));
      args.addAll(Files.readAllLines(scramUsers));
      Path argFile = scramUsers.resolveSibling("kafka-format.args");
      KafkaTls.writePrivate(
          argFile,
          String.join("\n", args.stream().map(KafkaService::argFileQuoted).toList()) + "\n");
      format = List.of(format.get(0), "@" + argFile);
    }
    Process f =
        new ProcessBuilder(format)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    try {
      if (!f.waitFor(60, TimeUnit.SECONDS) || f.exitValue() != 0) {
        f.destroyForcibly();
        throw new IllegalStateException(
            "formatting the Kafka storage failed; see " + log + "\n" + ServiceProcess.tail(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while formatting Kafka storage", e);
    }
  }

  /** One argument as a java {@code @argfile} line: quoted, backslashes and quotes escaped. */
  private static String argFileQuoted(String arg) {
    return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  @Override
  boolean ready() throws Exception {
    if (!Probes.portOpen(port())) {
      return false;
    }
    try (Admin admin =
        KafkaClients.admin(
            "127.0.0.1:" + port(),
            Endpoints.of(config).kafkaAuth(),
            Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    }
  }

  private Path classpathFile() {
    return config.serviceClasspath("kafka");
  }
}

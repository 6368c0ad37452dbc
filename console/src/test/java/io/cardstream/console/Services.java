package io.cardstream.console;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real services of the console's integration test, each on ports of its own (a developer's
 * stack is not disturbed): a Kafka broker (KRaft) and DynamoDB Local as JVMs of their own, from the
 * classpaths the service modules resolve at build time (local/services/*), as the local stack
 * starts them; PostgreSQL from embedded binaries, in this JVM. The console does not depend on the
 * local stack's module (which depends on everything), so the test starts the services itself.
 */
final class Services implements AutoCloseable {

  final Path home;
  final Path dir;
  final int kafkaPort;
  final int dynamodbPort;
  private final List<Process> processes = new ArrayList<>();
  private EmbeddedPostgres postgres;

  Services(Path home, Path dir) throws IOException {
    this.home = home;
    this.dir = dir;
    this.kafkaPort = freePort();
    this.dynamodbPort = freePort();
  }

  String kafkaBootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  String dynamodbEndpoint() {
    return "http://127.0.0.1:" + dynamodbPort;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /** Starts the three; the JVMs start while PostgreSQL starts here. */
  Services start() throws Exception {
    Process kafka = startKafka();
    Process dynamodb = startDynamoDb();
    postgres =
        EmbeddedPostgres.builder()
            .setPort(freePort())
            .setDataDirectory(dir.resolve("pgdata"))
            .setCleanDataDirectory(true)
            .setServerConfig("fsync", "off")
            .start();
    waitFor("kafka", kafka, kafkaPort);
    waitFor("dynamodb", dynamodb, dynamodbPort);
    return this;
  }

  private Process startKafka() throws IOException, InterruptedException {
    Path data = Files.createDirectories(dir.resolve("kafka"));
    int controller = freePort();
    Path props = data.resolve("server.properties");
    Files.writeString(
        props,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controller,
            "listeners=PLAINTEXT://127.0.0.1:"
                + kafkaPort
                + ",CONTROLLER://127.0.0.1:"
                + controller,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + kafkaPort,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + data.resolve("logs"),
            "num.partitions=2",
            "auto.create.topics.enable=false",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=2",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=2",
            "group.initial.rebalance.delay.ms=0",
            ""));
    Path log4j = data.resolve("log4j.properties");
    Files.writeString(
        log4j,
        "log4j.rootLogger=WARN, stdout\n"
            + "log4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
            + "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n"
            + "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n\n");
    String cp = read(home.resolve("local/services/kafka/target/classpath.txt"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process format =
        new ProcessBuilder(
                java,
                "-Dlog4j.configuration=file:" + log4j,
                "-cp",
                cp,
                "kafka.tools.StorageTool",
                "format",
                "-t",
                org.apache.kafka.common.Uuid.randomUuid().toString(),
                "-c",
                props.toString())
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("format.log").toFile())
            .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      throw new IllegalStateException(
          "formatting Kafka's storage failed: " + Files.readString(data.resolve("format.log")));
    }
    return launch(
        "kafka",
        List.of(
            java,
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dlog4j.configuration=file:" + log4j,
            "-cp",
            cp,
            "kafka.Kafka",
            props.toString()),
        data);
  }

  private Process startDynamoDb() throws IOException {
    Path data = Files.createDirectories(dir.resolve("dynamodb"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return launch(
        "dynamodb",
        List.of(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dsqlite4java.library.path=" + home.resolve("local/services/dynamodb/target/native"),
            "-cp",
            read(home.resolve("local/services/dynamodb/target/classpath.txt")),
            "com.amazonaws.services.dynamodbv2.local.main.ServerRunner",
            "-inMemory",
            "-sharedDb",
            "-disableTelemetry",
            "-port",
            String.valueOf(dynamodbPort)),
        data);
  }

  private Process launch(String name, List<String> cmd, Path cwd) throws IOException {
    Process p =
        new ProcessBuilder(cmd)
            .directory(cwd.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    processes.add(p);
    return p;
  }

  private void waitFor(String name, Process p, int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            name + " exited: " + Files.readString(dir.resolve(name + ".log")));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException(name + " did not listen on " + port + " within 90 s");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String read(Path p) throws IOException {
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(
          "missing " + p + ": build the service modules first (./mvnw -DskipTests install)");
    }
    return Files.readString(p).trim();
  }

  @Override
  public void close() throws Exception {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
  }
}

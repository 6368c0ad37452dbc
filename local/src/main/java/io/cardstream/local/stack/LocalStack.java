package io.cardstream.local.stack;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cardstream.common.lake.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The embedded local stack: a Kafka broker (KRaft), DynamoDB Local, PostgreSQL, the HTTP collector,
 * a mail server and optionally s3proxy, each in its own JVM on 127.0.0.1, and optionally the
 * Kinesis emulator (kinesalite, a node process), with classpaths Maven resolved at build time. The
 * collector's API keys are made anew at each start: their hashes in its keys file, the keys
 * themselves in files only this user can read ({@link #apiKeyFile}). State (PIDs, ports, endpoints)
 * goes to {@code .cardstream/stack.json}, logs to {@code .cardstream/logs/}. {@link #down} stops
 * exactly the processes recorded there.
 */
public final class LocalStack {

  public static final String KAFKA = "kafka";
  public static final String DYNAMODB = "dynamodb";
  public static final String POSTGRES = "postgres";
  public static final String S3 = "s3";
  public static final String COLLECTOR = "collector";
  public static final String SMTP = "smtp";
  public static final String KINESIS = "kinesis";

  /** The local collector's keys: one per role, by role. */
  public static final List<String> KEY_ROLES = List.of("collector", "admin", "analyst");

  static final String S3_ACCESS_KEY = "local-access-key";
  static final String S3_SECRET_KEY = "local-secret-key";
  static final String S3_BUCKET = "cardstream-lake";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final StackConfig config;
  private final boolean dynamodbOnDisk;

  /** What {@code stack.json} holds. */
  public record State(
      StackConfig config, Map<String, ServiceState> services, Endpoints endpoints) {}

  public LocalStack(StackConfig config) {
    this(config, false);
  }

  /**
   * @param dynamodbOnDisk keep DynamoDB Local's tables in files under the state directory instead
   *     of in memory, so that {@link #restart} keeps them (the chaos benchmark)
   */
  public LocalStack(StackConfig config, boolean dynamodbOnDisk) {
    this.config = config;
    this.dynamodbOnDisk = dynamodbOnDisk;
  }

  public StackConfig config() {
    return config;
  }

  /** The recorded state, if a stack was started from this state directory. */
  public Optional<State> state() {
    Path file = config.stateFile();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), State.class));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + file + "; delete it if no stack is running", e);
    }
  }

  /** True when every recorded service process is alive. */
  public boolean isRunning() {
    return state()
        .map(
            s ->
                !s.services().isEmpty()
                    && s.services().values().stream().allMatch(ServiceState::isRunning))
        .orElse(false);
  }

  /** The endpoints of the running stack, or a clear error telling how to start it. */
  public Endpoints endpoints() {
    return state()
        .filter(s -> isRunning())
        .map(State::endpoints)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the local stack is not running (no live services in "
                        + config.stateFile()
                        + "): start it with `bin/cardstream stack up`"));
  }

  /**
   * Starts the stack, or reuses it when it is already running.
   *
   * @return true when this call started it (and so the caller may stop it), false when reused
   */
  public boolean up(PrintStream out) {
    Optional<State> existing = state();
    if (existing.isPresent()) {
      State s = existing.get();
      boolean allAlive = s.services().values().stream().allMatch(ServiceState::isRunning);
      boolean hasS3 = s.services().containsKey(S3);
      boolean hasKinesis = s.services().containsKey(KINESIS);
      if (allAlive && (hasS3 || !config.withS3()) && (hasKinesis || !config.withKinesis())) {
        out.println("The local stack is already running (" + config.stateFile() + "); reusing it.");
        return false;
      }
      out.println("A previous stack is partly running; stopping what is left of it first.");
      down(out);
    }
    try {
      Files.createDirectories(config.logDir());
      checkBuilt();
      List<String> names = new ArrayList<>(List.of(KAFKA, DYNAMODB, POSTGRES));
      if (config.withKinesis()) {
        // Before the collector, which writes to it and is healthy only when its stream is there.
        names.add(KINESIS);
      }
      names.addAll(List.of(COLLECTOR, SMTP));
      if (config.withS3()) {
        names.add(S3);
      }
      for (String n : names) {
        checkPortFree(n, port(n));
      }
      if (names.contains(KAFKA)) {
        checkPortFree("kafka controller", config.kafkaPort() + 1);
      }
      Map<String, ServiceState> started = new LinkedHashMap<>();
      Map<String, Process> processes = new LinkedHashMap<>();
      try {
        for (String n : names) {
          Process p = start(n, true);
          processes.put(n, p);
          ServiceState st =
              new ServiceState(
                  n,
                  p.pid(),
                  p.info().startInstant().orElse(Instant.now()),
                  port(n),
                  log(n).toString());
          started.put(n, st);
          // Recorded as soon as started, so `down` can clean up after a failed start too.
          writeState(new State(config, started, endpoints(config)));
        }
        for (String n : names) {
          waitReady(n, processes.get(n));
          if (n.equals(KINESIS)) {
            StackInit.createStreams(endpoints(config));
          }
          out.printf(
              "  %-9s ready on 127.0.0.1:%d (pid %d, log %s)%n",
              n, port(n), processes.get(n).pid(), config.home().relativize(log(n)));
        }
      } catch (RuntimeException | IOException e) {
        out.println("Start failed; stopping the services started so far.");
        down(out);
        throw e;
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the processes recorded in the state file, then removes it. */
  public void down(PrintStream out) {
    Optional<State> s = state();
    if (s.isEmpty()) {
      out.println("The local stack is not running (no " + config.stateFile() + ").");
      return;
    }
    for (ServiceState svc : s.get().services().values()) {
      Optional<ProcessHandle> h = svc.process();
      if (h.isEmpty()) {
        out.printf("  %-9s was not running%n", svc.name());
      } else {
        stop(h.get());
        out.printf("  %-9s stopped (pid %d)%n", svc.name(), svc.pid());
      }
      if (svc.name().equals(POSTGRES)) {
        stopOrphanPostmaster(out);
      }
    }
    try {
      Files.deleteIfExists(config.stateFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line per service: running or down. */
  public Map<String, String> status() {
    Map<String, String> result = new LinkedHashMap<>();
    Optional<State> s = state();
    if (s.isEmpty()) {
      return result;
    }
    for (ServiceState svc : s.get().services().values()) {
      result.put(
          svc.name(),
          svc.isRunning()
              ? "running on 127.0.0.1:" + svc.port() + " (pid " + svc.pid() + ")"
              : "down (pid " + svc.pid() + " is gone; see " + svc.log() + ")");
    }
    return result;
  }

  // ----------------------------------------------------------------------------------------------

  static Endpoints endpoints(StackConfig c) {
    return new Endpoints(
        "127.0.0.1:" + c.kafkaPort(),
        "http://127.0.0.1:" + c.dynamodbPort(),
        "jdbc:postgresql://127.0.0.1:" + c.postgresPort() + "/postgres",
        "postgres",
        c.withS3() ? "http://127.0.0.1:" + c.s3Port() : null,
        c.withS3() ? S3_ACCESS_KEY : null,
        c.withS3() ? S3_SECRET_KEY : null,
        c.withS3() ? S3_BUCKET : null,
        "http://127.0.0.1:" + c.collectorPort(),
        "127.0.0.1:" + c.smtpPort(),
        c.withKinesis() ? "http://127.0.0.1:" + c.kinesisPort() : null);
  }

  private int port(String name) {
    return switch (name) {
      case KAFKA -> config.kafkaPort();
      case DYNAMODB -> config.dynamodbPort();
      case POSTGRES -> config.postgresPort();
      case S3 -> config.s3Port();
      case COLLECTOR -> config.collectorPort();
      case SMTP -> config.smtpPort();
      case KINESIS -> config.kinesisPort();
      default -> throw new IllegalArgumentException(name);
    };
  }

  private Path log(String name) {
    return config.logDir().resolve(name + ".log");
  }

  private Path dataDir(String name) {
    return config.stateDir().resolve("data").resolve(name);
  }

  private Path serviceClasspathFile(String module) {
    return config.home().resolve("local/services").resolve(module).resolve("target/classpath.txt");
  }

  /** The emulator's launcher, installed with its npm packages by local/services/kinesalite. */
  private Path kinesaliteScript() {
    return config.home().resolve("local/services/kinesalite/target/npm/kinesalite-local.js");
  }

  private Path localClasspathFile() {
    return config.home().resolve("local/target/classpath.txt");
  }

  private Path collectorClasspathFile() {
    return config.home().resolve("ingest/target/classpath.txt");
  }

  /**
   * The clear API key of the running local collector for {@code role} (one of {@link #KEY_ROLES}):
   * the demo and {@code produce --via http} read it from here.
   */
  public Path apiKeyFile(String role) {
    return dataDir(COLLECTOR).resolve(role + ".key");
  }

  /** Where the local mail server keeps what it received: one {@code .eml} file per message. */
  public Path maildir() {
    return dataDir(SMTP).resolve("mail");
  }

  /** The local collector's keys document (hashes only). */
  public Path apiKeysFile() {
    return dataDir(COLLECTOR).resolve("api-keys.json");
  }

  private void checkBuilt() {
    for (Path p :
        List.of(
            serviceClasspathFile("kafka"),
            serviceClasspathFile("dynamodb"),
            serviceClasspathFile("s3proxy"),
            config.withKinesis() ? kinesaliteScript() : localClasspathFile(),
            localClasspathFile(),
            collectorClasspathFile())) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException(
            "missing "
                + p
                + ": the service classpaths are resolved by the build; run `./mvnw -DskipTests"
                + " install` (bin/cardstream does this on first use)");
      }
    }
  }

  private static void checkPortFree(String name, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      throw new IllegalStateException(
          "port "
              + port
              + " for "
              + name
              + " is already in use by another program; stop it or choose other ports"
              + " (--kafka-port/--dynamodb-port/--postgres-port/--s3-port/--collector-port/"
              + "--smtp-port/--kinesis-port or CARDSTREAM_*_PORT)");
    } catch (IOException free) {
      // nothing listens: good
    }
  }

  /**
   * Stops one running service and starts it again on its data (Kafka's log, DynamoDB's files when
   * on disk), as a crash and restart would; returns when it answers again.
   */
  public void restart(String name, PrintStream out) {
    State s =
        state().orElseThrow(() -> new IllegalStateException("the local stack is not running"));
    ServiceState svc = s.services().get(name);
    if (svc == null) {
      throw new IllegalArgumentException(name + " is not part of the running stack");
    }
    svc.process().ifPresent(LocalStack::stop);
    try {
      Process p = start(name, false);
      Map<String, ServiceState> services = new LinkedHashMap<>(s.services());
      services.put(
          name,
          new ServiceState(
              name,
              p.pid(),
              p.info().startInstant().orElse(Instant.now()),
              port(name),
              log(name).toString()));
      writeState(new State(s.config(), services, s.endpoints()));
      waitReady(name, p);
      out.printf("  %-9s restarted (pid %d)%n", name, p.pid());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a service; {@code fresh}: on empty data (a restart keeps it). */
  private Process start(String name, boolean fresh) throws IOException {
    Path data = dataDir(name);
    if (fresh) {
      deleteRecursively(data);
    }
    Files.createDirectories(data);
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      // Own session: the service survives the CLI and a terminal's Ctrl-C aimed at it.
      cmd.add("/usr/bin/setsid");
    }
    if (name.equals(KINESIS)) {
      // In memory: a stack's streams live as long as the emulator, like DynamoDB Local's tables.
      cmd.addAll(
          List.of("node", kinesaliteScript().toString(), String.valueOf(config.kinesisPort())));
      return startProcess(name, cmd, data, fresh);
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true"));
    switch (name) {
      case KAFKA -> kafkaCommand(cmd, data, fresh);
      case DYNAMODB -> {
        // Its in-memory tables live in SQLite (native memory); the heap holds requests and pages.
        cmd.add("-Xmx512m");
        cmd.add(
            "-Dsqlite4java.library.path="
                + config.home().resolve("local/services/dynamodb/target/native"));
        cmd.add("-cp");
        cmd.add(read(serviceClasspathFile("dynamodb")));
        cmd.add("com.amazonaws.services.dynamodbv2.local.main.ServerRunner");
        cmd.addAll(dynamodbOnDisk ? List.of("-dbPath", data.toString()) : List.of("-inMemory"));
        cmd.addAll(
            List.of(
                "-sharedDb", "-disableTelemetry", "-port", String.valueOf(config.dynamodbPort())));
      }
      case POSTGRES -> {
        cmd.add("-Xmx128m");
        cmd.add("-cp");
        cmd.add(config.home().resolve("local/target/classes") + ":" + read(localClasspathFile()));
        cmd.add(PostgresServer.class.getName());
        cmd.add(String.valueOf(config.postgresPort()));
        cmd.add(data.resolve("pgdata").toString());
      }
      case S3 -> s3Command(cmd, data);
      case COLLECTOR -> collectorCommand(cmd, data);
      case SMTP -> {
        cmd.add("-Xmx96m");
        cmd.add("-cp");
        cmd.add(config.home().resolve("local/target/classes") + ":" + read(localClasspathFile()));
        cmd.add(MailServer.class.getName());
        cmd.add(String.valueOf(config.smtpPort()));
        cmd.add(maildir().toString());
      }
      default -> throw new IllegalArgumentException(name);
    }
    return startProcess(name, cmd, data, fresh);
  }

  private Process startProcess(String name, List<String> cmd, Path data, boolean fresh)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(data.toFile()).redirectErrorStream(true);
    pb.redirectOutput(
        fresh
            ? ProcessBuilder.Redirect.to(log(name).toFile())
            : ProcessBuilder.Redirect.appendTo(log(name).toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return pb.start();
  }

  /** The collector on the stack's Kafka, with new keys (hashes in api-keys.json). */
  private void collectorCommand(List<String> cmd, Path data) throws IOException {
    Path keys = apiKeysFile();
    for (String role : KEY_ROLES) {
      String key = io.cardstream.service.ApiKeys.addKey(keys, "local-" + role, role);
      Path file = apiKeyFile(role);
      Files.writeString(file, key);
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
    cmd.addAll(
        CollectorProcess.arguments(
            config.home(),
            config.collectorPort(),
            "127.0.0.1:" + config.kafkaPort(),
            keys,
            // Feedback links and the review queue read and close cases in the stack's DynamoDB.
            "--dynamodb-endpoint",
            "http://127.0.0.1:" + config.dynamodbPort(),
            "--dynamodb-region",
            "us-east-1"));
    if (config.withKinesis()) {
      // The stack runs on Kinesis: accepted events go to its stream, as on AWS.
      cmd.addAll(
          List.of(
              "--kinesis-stream",
              Topics.KINESIS_TRANSACTIONS,
              "--kinesis-endpoint",
              "http://127.0.0.1:" + config.kinesisPort(),
              "--kinesis-region",
              Endpoints.REGION));
    }
  }

  private void kafkaCommand(List<String> cmd, Path data, boolean fresh) throws IOException {
    int port = config.kafkaPort();
    int controller = port + 1;
    Path props = data.resolve("server.properties");
    Files.writeString(
        props,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controller,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
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
            ""));
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
    String cp = read(serviceClasspathFile("kafka"));
    if (!fresh) {
      // A restart: the storage is formatted already, and holds the topics.
      cmd.addAll(
          List.of(
              "-Xmx512m",
              "-Dlog4j.configuration=file:" + log4j,
              "-cp",
              cp,
              "kafka.Kafka",
              props.toString()));
      return;
    }
    // Formatting the KRaft storage is a one-off step before the broker starts.
    List<String> format = new ArrayList<>();
    format.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    format.addAll(
        List.of(
            "-Dlog4j.configuration=file:" + log4j,
            "-cp",
            cp,
            "kafka.tools.StorageTool",
            "format",
            "-t",
            org.apache.kafka.common.Uuid.randomUuid().toString(),
            "-c",
            props.toString()));
    Process f =
        new ProcessBuilder(format)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log(KAFKA).toFile()))
            .start();
    try {
      if (!f.waitFor(60, TimeUnit.SECONDS) || f.exitValue() != 0) {
        f.destroyForcibly();
        throw new IllegalStateException(
            "formatting the Kafka storage failed; see " + log(KAFKA) + "\n" + tail(log(KAFKA)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while formatting Kafka storage", e);
    }
    Files.move(
        log(KAFKA),
        config.logDir().resolve("kafka-format.log"),
        StandardCopyOption.REPLACE_EXISTING);
    cmd.addAll(
        List.of(
            "-Xmx512m",
            "-Dlog4j.configuration=file:" + log4j,
            "-cp",
            cp,
            "kafka.Kafka",
            props.toString()));
  }

  private void s3Command(List<String> cmd, Path data) throws IOException {
    Path blobs = data.resolve("blobs");
    Files.createDirectories(blobs.resolve(S3_BUCKET));
    Path props = data.resolve("s3proxy.properties");
    Files.writeString(
        props,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + config.s3Port(),
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + S3_ACCESS_KEY,
            "s3proxy.credential=" + S3_SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + blobs,
            ""));
    Path logback = data.resolve("logback.xml");
    Files.writeString(
        logback,
        "<configuration><appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">"
            + "<encoder><pattern>%d %level %logger{20} - %msg%n</pattern></encoder></appender>"
            + "<root level=\"INFO\"><appender-ref ref=\"OUT\"/></root></configuration>\n");
    cmd.addAll(
        List.of(
            "-Xmx256m",
            "-Dlogback.configurationFile=" + logback,
            "-cp",
            read(serviceClasspathFile("s3proxy")),
            "org.gaul.s3proxy.Main",
            "--properties",
            props.toString()));
  }

  private void waitReady(String name, Process p) {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with code "
                + p.exitValue()
                + " during start-up; last lines of "
                + log(name)
                + ":\n"
                + tail(log(name)));
      }
      if (ReadinessProbes.ready(name, endpoints(config))) {
        return;
      }
      sleep(250);
    }
    throw new IllegalStateException(
        name
            + " was not ready after "
            + READY_TIMEOUT.toSeconds()
            + " s; last lines of "
            + log(name)
            + ":\n"
            + tail(log(name)));
  }

  private static void stop(ProcessHandle h) {
    h.destroy();
    try {
      h.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      h.destroyForcibly();
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // reported by status if it is still there
      }
    }
  }

  /** The postmaster outlives its JVM only if that JVM was killed hard; stop it too. */
  private void stopOrphanPostmaster(PrintStream out) {
    Path pidFile = dataDir(POSTGRES).resolve("pgdata/postmaster.pid");
    try {
      if (!Files.exists(pidFile)) {
        return;
      }
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
      if (h.isPresent()
          && h.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
        stop(h.get());
        out.printf("  %-9s stopped orphan postmaster (pid %d)%n", POSTGRES, pid);
      }
    } catch (IOException | RuntimeException e) {
      out.println("  could not check " + pidFile + ": " + e.getMessage());
    }
  }

  private void writeState(State state) throws IOException {
    Path tmp = config.stateFile().resolveSibling("stack.json.tmp");
    JSON.writeValue(tmp.toFile(), state);
    Files.move(
        tmp,
        config.stateFile(),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8).trim();
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Deletes a directory tree (state the local tools own). */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

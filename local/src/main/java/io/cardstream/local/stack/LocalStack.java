package io.cardstream.local.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The supervisor of the embedded local stack: Kafka (KRaft), DynamoDB Local, PostgreSQL, the HTTP
 * collector, a mail server, optionally s3proxy and the Kinesis emulator, each a {@link
 * LocalService} in its own process on 127.0.0.1; the console is added on top ({@link #add}). It
 * keeps the state file ({@link StateLayout#stateFile}: PIDs, ports, endpoints), the start order,
 * the wait until each is ready and the stop: {@link #down} stops exactly the processes recorded
 * there, the last started first. Logs go to {@link StateLayout#logs}.
 */
public final class LocalStack {

  private final StackConfig config;
  private final boolean dynamodbOnDisk;
  private final StateFile stateFile;

  /** What the state file holds. */
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
    this.stateFile = new StateFile(config.layout().stateFile());
  }

  public StackConfig config() {
    return config;
  }

  public StateLayout layout() {
    return config.layout();
  }

  /** The stack's own services, in start order. */
  public List<LocalService> services() {
    List<LocalService> s = new ArrayList<>();
    s.add(new KafkaService(config));
    s.add(new DynamoDbService(config, dynamodbOnDisk));
    s.add(new PostgresService(config));
    if (config.withKinesis()) {
      // Before the collector, which writes to it and is healthy only when its stream is there.
      s.add(new KinesisService(config));
    }
    s.add(new CollectorService(config));
    s.add(new SmtpService(config));
    if (config.withS3()) {
      s.add(new S3Service(config));
    }
    return s;
  }

  /** The recorded state, if a stack was started from this state directory. */
  public Optional<State> state() {
    return stateFile.read();
  }

  /** True when every service of the recorded stack runs (an added one, the console, may not). */
  public boolean isRunning() {
    return state().map(LocalStack::runs).orElse(false);
  }

  private static boolean runs(State s) {
    return new LocalStack(s.config()).services().stream().allMatch(svc -> runs(s, svc.name()));
  }

  private static boolean runs(State s, String name) {
    return Optional.ofNullable(s.services().get(name)).map(ServiceState::isRunning).orElse(false);
  }

  /** The endpoints of the running stack, or a clear error telling how to start it. */
  public Endpoints endpoints() {
    return state()
        .filter(LocalStack::runs)
        .map(State::endpoints)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the local stack is not running (no live services in "
                        + stateFile.path()
                        + "): start it with `bin/cardstream stack up`"));
  }

  /**
   * Starts the stack, or reuses it when it is already running with every service asked for.
   *
   * @return true when this call started it (and so the caller may stop it), false when reused
   */
  public boolean up(PrintStream out) {
    List<LocalService> services = services();
    Optional<State> existing = state();
    if (existing.isPresent()) {
      State s = existing.get();
      if (runs(s)
          && services.stream().allMatch(svc -> runs(s, svc.name()))
          && s.config().kafkaScram() == config.kafkaScram()) {
        out.println(
            "The local stack is already running (" + layout().stateFile() + "); reusing it.");
        return false;
      }
      out.println("A previous stack is partly running; stopping what is left of it first.");
      down(out);
    }
    ServiceProcess.checkStartable(services);
    try {
      Map<String, Process> started = new LinkedHashMap<>();
      for (LocalService s : services) {
        started.put(s.name(), launch(s, true));
      }
      for (LocalService s : services) {
        awaitReady(s, started.get(s.name()));
        s.whenReady();
        printReady(s, started.get(s.name()), out);
      }
      return true;
    } catch (RuntimeException | IOException e) {
      out.println("Start failed; stopping the services started so far.");
      down(out);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** Adds a service to the stack (the console), or reuses it when it runs already. */
  public void add(LocalService s, PrintStream out) {
    Optional<ServiceState> running =
        state().map(st -> st.services().get(s.name())).filter(ServiceState::isRunning);
    if (running.isPresent()) {
      out.printf(
          "  %-9s already running on 127.0.0.1:%d; reusing it%n", s.name(), running.get().port());
      return;
    }
    ServiceProcess.checkStartable(List.of(s));
    try {
      Process p = launch(s, true);
      awaitReady(s, p);
      s.whenReady();
      printReady(s, p, out);
    } catch (RuntimeException | IOException e) {
      stop(s.name(), out);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /** Stops the processes recorded in the state file, the last started first, and removes it. */
  public void down(PrintStream out) {
    Optional<State> s = state();
    if (s.isEmpty()) {
      out.println("The local stack is not running (no " + layout().stateFile() + ").");
      return;
    }
    List<String> names = new ArrayList<>(s.get().services().keySet());
    // The console before the services it reads, the collector before Kafka.
    Collections.reverse(names);
    names.forEach(n -> stop(n, out));
  }

  /** Stops one recorded service and forgets it; the state file goes with the last one. */
  public void stop(String name, PrintStream out) {
    Optional<State> state = state();
    ServiceState svc = state.map(s -> s.services().get(name)).orElse(null);
    if (svc == null) {
      return;
    }
    Optional<ProcessHandle> h = svc.process();
    if (h.isEmpty()) {
      out.printf("  %-9s was not running%n", name);
    } else {
      ServiceProcess.stop(h.get());
      out.printf("  %-9s stopped (pid %d)%n", name, svc.pid());
    }
    services().stream().filter(x -> x.name().equals(name)).forEach(x -> x.afterStop(out));
    stateFile.forget(name);
  }

  /**
   * Stops one running service and starts it again on its data (Kafka's log, DynamoDB's files when
   * on disk), as a crash and restart would; returns when it answers again.
   */
  public void restart(String name, PrintStream out) {
    State s =
        state().orElseThrow(() -> new IllegalStateException("the local stack is not running"));
    ServiceState svc = s.services().get(name);
    LocalService service =
        services().stream()
            .filter(x -> x.name().equals(name) && svc != null)
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException(name + " is not part of the running stack"));
    svc.process().ifPresent(ServiceProcess::stop);
    try {
      Process p = launch(service, false);
      awaitReady(service, p);
      out.printf("  %-9s restarted (pid %d)%n", name, p.pid());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line per recorded service: running or down. */
  public Map<String, String> status() {
    Map<String, String> result = new LinkedHashMap<>();
    for (ServiceState svc : state().map(s -> s.services().values()).orElse(List.of())) {
      result.put(
          svc.name(),
          svc.isRunning()
              ? "running on 127.0.0.1:" + svc.port() + " (pid " + svc.pid() + ")"
              : "down (pid " + svc.pid() + " is gone; see " + svc.log() + ")");
    }
    return result;
  }

  // ----------------------------------------------------------------------------------------------

  /** Starts a service and records it at once, so `down` cleans up after a failed start too. */
  private Process launch(LocalService s, boolean fresh) throws IOException {
    Path data = layout().data(s.name());
    if (fresh) {
      deleteRecursively(data);
    }
    Files.createDirectories(data);
    Files.createDirectories(layout().logs());
    Path log = layout().log(s.name());
    Process p = ServiceProcess.start(s, data, log, fresh);
    Instant started = p.info().startInstant().orElse(Instant.now());
    stateFile.record(
        new ServiceState(s.name(), p.pid(), started, s.port(), log.toString()),
        new State(config, Map.of(), Endpoints.of(config)));
    return p;
  }

  private void awaitReady(LocalService s, Process p) {
    ServiceProcess.awaitReady(s, p, layout().log(s.name()));
  }

  private void printReady(LocalService s, Process p, PrintStream out) {
    out.printf(
        "  %-9s ready on 127.0.0.1:%d (pid %d, log %s)%n",
        s.name(), s.port(), p.pid(), config.home().relativize(layout().log(s.name())));
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
}

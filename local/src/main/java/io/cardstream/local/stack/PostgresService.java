package io.cardstream.local.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Optional;

/** PostgreSQL, the warehouse's local stand-in: a postmaster run by {@link PostgresServer}. */
public final class PostgresService extends LocalService {

  public static final String NAME = "postgres";

  PostgresService(StackConfig config) {
    super(config, NAME, config.postgresPort(), config.home().resolve("local/target/classpath.txt"));
  }

  @Override
  List<String> command(Path data, boolean fresh) throws IOException {
    return localMain(PostgresServer.class, "128m", pgdata());
  }

  @Override
  boolean ready() throws Exception {
    Endpoints e = Endpoints.of(config);
    try (Connection c = DriverManager.getConnection(e.postgresJdbcUrl(), e.postgresUser(), "")) {
      return c.isValid(2);
    }
  }

  /** The postmaster outlives its JVM only if that JVM was killed hard; stop it too. */
  @Override
  void afterStop(PrintStream out) {
    Path pidFile = pgdata().resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) {
        return;
      }
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
      if (h.isPresent()
          && h.get().info().command().map(c -> c.contains("postgres")).orElse(false)) {
        ServiceProcess.stop(h.get());
        out.printf("  %-9s stopped orphan postmaster (pid %d)%n", NAME, pid);
      }
    } catch (IOException | RuntimeException e) {
      out.println("  could not check " + pidFile + ": " + e.getMessage());
    }
  }

  private Path pgdata() {
    return config.layout().data(NAME).resolve("pgdata");
  }
}

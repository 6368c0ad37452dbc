package io.cardstream.common.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real Kinesis emulator (kinesalite, installed by local/services/kinesalite at build time) in a
 * node process of its own on a free loopback port, for one test class. The module that uses it
 * depends on cardstream-service-kinesalite (type pom, scope test), so the build installs it first.
 */
public final class Kinesalite implements AutoCloseable {

  public final int port;
  private final Process process;
  private final Path log;

  private Kinesalite(int port, Process process, Path log) {
    this.port = port;
    this.process = process;
    this.log = log;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Starts it; the project's root is {@code -Dcardstream.home}, else two levels up (a module under
   * jobs/).
   */
  public static Kinesalite start() throws IOException, InterruptedException {
    Path home =
        Path.of(System.getProperty("cardstream.home", "../..")).toAbsolutePath().normalize();
    Path script = home.resolve("local/services/kinesalite/target/npm/kinesalite-local.js");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(script + " is missing: build local/services/kinesalite");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("kinesalite-", ".log");
    Process p =
        new ProcessBuilder("node", script.toString(), Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (Files.readString(log).contains("listening on 127.0.0.1:" + port)) {
        return new Kinesalite(port, p, log);
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IllegalStateException("kinesalite did not start: " + Files.readString(log));
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    Files.deleteIfExists(log);
  }
}

package io.cardstream.common.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A test's emulator in a process of its own on a free loopback port, its output in a temporary log
 * (shown when it does not start); closing it stops the process.
 */
public abstract class LoopbackProcess implements AutoCloseable {

  /** Whether the process on {@code port}, writing {@code log}, is ready. */
  @FunctionalInterface
  protected interface Ready {
    boolean test(int port, Path log) throws IOException;
  }

  /** A started process, for the subclass's constructor. */
  protected record Started(int port, Process process, Path log) {}

  public final int port;
  private final Process process;
  private final Path log;

  protected LoopbackProcess(Started s) {
    this.port = s.port();
    this.process = s.process();
    this.log = s.log();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The project's root: {@code -Dcardstream.home}, else two levels up (a module under jobs/). */
  protected static Path home() {
    return Path.of(System.getProperty("cardstream.home", "../..")).toAbsolutePath().normalize();
  }

  /** Runs {@code command} for a free port and waits up to {@code timeout} until it is ready. */
  protected static Started start(
      String name, IntFunction<List<String>> command, Duration timeout, Ready ready)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile(name + "-", ".log");
    Process p =
        new ProcessBuilder(command.apply(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (ready.test(port, log)) {
        return new Started(port, p, log);
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IllegalStateException(name + " did not start: " + Files.readString(log));
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

package io.cardstream.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service JVM's command line, the one place it is built: this JDK's {@code java}, flags, a
 * classpath the build resolved ({@code <module>/target/classes} and {@code
 * <module>/target/classpath.txt}, or a service's {@code classpath.txt} alone), the main class, its
 * arguments, and changes to the environment. The local stack's services, the collector and the
 * console start through here.
 */
public final class JvmLauncher {

  /** What every JVM of the local stack runs with: two cores are shared by all of them. */
  private static final List<String> SMALL =
      List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");

  private final String main;
  private final List<String> flags = new ArrayList<>();
  private final List<String> args = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private String classpath;

  private JvmLauncher(String main) {
    this.main = main;
  }

  public static JvmLauncher of(String mainClass) {
    return new JvmLauncher(mainClass);
  }

  /** Serial GC, the C1 compiler only, IPv4: a small service JVM next to Spark on two cores. */
  public JvmLauncher small() {
    flags.addAll(SMALL);
    return this;
  }

  public JvmLauncher heap(String size) {
    flags.add("-Xmx" + size);
    return this;
  }

  public JvmLauncher flag(String... more) {
    flags.addAll(List.of(more));
    return this;
  }

  /** A module of this repository: its classes, then its dependencies as the build listed them. */
  public JvmLauncher module(Path home, String module) throws IOException {
    Path dir = home.resolve(module).resolve("target");
    classpath = dir.resolve("classes") + ":" + read(dir.resolve("classpath.txt"));
    return this;
  }

  /** A service's classpath file alone ({@code local/services/<name>/target/classpath.txt}). */
  public JvmLauncher classpathFile(Path file) throws IOException {
    classpath = read(file);
    return this;
  }

  public JvmLauncher args(String... more) {
    return args(List.of(more));
  }

  public JvmLauncher args(List<String> more) {
    args.addAll(more);
    return this;
  }

  /** A change to the inherited environment: a null value removes the variable. */
  public JvmLauncher env(Map<String, String> changes) {
    env.putAll(changes);
    return this;
  }

  /** {@code java <flags> -cp <classpath> <main> <args>}. */
  public List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(flags);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(main);
    cmd.addAll(args);
    return cmd;
  }

  /** The command with the environment changes applied, output and input still to redirect. */
  public ProcessBuilder processBuilder() {
    ProcessBuilder pb = new ProcessBuilder(command());
    env.forEach(
        (k, v) -> {
          if (v == null) {
            pb.environment().remove(k);
          } else {
            pb.environment().put(k, v);
          }
        });
    return pb;
  }

  /**
   * Starts the JVM, its output into {@code log}, and waits (60 s at most) until the log holds
   * {@code listening}; returns the process and the pattern's first group (the URL it listens on).
   */
  public Running startListening(Path log, Pattern listening) throws IOException {
    ProcessBuilder pb = processBuilder().redirectErrorStream(true);
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process p = pb.redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      Matcher m = listening.matcher(Files.readString(log));
      if (m.find()) {
        return new Running(p, m.group(1), log);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException(main + " did not start; its log:\n" + Files.readString(log));
  }

  /** A started JVM, the URL it said it listens on, and its log. */
  public record Running(Process process, String url, Path log) {
    /** SIGTERM (a server stops and closes its clients), SIGKILL after 20 s. */
    public void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** This JDK's {@code java}. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw notBuilt(file);
    }
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }

  /** The error for a classpath file the build has not written yet, with the command that does. */
  public static IllegalStateException notBuilt(Path file) {
    return new IllegalStateException(
        "missing "
            + file
            + ": classpaths are resolved by the build; run `./mvnw -DskipTests install`"
            + " (bin/cardstream does this on first use)");
  }
}

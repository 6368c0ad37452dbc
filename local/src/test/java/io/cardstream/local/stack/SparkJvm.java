package io.cardstream.local.stack;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DeltaWriterMain} in a JVM of its own: this test JVM's java and classpath, its Spark
 * module flags ({@code spark.java17.flags}, which the build passes to the test JVM), 1 GB of heap.
 * Output goes to a log file; {@link #await} returns the {@code RESULT} line's values.
 */
final class SparkJvm {

  private final String name;
  private final Process process;
  private final Path log;

  private SparkJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code DeltaWriterMain} with {@code args} ({@code key=value}), logging to {@code dir}.
   */
  static SparkJvm start(String name, Path dir, List<String> jvmArgs, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")) {
        cmd.add(a);
      }
    }
    cmd.addAll(
        List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.timezone=UTC"));
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(DeltaWriterMain.class.getName());
    cmd.addAll(args);
    Path log = dir.resolve(name + ".log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new SparkJvm(name, p, log);
  }

  /**
   * Waits for the JVM to end.
   *
   * @return the {@code RESULT} line's {@code key=value} pairs, plus {@code exit}
   */
  Map<String, String> await(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(name + " did not end within " + timeout + "; see " + log);
    }
    Map<String, String> out = new HashMap<>();
    out.put("exit", Integer.toString(process.exitValue()));
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("RESULT ")) {
        for (String kv : line.substring(7).trim().split(" ")) {
          int eq = kv.indexOf('=');
          out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
    }
    return out;
  }

  void kill() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }

  Path log() {
    return log;
  }
}

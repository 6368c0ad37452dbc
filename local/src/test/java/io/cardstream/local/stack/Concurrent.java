package io.cardstream.local.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two appenders and an optimizer, each a Spark JVM of its own, on one Delta table at the same time;
 * then a fourth JVM counts what the table holds. The first appender creates the table, the others
 * start on it once it exists; the optimizer compacts until both appenders are done.
 */
final class Concurrent {

  private final Map<String, SparkJvm> jvms = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> results = new LinkedHashMap<>();
  private final Path dir;
  private final String label;
  private final List<String> common;
  private final int commits;
  private final int rows;

  private Concurrent(Path dir, String label, List<String> common, int commits, int rows) {
    this.dir = dir;
    this.label = label;
    this.common = common;
    this.commits = commits;
    this.rows = rows;
  }

  /**
   * @param common the table, log store and endpoints arguments
   * @param label names the JVMs' log files
   */
  static Concurrent start(Path dir, List<String> common, String label, int commits, int rows)
      throws IOException {
    Concurrent c = new Concurrent(dir, label, common, commits, rows);
    c.launch("appender-1", "mode=append", "writer=1", "creates=true");
    c.launch("appender-2", "mode=append", "writer=2");
    c.launch("optimizer", "mode=optimize", "stopFile=" + c.stopFile());
    return c;
  }

  /** Waits for all three, then counts the table; returns the count's results. */
  Map<String, String> awaitAll(Duration timeout) throws IOException, InterruptedException {
    try {
      for (String n : List.of("appender-1", "appender-2")) {
        results.put(n, jvms.get(n).await(timeout));
      }
      Files.createFile(stopFile());
      results.put("optimizer", jvms.get("optimizer").await(timeout));
    } finally {
      for (SparkJvm j : jvms.values()) {
        j.kill();
      }
    }
    Map<String, String> count = launch("count", "mode=count", "writers=1,2").await(timeout);
    results.put("count", count);
    return count;
  }

  /** Each JVM's exit code, by name. */
  Map<String, String> exits() {
    Map<String, String> out = new LinkedHashMap<>();
    results.forEach((n, r) -> out.put(n + " (" + jvms.get(n).log() + ")", r.get("exit")));
    return out;
  }

  /** Appends each appender reports it made. */
  List<Integer> appended() {
    return List.of(
        Integer.parseInt(results.get("appender-1").getOrDefault("appended", "-1")),
        Integer.parseInt(results.get("appender-2").getOrDefault("appended", "-1")));
  }

  int compactions() {
    return Integer.parseInt(results.get("optimizer").getOrDefault("compactions", "-1"));
  }

  Map<String, Map<String, String>> results() {
    return results;
  }

  private Path stopFile() {
    return dir.resolve(label + ".stop");
  }

  private SparkJvm launch(String name, String... args) throws IOException {
    List<String> a = new ArrayList<>(common);
    a.addAll(List.of(args));
    a.addAll(List.of("commits=" + commits, "rows=" + rows));
    SparkJvm j = SparkJvm.start(label + "-" + name, dir, List.of(), a);
    jvms.put(name, j);
    return j;
  }
}

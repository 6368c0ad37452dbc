package io.cardstream.local.demo;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The demo's phases: each one's header printed as it starts, its duration kept when it ends. */
final class Phases {

  private final PrintStream out;
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private String current;
  private long started;

  Phases(PrintStream out) {
    this.out = out;
  }

  /** Ends the running phase (if any) and starts {@code name}, printing its header. */
  void next(String name, String header) {
    end();
    out.println(header);
    current = name;
    started = System.nanoTime();
  }

  void nextf(String name, String format, Object... args) {
    next(name, String.format(format, args).stripTrailing());
  }

  /** Ends the running phase; nothing when none runs. */
  void end() {
    if (current != null) {
      seconds.put(current, Math.round((System.nanoTime() - started) / 1e8) / 10.0);
      current = null;
    }
  }

  /** Seconds per ended phase, in their order. */
  Map<String, Double> seconds() {
    return new LinkedHashMap<>(seconds);
  }
}

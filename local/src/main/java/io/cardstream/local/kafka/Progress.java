package io.cardstream.local.kafka;

import java.io.PrintStream;

/**
 * Progress of a long loop: count, rate and ETA. Rewrites one line on a terminal; prints a line
 * every few seconds otherwise (CI logs).
 */
public final class Progress {

  private final PrintStream out;
  private final String verb;
  private final long total;
  private final boolean terminal = System.console() != null;
  private final long start = System.nanoTime();
  private long lastPrint = start;

  public Progress(PrintStream out, String verb, long total) {
    this.out = out;
    this.verb = verb;
    this.total = total;
  }

  public void update(long n) {
    long now = System.nanoTime();
    long every = terminal ? 500_000_000L : 5_000_000_000L;
    if (now - lastPrint < every) {
      return;
    }
    lastPrint = now;
    double secs = (now - start) / 1e9;
    double rate = n / Math.max(secs, 1e-9);
    String eta = total > 0 && rate > 0 ? String.format("ETA %ds", (long) ((total - n) / rate)) : "";
    String line = String.format("  %s %,d / %,d  (%s/s)  %s", verb, n, total, rate(rate), eta);
    if (terminal) {
      out.print("\r" + line + "   ");
    } else {
      out.println(line);
    }
    out.flush();
  }

  public void done(long n) {
    double secs = (System.nanoTime() - start) / 1e9;
    if (terminal) {
      out.print("\r");
    }
    out.printf("  %s %,d in %.1f s (%s/s)%n", verb, n, secs, rate(n / Math.max(secs, 1e-9)));
  }

  /** Slow loops (dates per second) keep a decimal. */
  private static String rate(double perSecond) {
    return String.format(perSecond < 10 ? "%.1f" : "%,.0f", perSecond);
  }
}

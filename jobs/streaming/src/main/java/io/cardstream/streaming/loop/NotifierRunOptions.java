package io.cardstream.streaming.loop;

import picocli.CommandLine.Option;

/**
 * How the notifier runs, one declaration for the spark-submit job ({@link NotifierJob}) and the
 * local CLI's {@code notifier}.
 */
public final class NotifierRunOptions {

  @Option(
      names = "--trigger-seconds",
      defaultValue = "5",
      description = "Micro-batch interval (default ${DEFAULT-VALUE}).")
  int triggerSeconds;

  @Option(names = "--available-now", description = "Notify what is on the topics now, then stop.")
  boolean availableNow;

  public int triggerSeconds() {
    return triggerSeconds;
  }

  public boolean availableNow() {
    return availableNow;
  }
}

package io.cardstream.common.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Job logs an operator can read on EMR. Spark's default configuration logs at INFO, which for the
 * libraries means a line per task, file commit and state-store statistic: one 5,000-event stream
 * run wrote 81,766 lines, 4,064 of them RocksDB statistics (Spark forwards RocksDB's native log at
 * the level of its own RocksDB logger). The libraries go to WARN, our own code stays at INFO (one
 * line per batch, the warnings that matter). {@value #ENV} overrides the libraries' level ({@code
 * info}, {@code debug}, ...) or, set to {@code keep}, leaves the cluster's log4j2 configuration as
 * it is.
 */
public final class JobLogging {

  public static final String ENV = "CARDSTREAM_LIBRARY_LOG_LEVEL";

  /** The libraries that log every task, file and statistic at INFO. */
  static final List<String> LIBRARIES =
      List.of(
          "org.apache.spark",
          "org.sparkproject",
          "org.apache.hadoop",
          "org.apache.parquet",
          "org.apache.kafka",
          "io.delta",
          "software.amazon",
          "com.amazonaws");

  private JobLogging() {}

  /** Sets the levels; returns the libraries' level, or null when the configuration is kept. */
  public static Level apply(Map<String, String> env) {
    String wanted = env.getOrDefault(ENV, "warn").trim().toLowerCase(Locale.ROOT);
    if (wanted.equals("keep")) {
      return null;
    }
    Level level = Level.toLevel(wanted, null);
    if (level == null) {
      throw new IllegalArgumentException(
          ENV + " must be a log level (warn, info, debug, ...) or keep, got '" + wanted + "'");
    }
    for (String logger : LIBRARIES) {
      Configurator.setLevel(logger, level);
    }
    Configurator.setLevel("io.cardstream", Level.INFO);
    return level;
  }
}

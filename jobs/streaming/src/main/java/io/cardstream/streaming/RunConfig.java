package io.cardstream.streaming;

import java.util.Locale;

/**
 * Checkpoint, triggers and status of the scoring stream ({@link StreamConfig#run()}).
 *
 * @param checkpoint checkpoint location (offsets, state, commits): never change it between runs
 * @param triggerSeconds the lake query's micro-batch interval (one Delta commit per table each)
 * @param decisionTriggerMillis the decisions query's micro-batch interval
 * @param queries which queries run in this application
 * @param availableNow process what is available, then stop (demo, backfill)
 * @param statusFile JSON snapshot of the latest progress, or null
 * @param sinkOutageMinutes how long a batch retries sinks that are unreachable before the query
 *     fails (0: for ever)
 */
public record RunConfig(
    String checkpoint,
    int triggerSeconds,
    int decisionTriggerMillis,
    Queries queries,
    boolean availableNow,
    String statusFile,
    int sinkOutageMinutes) {
  public RunConfig {
    if (decisionTriggerMillis < 0) {
      throw new IllegalArgumentException(
          "--decision-trigger-ms must not be negative, got " + decisionTriggerMillis);
    }
    StreamConfig.require(checkpoint, "--checkpoint");
    if (sinkOutageMinutes < 0) {
      throw new IllegalArgumentException(
          "--sink-outage-minutes must be 0 (for ever) or more, got " + sinkOutageMinutes);
    }
    if (triggerSeconds < 1) {
      throw new IllegalArgumentException(
          "--trigger-seconds must be at least 1, got " + triggerSeconds);
    }
  }

  /**
   * Which of the stream's two queries this application runs: the decisions (source to the decision
   * topics and the lake topic), the lake (lake topic to Delta and DynamoDB), or both.
   */
  public enum Queries {
    DECISIONS,
    LAKE,
    BOTH;

    public boolean decisions() {
      return this != LAKE;
    }

    public boolean lake() {
      return this != DECISIONS;
    }

    public static Queries parse(String v) {
      try {
        return valueOf(v.trim().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "--queries must be decisions, lake or both, got " + v, e);
      }
    }
  }
}

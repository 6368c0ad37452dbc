package io.cardstream.streaming;

/**
 * The per-card state and the decide stage ({@link StreamConfig#scoring()}).
 *
 * @param registry model registry root; the CHAMPION pointer is re-read between micro-batches
 * @param rulesFile versioned rules JSON, or null for the built-in seed rules
 * @param stateIdleDays drop a card's state after this many days without events
 */
public record ScoringConfig(String registry, String rulesFile, int stateIdleDays) {
  public ScoringConfig {
    StreamConfig.require(registry, "--registry");
    if (stateIdleDays < 1) {
      throw new IllegalArgumentException(
          "--state-idle-days must be at least 1, got " + stateIdleDays);
    }
  }
}

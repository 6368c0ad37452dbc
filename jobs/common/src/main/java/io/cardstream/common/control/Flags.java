package io.cardstream.common.control;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Folding {@code flagged_accounts} records into the set of cards flagged now. */
public final class Flags {

  private static final Logger LOG = LoggerFactory.getLogger(Flags.class);

  private Flags() {}

  /**
   * Applies one topic record: a flag adds or replaces the card's entry, an unflag or a tombstone
   * removes it; a value that is not a flag event is skipped with a warning (it cannot flag anyone).
   */
  public static void apply(Map<String, FlagEvent> flags, String key, String value) {
    if (value == null) {
      flags.remove(key);
      return;
    }
    FlagEvent e;
    try {
      e = FlagEvent.fromJson(value);
    } catch (RuntimeException bad) {
      LOG.warn(
          "skipping a record of flagged_accounts that is not a flag event: {}", bad.getMessage());
      return;
    }
    if (e.flagged()) {
      flags.put(e.cardId(), e);
    } else {
      flags.remove(e.cardId());
    }
  }
}

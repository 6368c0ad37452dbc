package io.cardstream.streaming;

import io.cardstream.common.features.FeatureProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The last hour of scored rows, as bin and category counts per minute, against the champion's
 * training profile. Lives on the driver; a model change starts it afresh (the bins are the
 * model's).
 */
final class DriftWindow {

  static final Duration WINDOW = Duration.ofHours(1);

  private record Minute(long minute, Map<String, long[]> bins, Map<String, Long> categories) {}

  private final Deque<Minute> minutes = new ArrayDeque<>();
  private String version;

  /** Adds one batch's counts (at wall-clock {@code now}) and returns the window's drift. */
  FeatureProfile.Drift add(
      Instant now,
      String modelVersion,
      FeatureProfile profile,
      Map<String, long[]> bins,
      Map<String, Long> categories) {
    if (!modelVersion.equals(version)) {
      minutes.clear();
      version = modelVersion;
    }
    long minute = now.getEpochSecond() / 60;
    Minute last = minutes.peekLast();
    if (last == null || last.minute() != minute) {
      last = new Minute(minute, new HashMap<>(), new HashMap<>());
      minutes.addLast(last);
    }
    merge(last, bins, categories);
    long oldest = minute - WINDOW.toMinutes() + 1;
    while (minutes.peekFirst().minute() < oldest) {
      minutes.removeFirst();
    }
    Minute sum = new Minute(minute, new HashMap<>(), new HashMap<>());
    for (Minute m : minutes) {
      merge(sum, m.bins(), m.categories());
    }
    return profile.drift(sum.bins(), sum.categories());
  }

  private static void merge(Minute into, Map<String, long[]> bins, Map<String, Long> categories) {
    bins.forEach(
        (f, counts) -> {
          long[] to = into.bins().computeIfAbsent(f, k -> new long[counts.length]);
          for (int i = 0; i < counts.length; i++) {
            to[i] += counts[i];
          }
        });
    categories.forEach((c, n) -> into.categories().merge(c, n, Long::sum));
  }
}

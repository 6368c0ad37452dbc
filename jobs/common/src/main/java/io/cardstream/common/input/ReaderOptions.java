package io.cardstream.common.input;

import java.time.Duration;
import java.time.Instant;

/**
 * Options shared by the readers.
 *
 * @param maxRecordChars records longer than this are rejected as OVERSIZED_RECORD
 * @param paysimStart the instant PaySim's step 0 stands for (PaySim only counts hours)
 * @param maxEventAge how far before its reference time (the time the record was produced or read)
 *     an event may lie; older events are rejected as TIME_OUT_OF_RANGE
 * @param maxEventLead how far after its reference time an event may lie (clock skew)
 */
public record ReaderOptions(
    int maxRecordChars, Instant paysimStart, Duration maxEventAge, Duration maxEventLead)
    implements java.io.Serializable {

  public static final int DEFAULT_MAX_RECORD_CHARS = 64 * 1024;
  public static final Instant DEFAULT_PAYSIM_START = Instant.parse("2019-01-01T00:00:00Z");

  /**
   * Twenty years back: replays of the public datasets (2019–2021) stay inside it for a long time. A
   * live deployment sets it to days (the collector's and the stream's option).
   */
  public static final long DEFAULT_MAX_EVENT_AGE_DAYS = 7305;

  public static final Duration DEFAULT_MAX_EVENT_AGE = Duration.ofDays(DEFAULT_MAX_EVENT_AGE_DAYS);

  /** A day ahead: a zone-less local time read as UTC can be up to 14 hours ahead. */
  public static final long DEFAULT_MAX_EVENT_LEAD_HOURS = 24;

  public static final Duration DEFAULT_MAX_EVENT_LEAD =
      Duration.ofHours(DEFAULT_MAX_EVENT_LEAD_HOURS);

  /** No window may reach outside what every sink stores: Spark's timestamps start in year 1. */
  private static final Duration LONGEST_WINDOW = Duration.ofDays(365L * 200);

  public ReaderOptions {
    if (maxRecordChars < 256) {
      throw new IllegalArgumentException(
          "maxRecordChars must be at least 256 (a normal record is ~300 characters), got "
              + maxRecordChars);
    }
    if (paysimStart == null) {
      throw new IllegalArgumentException("paysimStart is required");
    }
    if (maxEventAge == null
        || maxEventAge.isNegative()
        || maxEventAge.compareTo(LONGEST_WINDOW) > 0
        || maxEventLead == null
        || maxEventLead.isNegative()
        || maxEventLead.compareTo(LONGEST_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "the event-time window (max age "
              + maxEventAge
              + ", max lead "
              + maxEventLead
              + ") must be given, not negative, and at most 200 years each way");
    }
  }

  public ReaderOptions(int maxRecordChars, Instant paysimStart) {
    this(maxRecordChars, paysimStart, DEFAULT_MAX_EVENT_AGE, DEFAULT_MAX_EVENT_LEAD);
  }

  public static ReaderOptions defaults() {
    return new ReaderOptions(DEFAULT_MAX_RECORD_CHARS, DEFAULT_PAYSIM_START);
  }

  /** The same options with another event-time window. */
  public ReaderOptions withEventWindow(Duration maxAge, Duration maxLead) {
    return new ReaderOptions(maxRecordChars, paysimStart, maxAge, maxLead);
  }
}

package io.cardstream.common.input;

import java.time.Instant;

/**
 * Options shared by the readers.
 *
 * @param maxRecordChars records longer than this are rejected as OVERSIZED_RECORD
 * @param paysimStart the instant PaySim's step 0 stands for (PaySim only counts hours)
 */
public record ReaderOptions(int maxRecordChars, Instant paysimStart)
    implements java.io.Serializable {

  public static final int DEFAULT_MAX_RECORD_CHARS = 64 * 1024;
  public static final Instant DEFAULT_PAYSIM_START = Instant.parse("2019-01-01T00:00:00Z");

  public ReaderOptions {
    if (maxRecordChars < 256) {
      throw new IllegalArgumentException(
          "maxRecordChars must be at least 256 (a normal record is ~300 characters), got "
              + maxRecordChars);
    }
    if (paysimStart == null) {
      throw new IllegalArgumentException("paysimStart is required");
    }
  }

  public static ReaderOptions defaults() {
    return new ReaderOptions(DEFAULT_MAX_RECORD_CHARS, DEFAULT_PAYSIM_START);
  }
}

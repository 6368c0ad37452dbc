package io.cardstream.kinesis;

import io.cardstream.common.aws.KinesisClients;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The source's options ({@code spark.readStream().format("cardstream-kinesis").option(...)}),
 * validated once; serializable, so the executors build their own clients from it.
 *
 * @param startingPosition {@code TRIM_HORIZON} (everything the stream retains), {@code LATEST}
 *     (what arrives after the query first starts) or an ISO-8601 instant (records that arrived at
 *     or after it); used only when the checkpoint holds no offsets yet
 * @param maxRecordsPerTrigger at most this many records per micro-batch, shared by the shards
 * @param recordsPerCall GetRecords' limit per call (at most 10,000)
 * @param maxAttempts how often a throttled or failed call is tried before the query fails
 */
public record KinesisOptions(
    String stream,
    String region,
    String endpoint,
    String startingPosition,
    long maxRecordsPerTrigger,
    int recordsPerCall,
    int maxAttempts,
    long socketTimeoutMs)
    implements Serializable {

  public static final String STREAM = "streamname";
  public static final String REGION = "region";
  public static final String ENDPOINT = "endpoint";
  public static final String STARTING_POSITION = "startingposition";
  public static final String MAX_RECORDS_PER_TRIGGER = "maxrecordspertrigger";
  public static final String RECORDS_PER_CALL = "recordspercall";
  public static final String MAX_ATTEMPTS = "maxattempts";

  public KinesisOptions {
    if (stream == null || stream.isBlank()) {
      throw new IllegalArgumentException("the Kinesis source needs option streamName");
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("the Kinesis source needs option region");
    }
    startingPosition = startingPosition == null ? "TRIM_HORIZON" : startingPosition.trim();
    if (!startingPosition.equalsIgnoreCase("TRIM_HORIZON")
        && !startingPosition.equalsIgnoreCase("LATEST")) {
      try {
        Instant.parse(startingPosition);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(
            "startingPosition must be TRIM_HORIZON, LATEST or an ISO-8601 instant, got '"
                + startingPosition
                + "'");
      }
    }
    if (maxRecordsPerTrigger < 1) {
      throw new IllegalArgumentException("maxRecordsPerTrigger must be at least 1");
    }
    if (recordsPerCall < 1 || recordsPerCall > 10_000) {
      throw new IllegalArgumentException("recordsPerCall must be between 1 and 10000");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** From the reader's options, whatever their case. */
  public static KinesisOptions from(Map<String, String> options) {
    Map<String, String> o = new TreeMap<>();
    options.forEach((k, v) -> o.put(k.toLowerCase(Locale.ROOT), v));
    return new KinesisOptions(
        o.get(STREAM),
        o.get(REGION),
        blankToNull(o.get(ENDPOINT)),
        o.get(STARTING_POSITION),
        number(o, MAX_RECORDS_PER_TRIGGER, 100_000),
        (int) number(o, RECORDS_PER_CALL, 10_000),
        (int) number(o, MAX_ATTEMPTS, 10),
        30_000);
  }

  private static long number(Map<String, String> o, String key, long fallback) {
    String v = o.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
    }
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }

  KinesisClient client() {
    return KinesisClients.create(endpoint, region, Duration.ofMillis(socketTimeoutMs));
  }
}

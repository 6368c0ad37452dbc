package io.cardstream.ingest;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key: {@code burst} requests at once, refilled at {@code rate} per second.
 * One client's flood cannot starve the others, and a brief spike within the burst passes.
 */
final class RateLimiter {

  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long last) {
      this.tokens = tokens;
      this.last = last;
    }
  }

  RateLimiter(double ratePerSecond, int burst, LongSupplier nanoClock) {
    if (!(ratePerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoClock = nanoClock;
  }

  /**
   * Takes one request's token.
   *
   * @return 0 when the request may go on, else the whole seconds until a token is there (for
   *     Retry-After; at least 1)
   */
  long acquire(String keyId) {
    long now = nanoClock.getAsLong();
    Bucket b = buckets.computeIfAbsent(keyId, k -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + Math.max(0, now - b.last) * ratePerNano);
      b.last = Math.max(b.last, now);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      double waitNanos = (1 - b.tokens) / ratePerNano;
      return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
    }
  }
}

package io.cardstream.ingest;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (an API key id, or a client address): {@code burst} requests at once,
 * refilled at {@code rate} per second. One client's flood cannot starve the others, and a brief
 * spike within the burst passes.
 *
 * <p>Client addresses are not a closed set, so buckets do not live for ever: once there are more
 * than {@code sweepAbove}, a full bucket (one that behaves exactly like a new one) is dropped. The
 * map then holds about the keys seen within one refill time ({@code burst / rate}).
 */
final class RateLimiter {

  /** Buckets kept before full ones are dropped (a few hundred kB). */
  static final int SWEEP_ABOVE = 10_000;

  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanoClock;
  private final int sweepAbove;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private volatile int sweepAt;

  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long last) {
      this.tokens = tokens;
      this.last = last;
    }
  }

  RateLimiter(double ratePerSecond, int burst, LongSupplier nanoClock) {
    this(ratePerSecond, burst, nanoClock, SWEEP_ABOVE);
  }

  RateLimiter(double ratePerSecond, int burst, LongSupplier nanoClock, int sweepAbove) {
    if (!(ratePerSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoClock = nanoClock;
    this.sweepAbove = sweepAbove;
    this.sweepAt = sweepAbove;
  }

  /**
   * Takes one request's token.
   *
   * @return 0 when the request may go on, else the whole seconds until a token is there (for
   *     Retry-After; at least 1)
   */
  long acquire(String key) {
    long now = nanoClock.getAsLong();
    if (buckets.size() > sweepAt) {
      sweep(now);
    }
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      refill(b, now);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      double waitNanos = (1 - b.tokens) / ratePerNano;
      return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
    }
  }

  /** How many buckets are kept (tests). */
  int size() {
    return buckets.size();
  }

  private void refill(Bucket b, long now) {
    b.tokens = Math.min(burst, b.tokens + Math.max(0, now - b.last) * ratePerNano);
    b.last = Math.max(b.last, now);
  }

  /**
   * Drops the full buckets. A request that fetched a bucket just before it was dropped spends its
   * token on the dropped one, so its key may get at most one token more than its rate: harmless.
   */
  private synchronized void sweep(long now) {
    if (buckets.size() <= sweepAt) {
      return;
    }
    buckets.forEach(
        (k, b) -> {
          synchronized (b) {
            refill(b, now);
            if (b.tokens >= burst) {
              buckets.remove(k, b);
            }
          }
        });
    // Next sweep when the map has doubled again: amortized O(1) per request.
    sweepAt = Math.max(sweepAbove, 2 * buckets.size());
  }
}

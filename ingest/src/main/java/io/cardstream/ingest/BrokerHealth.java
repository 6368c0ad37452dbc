package io.cardstream.ingest;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The broker's reachability for {@code /health}, checked at most every few seconds: a load balancer
 * polling health must not turn into load on the broker. While one request checks, the others answer
 * with the last result.
 */
final class BrokerHealth {

  static final long INTERVAL_NANOS = 3_000_000_000L;

  private final BooleanSupplier probe;
  private final LongSupplier nanoClock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean reachable;
  private volatile long checkedAt;
  private volatile boolean checked;

  BrokerHealth(BooleanSupplier probe, LongSupplier nanoClock) {
    this.probe = probe;
    this.nanoClock = nanoClock;
  }

  boolean reachable() {
    boolean due = !checked || nanoClock.getAsLong() - checkedAt >= INTERVAL_NANOS;
    // The first check is waited for by everyone; later ones only by the request that runs it.
    if (due && (checked ? lock.tryLock() : lock(lock))) {
      try {
        if (!checked || nanoClock.getAsLong() - checkedAt >= INTERVAL_NANOS) {
          reachable = probe.getAsBoolean();
          checkedAt = nanoClock.getAsLong();
          checked = true;
        }
      } finally {
        lock.unlock();
      }
    }
    return reachable;
  }

  private static boolean lock(ReentrantLock l) {
    l.lock();
    return true;
  }
}

package io.cardstream.streaming;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a service that is away (a broker restarting, DynamoDB throttling, S3 or the network
 * failing) from a fault in the data, and retries the first with backoff: the stream waits an outage
 * out instead of ending its query, and still fails on anything else.
 */
final class Outages {

  private static final Logger LOG = LoggerFactory.getLogger(Outages.class);
  private static final long MAX_BACKOFF_MILLIS = 60_000;

  /** Told about each failed attempt (for the status file). */
  interface Listener {
    void retrying(int attempt, Duration elapsed, String error);
  }

  private Outages() {}

  /**
   * Runs {@code work} until it succeeds, retrying outages with exponential backoff (1 s, doubling
   * to a minute) for at most {@code limit} (zero: no limit).
   */
  static <T> T retry(String what, Supplier<T> work, Duration limit, Listener listener) {
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (Exception e) { // Spark's own exceptions are checked ones, thrown unchecked
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (!isOutage(e) || (!limit.isZero() && elapsed.compareTo(limit) >= 0)) {
          throw unchecked(e);
        }
        String error = Rejects.failed(what, e);
        listener.retrying(attempt, elapsed, error);
        long backoff = Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(attempt - 1, 6));
        LOG.warn(
            "{}; attempt {} in {} s ({} s so far)",
            error,
            attempt + 1,
            backoff / 1000,
            elapsed.toSeconds());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          e.addSuppressed(ie);
          throw unchecked(e);
        }
      }
    }
  }

  /**
   * True when something in the cause chain (or, for a failed Spark task, its message) says a
   * service could not be reached or asked us to slow down.
   */
  static boolean isOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException) {
        return false;
      }
      if (t instanceof java.io.IOException
          || t instanceof java.util.concurrent.TimeoutException
          || t instanceof org.apache.kafka.common.errors.RetriableException
          || t instanceof software.amazon.awssdk.core.exception.SdkClientException
          || (t instanceof software.amazon.awssdk.core.exception.SdkException s && s.retryable())
          || mentionsOutage(t.getClass().getName())
          || mentionsOutage(String.valueOf(t.getMessage()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentionsOutage(String text) {
    String s = text.toLowerCase(Locale.ROOT);
    return s.contains("throttl")
        || s.contains("provisionedthroughputexceeded")
        || s.contains("requestlimitexceeded")
        || s.contains("connection refused")
        || s.contains("unable to execute http request")
        || s.contains("sdkclientexception")
        || s.contains("timed out")
        || s.contains("timeoutexception")
        || s.contains("disconnect")
        || s.contains("broker may not be available")
        || s.contains("concurrentappendexception")
        || s.contains("serviceunavailable")
        || s.contains("service unavailable");
  }

  /** The exception as it is when unchecked, else wrapped (keeping its message and cause). */
  static RuntimeException unchecked(Exception e) {
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }
}

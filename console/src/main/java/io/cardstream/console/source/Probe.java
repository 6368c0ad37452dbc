package io.cardstream.console.source;

import io.cardstream.common.privacy.PayloadMasker;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls a data source with a hard deadline: whatever its client does (retries, reconnects, DNS),
 * the page gets an answer or a "not reachable" state within the timeout. The calls run on a small
 * pool of daemon threads, so a page can ask several sources at once.
 */
public final class Probe implements AutoCloseable {

  /** Thrown by a source to say something a person can act on (shown as it is, masked). */
  public static final class Unavailable extends RuntimeException {
    public Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  private final Duration timeout;
  private final ExecutorService pool;

  public Probe(Duration timeout) {
    this.timeout = timeout;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "console-source-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  public Duration timeout() {
    return timeout;
  }

  /** Starts the call now; {@link Call#get} waits for it (at most the timeout from now). */
  public <T> Call<T> start(String source, Callable<T> call) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return new Call<>(source, pool.submit(call), deadline, timeout);
  }

  /** Calls and waits. */
  public <T> Sourced<T> call(String source, Callable<T> call) {
    return start(source, call).get();
  }

  /** A call under way. */
  public static final class Call<T> {
    private final String source;
    private final Future<T> future;
    private final long deadline;
    private final Duration timeout;
    private final Sourced<T> fixed;

    /** A call that is not made: its answer is known (a source that is not configured). */
    public Call(Sourced<T> fixed) {
      this.source = fixed.source();
      this.future = null;
      this.deadline = 0;
      this.timeout = Duration.ZERO;
      this.fixed = fixed;
    }

    Call(String source, Future<T> future, long deadline, Duration timeout) {
      this.source = source;
      this.future = future;
      this.deadline = deadline;
      this.timeout = timeout;
      this.fixed = null;
    }

    public Sourced<T> get() {
      if (fixed != null) {
        return fixed;
      }
      try {
        T v = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return v == null ? Sourced.down(source, "it returned nothing") : Sourced.ok(source, v);
      } catch (TimeoutException e) {
        future.cancel(true);
        return Sourced.down(source, "no answer within " + timeout.toMillis() + " ms");
      } catch (ExecutionException e) {
        return Sourced.down(source, describe(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Sourced.down(source, "interrupted");
      }
    }
  }

  /** One line, no stack trace, digit runs masked. */
  static String describe(Throwable t) {
    if (t instanceof Unavailable) {
      return PayloadMasker.maskDigitRuns(t.getMessage());
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? "" : ": " + root.getMessage();
    if (m.length() > 300) {
      m = m.substring(0, 300) + "...";
    }
    return PayloadMasker.maskDigitRuns(root.getClass().getSimpleName() + m);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}

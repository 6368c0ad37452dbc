package io.cardstream.kinesis;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/**
 * Kinesis calls with backoff: throttling (a shard allows 5 GetRecords a second, ListShards 100 a
 * second per account) and a service that cannot be reached are waited out, 100 ms doubling to 5 s,
 * up to {@code maxAttempts}; any other error fails at once. A call interrupted because the query
 * stops becomes an {@link InterruptedIOException} (in an {@link UncheckedIOException}), which Spark
 * takes for a stop and not for a failure of the query.
 */
final class Retry {

  private Retry() {}

  static <T> T call(String what, int maxAttempts, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (AbortedException e) {
        throw interrupted(what, e);
      } catch (ProvisionedThroughputExceededException
          | LimitExceededException
          | KmsThrottlingException
          | SdkClientException e) {
        if (e instanceof SdkClientException && !unreachable(e)) {
          throw e; // an answer we cannot read (a protocol mismatch): trying again will not help
        }
        if (attempt >= maxAttempts) {
          throw new IllegalStateException(
              what + " failed after " + attempt + " attempts: " + e.getMessage(), e);
        }
        try {
          Thread.sleep(Math.min(5_000L, 100L << Math.min(attempt - 1, 6)));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw interrupted(what, ie);
        }
      }
    }
  }

  static UncheckedIOException interrupted(String what, Exception cause) {
    InterruptedIOException e = new InterruptedIOException(what + " was interrupted");
    e.initCause(cause);
    return new UncheckedIOException(e);
  }

  /** A connection that failed or timed out, somewhere in the causes. */
  static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.SocketException
          || t instanceof java.net.SocketTimeoutException
          || t instanceof java.net.UnknownHostException
          || t instanceof java.net.http.HttpTimeoutException) {
        return true;
      }
    }
    return false;
  }
}

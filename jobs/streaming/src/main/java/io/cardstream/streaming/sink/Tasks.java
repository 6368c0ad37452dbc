package io.cardstream.streaming.sink;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work the sinks run concurrently. */
public final class Tasks {

  private Tasks() {}

  /**
   * Waits for every task, so none is still running when this returns or throws, then rethrows the
   * first failure as it was thrown (an unchecked exception or error), or wrapped when it was
   * checked.
   *
   * @param what what the tasks do, for the message when the wait is interrupted
   */
  public static void awaitAll(List<? extends Future<?>> tasks, String what) {
    Throwable failure = null;
    for (Future<?> task : tasks) {
      try {
        task.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while " + what, e);
      }
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error err) {
      throw err;
    }
    if (failure != null) {
      throw new IllegalStateException(failure.getMessage(), failure);
    }
  }

  /** The value of a task that {@link #awaitAll} saw succeed. */
  public static <T> T done(Future<T> task) {
    try {
      return task.get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("the task had not succeeded", e);
    }
  }
}

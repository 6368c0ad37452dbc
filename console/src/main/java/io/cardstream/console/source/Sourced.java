package io.cardstream.console.source;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a data source answered: a value, or why there is none. A page shows the value, or a clear
 * "not reachable" / "not configured" state; never a stack trace.
 *
 * @param source the source's name for people ("Kafka at 127.0.0.1:19092")
 * @param message why there is no value (already safe to show: masked, no payload)
 */
public record Sourced<T>(State state, String source, T value, String message) {

  /** Where a source stands. */
  public enum State {
    OK,
    /** Configured, but it did not answer (down, refused, too slow). */
    DOWN,
    /** Not configured for this console (no option given). */
    OFF
  }

  public Sourced {
    Objects.requireNonNull(state, "state");
    if (state == State.OK) {
      Objects.requireNonNull(value, "value");
    }
  }

  public static <T> Sourced<T> ok(String source, T value) {
    return new Sourced<>(State.OK, source, value, null);
  }

  public static <T> Sourced<T> down(String source, String message) {
    return new Sourced<>(State.DOWN, source, null, message);
  }

  public static <T> Sourced<T> off(String source, String message) {
    return new Sourced<>(State.OFF, source, null, message);
  }

  public boolean isOk() {
    return state == State.OK;
  }

  public Optional<T> optional() {
    return Optional.ofNullable(value);
  }

  /** The same state with the value mapped. */
  public <R> Sourced<R> map(Function<T, R> f) {
    return isOk() ? ok(source, f.apply(value)) : new Sourced<>(state, source, null, message);
  }
}

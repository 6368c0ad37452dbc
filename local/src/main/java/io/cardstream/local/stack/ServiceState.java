package io.cardstream.local.stack;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Optional;

/**
 * A service process the stack started: its PID and start instant identify it, so a recycled PID
 * belonging to another program is never mistaken for it (and never killed).
 */
public record ServiceState(String name, long pid, Instant startedAt, int port, String log) {

  public Optional<ProcessHandle> process() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            h ->
                h.info()
                    .startInstant()
                    // /proc start times are rounded; allow a little slack.
                    .map(s -> Math.abs(s.toEpochMilli() - startedAt.toEpochMilli()) < 2_000)
                    .orElse(false));
  }

  @JsonIgnore
  public boolean isRunning() {
    return process().isPresent();
  }
}

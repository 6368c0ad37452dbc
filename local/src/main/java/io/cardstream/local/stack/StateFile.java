package io.cardstream.local.stack;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The supervisor's state file ({@code stack.json}): the stack's configuration, its endpoints and
 * each service it started, in start order. Written whole and moved into place, so a reader never
 * sees half of it.
 */
final class StateFile {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;

  StateFile(Path file) {
    this.file = file;
  }

  Path path() {
    return file;
  }

  Optional<LocalStack.State> read() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), LocalStack.State.class));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + file + "; delete it if no stack is running", e);
    }
  }

  /** Records a started service (replacing an earlier record of it), on {@code fresh}'s state. */
  void record(ServiceState svc, LocalStack.State fresh) {
    LocalStack.State s = read().orElse(fresh);
    Map<String, ServiceState> services = new LinkedHashMap<>(s.services());
    services.put(svc.name(), svc);
    write(new LocalStack.State(s.config(), services, s.endpoints()));
  }

  /** Forgets a service; the file goes with the last one. */
  void forget(String name) {
    Optional<LocalStack.State> s = read();
    if (s.isEmpty()) {
      return;
    }
    Map<String, ServiceState> left = new LinkedHashMap<>(s.get().services());
    left.remove(name);
    try {
      if (left.isEmpty()) {
        Files.deleteIfExists(file);
      } else {
        write(new LocalStack.State(s.get().config(), left, s.get().endpoints()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(LocalStack.State state) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), state);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

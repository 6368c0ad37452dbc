package io.cardstream.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An in-memory sink for unit tests: keeps what it was given, or fails every write when told. */
final class MemorySink implements EventSink {

  final List<Event> written = new ArrayList<>();
  volatile boolean failing;
  volatile boolean reachable = true;

  @Override
  public synchronized CompletableFuture<Void> write(List<Event> events) {
    if (failing) {
      return CompletableFuture.failedFuture(new Unavailable("broker down (test)", null));
    }
    written.addAll(events);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean reachable() {
    return reachable;
  }

  synchronized List<Event> events() {
    return List.copyOf(written);
  }

  @Override
  public void close() {}
}

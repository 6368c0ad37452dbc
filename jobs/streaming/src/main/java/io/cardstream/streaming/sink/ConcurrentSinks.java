package io.cardstream.streaming.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sinks that are independent, and each idempotent on its own, run concurrently: a Delta commit is
 * mostly driver-side waiting, which overlaps with the other sinks' work. All of them have finished
 * when {@link #write} returns or throws (the first failure), i.e. before Spark commits the batch.
 */
public final class ConcurrentSinks implements BatchSink {

  private final List<BatchSink> sinks;

  public ConcurrentSinks(List<BatchSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public List<Written> write(ScoredBatch batch) {
    ExecutorService pool = Executors.newFixedThreadPool(sinks.size());
    try {
      List<Future<List<Written>>> running = new ArrayList<>();
      for (BatchSink s : sinks) {
        running.add(pool.submit(() -> s.write(batch)));
      }
      Tasks.awaitAll(running, "writing the sinks of a batch");
      List<Written> out = new ArrayList<>();
      for (Future<List<Written>> f : running) {
        out.addAll(Tasks.done(f));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public void close() {
    sinks.forEach(BatchSink::close);
  }
}

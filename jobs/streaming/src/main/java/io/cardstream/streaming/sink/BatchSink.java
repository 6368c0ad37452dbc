package io.cardstream.streaming.sink;

import java.util.List;

/**
 * Where one micro-batch goes. A sink must make a replayed batch (same id, after a failure before
 * the checkpoint commit) change nothing; the stream commits the checkpoint only after {@link
 * #write} returned.
 */
public interface BatchSink extends AutoCloseable {

  /** What one sink did with a batch: written, or skipped as already written (a replay). */
  record Written(String sink, boolean written, long millis) {}

  /** Writes the batch; one entry per sink that had something to write. */
  List<Written> write(ScoredBatch batch);

  /** Releases clients the sink opened (the stream calls it when the query ends). */
  @Override
  default void close() {}

  /** A sink with one name that times its own write. */
  abstract class Named implements BatchSink {
    private final String name;

    protected Named(String name) {
      this.name = name;
    }

    /** Writes the batch; false when it was already written (the sink's replay guard held). */
    protected abstract boolean writeBatch(ScoredBatch batch);

    /** False when this batch has nothing for this sink. */
    protected boolean applies(ScoredBatch batch) {
      return true;
    }

    @Override
    public final List<Written> write(ScoredBatch batch) {
      if (!applies(batch)) {
        return List.of();
      }
      long start = System.nanoTime();
      boolean written = writeBatch(batch);
      return List.of(new Written(name, written, (System.nanoTime() - start) / 1_000_000));
    }
  }
}

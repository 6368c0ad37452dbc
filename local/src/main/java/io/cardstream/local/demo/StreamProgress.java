package io.cardstream.local.demo;

import io.cardstream.local.kafka.Progress;
import io.cardstream.streaming.ScoringStream;
import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * The demo's progress while the stream catches up: rows scored of those sent, rate and time left,
 * from the scoring query's progress events. Register it around one run of the stream.
 */
final class StreamProgress extends StreamingQueryListener implements AutoCloseable {

  private final SparkSession spark;
  private final Progress progress;
  private long scored;

  private StreamProgress(SparkSession spark, Progress progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /** Listens on {@code spark} until closed; {@code expected} is the number of events to score. */
  static StreamProgress start(SparkSession spark, PrintStream out, long expected) {
    StreamProgress p = new StreamProgress(spark, new Progress(out, "scored", expected));
    spark.streams().addListener(p);
    return p;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    if (!ScoringStream.QUERY_NAME.equals(event.progress().name())) {
      return;
    }
    synchronized (this) {
      scored += event.progress().numInputRows();
      progress.update(scored);
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /** Stops listening and prints the rows scored, the time and the rate. */
  @Override
  public void close() {
    // The last batch's event arrives on Spark's listener bus after the query returned.
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      // The count printed below may then miss the last batch; the summary counts the tables.
    }
    spark.streams().removeListener(this);
    synchronized (this) {
      progress.done(scored);
    }
  }
}

package io.cardstream.streaming;

import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * Closes a query's clients when that query terminates: the sinks' clients (the topics'
 * transactional producer) live as long as the query, or they keep reconnecting to the broker for
 * the rest of the JVM's life.
 */
final class CloseOnTermination extends StreamingQueryListener {
  private final SparkSession spark;
  private final UUID id;
  private final Runnable close;

  private CloseOnTermination(SparkSession spark, UUID id, Runnable close) {
    this.spark = spark;
    this.id = id;
    this.close = close;
  }

  /** Closes with {@code close} when {@code query} ends (at once if it has ended already). */
  static void register(SparkSession spark, StreamingQuery query, Runnable close) {
    spark.streams().addListener(new CloseOnTermination(spark, query.id(), close));
    if (!query.isActive()) {
      // It ended before the listener was there to see it.
      close.run();
    }
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.id().equals(id)) {
      close.run();
      spark.streams().removeListener(this);
    }
  }
}

package io.cardstream.streaming.lag;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * Publishes the lag of every Kafka source of every query, from each progress report (Spark sends
 * one per batch, and one every few seconds while idle, so an idle stream keeps its metric).
 */
public final class LagListener extends StreamingQueryListener {

  private final LagPublisher publisher;

  public LagListener(LagPublisher publisher) {
    this.publisher = publisher;
  }

  /**
   * Adds a listener publishing to {@code publisher} to {@code spark}'s queries. Here, not in the
   * options, so that parsing the stream's options needs no Spark on the classpath (the infra tests
   * parse them).
   */
  public static void addTo(SparkSession spark, LagPublisher publisher) {
    spark.streams().addListener(new LagListener(publisher));
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    for (SourceProgress s : event.progress().sources()) {
      if (s.description() != null && s.description().startsWith("Kafka")) {
        publisher.publish(KafkaLag.of(s.endOffset(), s.latestOffset()));
      }
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}
}

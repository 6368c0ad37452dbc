package io.cardstream.streaming;

import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.StreamingQueryStatus;
import scala.Option;

/**
 * The decisions and the lake query of one application as one handle: active while either is,
 * stopped together, awaited in turn (decisions first: the lake query's last rows come from it). Its
 * id, progress and status are the decisions query's. With available-now the lake query starts once
 * the decisions query has ended, so it reads all the decisions committed.
 */
final class BothQueries implements StreamingQuery {

  private final StreamingQuery decisions;
  // The lake query once started; null when it never will be (stopped, or the decisions failed).
  private final CompletableFuture<StreamingQuery> lake;
  private final Object lock = new Object();
  private boolean stopped;

  private BothQueries(StreamingQuery decisions, CompletableFuture<StreamingQuery> lake) {
    this.decisions = decisions;
    this.lake = lake;
  }

  /** Both running side by side. */
  static BothQueries together(StreamingQuery decisions, StreamingQuery lake) {
    return new BothQueries(decisions, CompletableFuture.completedFuture(lake));
  }

  /** The lake query started once the decisions query has ended without a failure. */
  static BothQueries oneAfterTheOther(StreamingQuery decisions, Callable<StreamingQuery> lake) {
    BothQueries both = new BothQueries(decisions, new CompletableFuture<>());
    Thread t = new Thread(() -> both.startLakeAfterDecisions(lake), "cardstream-lake-after");
    t.setDaemon(true);
    t.start();
    return both;
  }

  private void startLakeAfterDecisions(Callable<StreamingQuery> start) {
    try {
      decisions.awaitTermination();
      synchronized (lock) {
        lake.complete(stopped ? null : start.call());
      }
    } catch (StreamingQueryException e) {
      lake.complete(null);
    } catch (Exception e) {
      lake.completeExceptionally(e);
    }
  }

  private StreamingQuery lakeQuery() {
    try {
      return lake.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the lake query starts", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the lake query did not start", e.getCause());
    }
  }

  @Override
  public void awaitTermination() throws StreamingQueryException {
    decisions.awaitTermination();
    StreamingQuery l = lakeQuery();
    if (l != null) {
      l.awaitTermination();
    }
  }

  @Override
  public boolean awaitTermination(long timeoutMs) throws StreamingQueryException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    if (!decisions.awaitTermination(timeoutMs)) {
      return false;
    }
    StreamingQuery l;
    try {
      l = lake.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException | ExecutionException e) {
      l = lakeQuery();
    }
    return l == null || l.awaitTermination(Math.max(1, deadline - System.currentTimeMillis()));
  }

  @Override
  public boolean isActive() {
    if (decisions.isActive()) {
      return true;
    }
    if (!lake.isDone()) {
      return true; // about to start
    }
    StreamingQuery l = lake.getNow(null);
    return l != null && l.isActive();
  }

  @Override
  public Option<StreamingQueryException> exception() {
    if (decisions.exception().isDefined()) {
      return decisions.exception();
    }
    StreamingQuery l = lake.isDone() && !lake.isCompletedExceptionally() ? lake.join() : null;
    return l == null ? Option.empty() : l.exception();
  }

  @Override
  public void stop() throws TimeoutException {
    synchronized (lock) {
      stopped = true;
    }
    decisions.stop();
    StreamingQuery l = lakeQuery();
    if (l != null) {
      l.stop();
    }
  }

  @Override
  public void processAllAvailable() {
    decisions.processAllAvailable();
    StreamingQuery l = lakeQuery();
    if (l != null) {
      l.processAllAvailable();
    }
  }

  @Override
  public String name() {
    return decisions.name();
  }

  @Override
  public UUID id() {
    return decisions.id();
  }

  @Override
  public UUID runId() {
    return decisions.runId();
  }

  @Override
  public SparkSession sparkSession() {
    return decisions.sparkSession();
  }

  @Override
  public StreamingQueryStatus status() {
    return decisions.status();
  }

  @Override
  public StreamingQueryProgress[] recentProgress() {
    return decisions.recentProgress();
  }

  @Override
  public StreamingQueryProgress lastProgress() {
    return decisions.lastProgress();
  }

  @Override
  public void explain() {
    decisions.explain();
  }

  @Override
  public void explain(boolean extended) {
    decisions.explain(extended);
  }
}

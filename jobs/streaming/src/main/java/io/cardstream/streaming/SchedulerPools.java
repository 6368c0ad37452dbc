package io.cardstream.streaming;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each query's jobs in a scheduler pool of its own: with Spark's FAIR scheduler (set where the
 * session is built: {@code spark.scheduler.mode=FAIR}) a large lake batch (a Delta commit,
 * thousands of DynamoDB items) shares the executors' cores with the decisions' small jobs instead
 * of queueing them behind it, as the default FIFO scheduler does. A query's thread takes the pool
 * of the thread that started it.
 */
final class SchedulerPools {

  static final String DECISIONS = "cardstream-decisions";
  static final String LAKE = "cardstream-lake";
  private static final String POOL = "spark.scheduler.pool";
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerPools.class);

  private SchedulerPools() {}

  /** Starts a query whose jobs run in {@code pool}; the calling thread's pool is restored. */
  static StreamingQuery start(SparkSession spark, String pool, Callable<StreamingQuery> start)
      throws TimeoutException {
    SparkContext sc = spark.sparkContext();
    String before = sc.getLocalProperty(POOL);
    sc.setLocalProperty(POOL, pool);
    try {
      return start.call();
    } catch (TimeoutException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      sc.setLocalProperty(POOL, before);
    }
  }

  /** Says so when the session schedules FIFO: then the lake's batches hold up the decisions. */
  static void warnIfFifo(SparkSession spark) {
    String mode = spark.sparkContext().getConf().get("spark.scheduler.mode", "FIFO");
    if (!"FAIR".equalsIgnoreCase(mode)) {
      LOG.warn(
          "spark.scheduler.mode is {}: a lake batch holds up the decisions' jobs while it runs;"
              + " set spark.scheduler.mode=FAIR where the session is built",
          mode);
    }
  }
}

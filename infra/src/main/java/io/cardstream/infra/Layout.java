package io.cardstream.infra;

import io.cardstream.common.lake.Lake;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Where things live in a deployment: the names and S3 prefixes the stacks, the EMR step and the
 * Airflow Variables share. Table paths, topics and DynamoDB names are the jobs' contract
 * (io.cardstream.common.lake), not repeated here.
 */
final class Layout {

  /** The name of every single-instance resource (MSK cluster, EMR cluster, MWAA, Redshift). */
  static final String NAME = "cardstream";

  /** The lake root's prefix in the lake bucket: {@code s3://<lake bucket>/lake}. */
  static final String LAKE_ROOT = "lake";

  /** Streaming checkpoints, beside the lake root (they are not tables). */
  static final String CHECKPOINTS = "checkpoints";

  /** The scoring stream's checkpoint: offsets and per-card state. Never change it. */
  static final String STREAM_CHECKPOINT = CHECKPOINTS + "/scoring";

  /** Prefixes in the artifacts bucket (also MWAA's source bucket). */
  static final String JARS = "jars";

  static final String DAGS = "dags";
  static final String EMR_LOGS = "emr-logs";

  /**
   * The EMR nodes' TLS bundle (infra/bin/emr-tls), in the artifacts bucket: in-transit encryption.
   */
  static final String EMR_TLS_BUNDLE = "certs/emr-tls.zip";

  /**
   * The DynamoDB table-name prefix: none, because the watchdog DAG restarts the stream without
   * {@code --dynamodb-table-prefix}; one deployment per account and region.
   */
  static final String DYNAMODB_TABLE_PREFIX = "";

  /** The scoring stream's job, as spark-submit runs it. */
  static final String STREAM_MAIN_CLASS = "io.cardstream.streaming.ScoringStreamJob";

  static final String STREAM_JAR = "cardstream-streaming-" + version() + "-emr.jar";

  /** The step name the watchdog DAG looks for (dags/cardstream/watchdog.py STREAM_STEP_NAME). */
  static final String STREAM_STEP_NAME = "cardstream-scoring-stream";

  /** The first step: the topics created or checked (in the streaming jar). */
  static final String TOPICS_MAIN_CLASS = "io.cardstream.streaming.TopicsJob";

  static final String TOPICS_STEP_NAME = "cardstream-topics";

  /** The notifier's job (in the streaming jar), its step name and its own checkpoint. */
  static final String NOTIFIER_MAIN_CLASS = "io.cardstream.streaming.loop.NotifierJob";

  static final String NOTIFIER_STEP_NAME = "cardstream-notifier";
  static final String NOTIFIER_CHECKPOINT = CHECKPOINTS + "/notifier";

  /** Parameter Store paths of the Airflow secrets backend (MWAA Variables and connections). */
  static final String AIRFLOW_VARIABLES = "/cardstream/airflow/variables";

  static final String AIRFLOW_CONNECTIONS = "/cardstream/airflow/connections";

  /** The Redshift database and admin user (the user is not a secret; its password is). */
  static final String REDSHIFT_DATABASE = "cardstream";

  static final String REDSHIFT_ADMIN = "cardstream_admin";
  static final int REDSHIFT_PORT = 5439;

  private Layout() {}

  /** The warehouse load's staging prefix: the only place Redshift's COPY role may read. */
  static String warehouseStaging() {
    return LAKE_ROOT + "/" + Lake.WAREHOUSE_STAGING;
  }

  /** The version of the job jars this build deploys (the Maven project version). */
  static String version() {
    try (InputStream in = Layout.class.getResourceAsStream("/cardstream-infra.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException(
          "cardstream-infra.properties is missing from the classpath: rebuild infra", e);
    }
  }
}

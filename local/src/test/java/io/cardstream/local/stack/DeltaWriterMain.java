package io.cardstream.local.stack;

import io.cardstream.common.cli.LocalSpark;
import io.cardstream.common.delta.DeltaMultiWriter;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A Spark application of its own (one JVM, {@code local[1]}) for {@link DeltaMultiWriterIT}: it
 * appends to, compacts or counts one Delta table on s3a, with the ledger LogStore, a halting one,
 * or Delta's plain S3 store. Arguments are {@code key=value}; the summary is one {@code RESULT}
 * line on stdout.
 *
 * <p>Row ids are {@code writer * 1_000_000 + commit * 1_000 + row}, so the reader can tell every
 * row a writer meant to commit.
 */
public final class DeltaWriterMain {

  private DeltaWriterMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    SparkSession spark = session(a);
    try {
      String table = a.get("table");
      switch (a.get("mode")) {
        case "append" -> append(spark, table, a);
        case "optimize" -> optimize(spark, table, Path.of(a.get("stopFile")));
        case "count" -> count(spark, table, a);
        default -> throw new IllegalArgumentException("mode? " + a.get("mode"));
      }
    } finally {
      spark.stop();
    }
  }

  private static SparkSession session(Map<String, String> a) {
    SparkSession.Builder b = LocalSpark.builder("delta-writer-" + a.get("mode"));
    b.config("spark.master", "local[1]")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.databricks.delta.snapshotPartitions", "1")
        .config("spark.hadoop.fs.s3a.endpoint", a.get("s3Endpoint"))
        .config("spark.hadoop.fs.s3a.path.style.access", "true")
        .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
        .config("spark.hadoop.fs.s3a.endpoint.region", Endpoints.REGION)
        .config("spark.hadoop.fs.s3a.access.key", a.get("s3AccessKey"))
        .config("spark.hadoop.fs.s3a.secret.key", a.get("s3SecretKey"))
        .config(
            "spark.hadoop.fs.s3a.aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    long delay = Long.parseLong(a.getOrDefault("logCreateDelayMs", "0"));
    if (delay > 0) {
      b.config("spark.hadoop.fs.s3a.impl", SlowLogS3AFileSystem.class.getName())
          .config("spark.hadoop." + SlowLogS3AFileSystem.DELAY_MS, Long.toString(delay));
    }
    String store = a.getOrDefault("logStore", "ledger");
    if (!store.equals("plain")) {
      new DeltaMultiWriter(a.get("ledger"), Endpoints.REGION, a.get("ddbEndpoint"))
          .sparkConf()
          .forEach(b::config);
    }
    if (store.equals("halting")) {
      b.config("spark.delta.logStore.s3a.impl", HaltingLogStore.class.getName());
    }
    return b.getOrCreate();
  }

  /** {@code commits} appends of {@code rows} rows each, one Delta commit apiece (as the stream). */
  private static void append(SparkSession spark, String table, Map<String, String> a)
      throws Exception {
    long writer = Long.parseLong(a.get("writer"));
    int commits = Integer.parseInt(a.get("commits"));
    int rows = Integer.parseInt(a.get("rows"));
    if (!Boolean.parseBoolean(a.getOrDefault("creates", "false"))) {
      awaitTable(spark, table);
    }
    int done = 0;
    for (int c = 0; c < commits; c++) {
      long first = writer * 1_000_000 + c * 1_000L;
      spark
          .range(first, first + rows, 1, 1)
          .withColumn("writer", functions.lit(writer))
          .write()
          .format("delta")
          .mode("append")
          .save(table);
      done++;
    }
    System.out.println("RESULT appended=" + done);
  }

  /** OPTIMIZE again and again until the stop file appears, then once more. */
  private static void optimize(SparkSession spark, String table, Path stopFile) throws Exception {
    awaitTable(spark, table);
    int rounds = 0;
    int compactions = 0;
    int failures = 0;
    boolean last = false;
    while (!last) {
      last = Files.exists(stopFile);
      rounds++;
      try {
        Row metrics =
            DeltaTable.forPath(spark, table)
                .optimize()
                .executeCompaction()
                .select("metrics")
                .first()
                .getStruct(0);
        if (metrics.<Long>getAs("numFilesRemoved") > 0) {
          compactions++;
        }
      } catch (RuntimeException e) {
        failures++;
        System.out.println("optimize failed: " + e);
      }
    }
    System.out.println(
        "RESULT compactions=" + compactions + " rounds=" + rounds + " failures=" + failures);
  }

  /**
   * Rows, distinct ids, and ids a writer in {@code writers} meant to commit (commit below {@code
   * commits}, row below {@code rows}).
   */
  private static void count(SparkSession spark, String table, Map<String, String> a) {
    var df = spark.read().format("delta").load(table);
    long writers = 0;
    var valid = functions.lit(false);
    for (String w : a.get("writers").split(",")) {
      valid =
          valid.or(functions.col("id").divide(1_000_000).cast("long").equalTo(Long.parseLong(w)));
      writers++;
    }
    valid =
        valid
            .and(
                functions
                    .col("id")
                    .mod(1_000_000)
                    .divide(1_000)
                    .cast("long")
                    .lt(Long.parseLong(a.get("commits"))))
            .and(functions.col("id").mod(1_000).lt(Long.parseLong(a.get("rows"))));
    Row r =
        df.agg(
                functions.count(functions.lit(1)),
                functions.countDistinct(functions.col("id")),
                functions.sum(functions.when(valid, 1).otherwise(0)))
            .first();
    long validRows = r.isNullAt(2) ? 0 : r.getLong(2);
    System.out.println(
        "RESULT rows="
            + r.getLong(0)
            + " distinct="
            + r.getLong(1)
            + " valid="
            + validRows
            + " writers="
            + writers);
  }

  /**
   * Waits for the table's first commit. (Not {@code DeltaTable.isDeltaTable}: it caches the answer
   * "no table" for the path.)
   */
  private static void awaitTable(SparkSession spark, String table) throws Exception {
    org.apache.hadoop.fs.Path first =
        new org.apache.hadoop.fs.Path(table, "_delta_log/00000000000000000000.json");
    org.apache.hadoop.fs.FileSystem fs = first.getFileSystem(spark.sessionState().newHadoopConf());
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (!fs.exists(first)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no Delta table at " + table);
      }
      Thread.sleep(500);
    }
  }
}

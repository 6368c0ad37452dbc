package io.cardstream.streaming.loop;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.cardstream.common.cli.JobMain;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.feedback.FeedbackEvent;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaOptions;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PayloadMasker;
import io.cardstream.streaming.Quarantine;
import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code feedback} topic into the Delta table {@code feedback/labels}, exactly once per case
 * (trans_num and card): each micro-batch is merged on the case (the first answer stays), so a
 * redelivered or repeated event changes nothing. A message that is no feedback event goes to the
 * quarantine table, masked, instead of stopping the job. The nightly training reads the labels over
 * the dataset's own.
 */
@Command(
    name = "feedback-labels",
    mixinStandardHelpOptions = true,
    description = "Keep the feedback/labels table: customers' and analysts' answers, once each.")
public final class FeedbackLabelsJob implements Callable<Integer> {

  /** The {@code feedback/labels} table. */
  public static final StructType SCHEMA =
      new StructType()
          .add("trans_num", DataTypes.StringType, false)
          .add("card_id", DataTypes.StringType, true)
          .add("answer", DataTypes.StringType, false)
          .add("is_fraud", DataTypes.IntegerType, false)
          .add("source", DataTypes.StringType, false)
          .add("channel", DataTypes.StringType, true)
          .add("answered_by", DataTypes.StringType, true)
          .add("answered_at", DataTypes.TimestampType, false)
          .add(LakeTable.FEEDBACK_LABELS.partitionColumn(), DataTypes.DateType, false);

  @Mixin KafkaOptions kafka;

  @Option(names = "--lake", required = true, description = "Lake root.")
  String lake;

  @Option(names = "--checkpoint", required = true, description = "The job's checkpoint.")
  String checkpoint;

  @Option(
      names = "--trigger-seconds",
      defaultValue = "30",
      description = "Micro-batch interval (default ${DEFAULT-VALUE}).")
  int triggerSeconds;

  @Option(names = "--available-now", description = "Take what is on the topic now, then stop.")
  boolean availableNow;

  /** Starts the query. */
  public static StreamingQuery start(
      SparkSession spark,
      String bootstrap,
      KafkaAuth auth,
      Lake lake,
      String checkpoint,
      int triggerSeconds,
      boolean availableNow)
      throws java.util.concurrent.TimeoutException {
    String path = lake.path(LakeTable.FEEDBACK_LABELS);
    // An empty append creates the table with its schema. Not DeltaTable.create: its location check
    // compares paths literally, and file:///x and file:/x are the same table.
    if (!DeltaTable.isDeltaTable(spark, path)) {
      spark
          .createDataFrame(List.of(), SCHEMA)
          .write()
          .format("delta")
          .partitionBy(LakeTable.FEEDBACK_LABELS.partitionColumn())
          .mode("append")
          .save(path);
    }
    return spark
        .readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrap)
        .option("subscribe", Topics.FEEDBACK)
        .option("startingOffsets", "earliest")
        .option("kafka.isolation.level", "read_committed")
        .options(auth.sparkOptions())
        .load()
        .selectExpr(
            "CAST(value AS STRING) AS value",
            "topic",
            "CAST(partition AS STRING) AS partition",
            "CAST(offset AS STRING) AS offset",
            "timestamp")
        .writeStream()
        .queryName("cardstream-feedback-labels")
        .option("checkpointLocation", checkpoint)
        .trigger(
            availableNow ? Trigger.AvailableNow() : Trigger.ProcessingTime(triggerSeconds * 1000L))
        .foreachBatch(
            (VoidFunction2<Dataset<Row>, Long>)
                (batch, id) -> merge(batch, path, lake.path(LakeTable.QUARANTINE), id))
        .start();
  }

  static void merge(Dataset<Row> batch, String path, String quarantinePath, long batchId) {
    List<Row> rows = new ArrayList<>();
    List<Row> rejected = new ArrayList<>();
    Timestamp now = Timestamp.from(java.time.Instant.now());
    for (Row r : batch.collectAsList()) {
      FeedbackEvent e;
      try {
        e = FeedbackEvent.fromJson(r.getString(0));
      } catch (RuntimeException bad) {
        rejected.add(
            Quarantine.row(
                ReasonCode.MALFORMED_RECORD,
                PayloadMasker.maskDigitRuns("not a feedback event: " + bad.getMessage()),
                r.isNullAt(0) ? "" : PayloadMasker.maskJson(r.getString(0)),
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getTimestamp(4),
                now));
        continue;
      }
      rows.add(
          RowFactory.create(
              e.transNum(),
              e.cardId(),
              e.answer().status(),
              e.answer().label(),
              e.source(),
              e.channel(),
              e.by(),
              Timestamp.from(e.at()),
              Date.valueOf(e.at().atZone(ZoneOffset.UTC).toLocalDate())));
    }
    SparkSession spark = batch.sparkSession();
    if (!rejected.isEmpty()) {
      // Idempotent per batch, as the stream's own quarantine writes are.
      spark
          .createDataFrame(rejected, Quarantine.SCHEMA)
          .write()
          .format("delta")
          .mode("append")
          .partitionBy(LakeTable.QUARANTINE.partitionColumn())
          .option("txnAppId", "cardstream-feedback-labels/" + LakeTable.QUARANTINE.path())
          .option("txnVersion", batchId)
          .option("mergeSchema", "true")
          .save(quarantinePath);
    }
    if (rows.isEmpty()) {
      return;
    }
    // One row per case (the first answer), then insert only what the table lacks.
    Dataset<Row> answers =
        spark
            .createDataFrame(rows, SCHEMA)
            .withColumn(
                "n",
                row_number()
                    .over(Window.partitionBy("trans_num", "card_id").orderBy(col("answered_at"))))
            .where("n = 1")
            .drop("n");
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(answers.as("a"), "t.trans_num = a.trans_num AND t.card_id <=> a.card_id")
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  @Override
  public Integer call() throws Exception {
    start(
            JobMain.session("cardstream-feedback-labels"),
            kafka.bootstrap(),
            kafka.auth(),
            new Lake(lake),
            checkpoint,
            triggerSeconds,
            availableNow)
        .awaitTermination();
    return 0;
  }

  public static void main(String[] args) {
    JobMain.run(new FeedbackLabelsJob(), args);
  }
}

package io.cardstream.streaming.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.decision.DecisionMessage;
import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.Topics;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier as a stream: the {@code alerts} topic (and {@code decisions.approved} for notices)
 * read with a checkpoint of its own; each micro-batch's alerts go through {@link Notifier} on the
 * driver (alerts are a small share of the traffic) and their outcomes are appended to the Delta
 * table {@code notifications} idempotently (a replayed batch adds nothing: {@code txnVersion}).
 */
public final class NotifierStream {

  private static final Logger LOG = LoggerFactory.getLogger(NotifierStream.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The {@code notifications} log: no card number, no address (its domain only). */
  public static final StructType LOG_SCHEMA =
      new StructType()
          .add("alert_id", DataTypes.StringType, false)
          .add("trans_num", DataTypes.StringType, false)
          .add("card_id", DataTypes.StringType, true)
          .add("kind", DataTypes.StringType, false)
          .add("decision", DataTypes.StringType, true)
          .add("channel", DataTypes.StringType, false)
          .add("status", DataTypes.StringType, false)
          .add("recipient_domain", DataTypes.StringType, true)
          .add("attempts", DataTypes.IntegerType, false)
          .add("message_id", DataTypes.StringType, true)
          .add("detail", DataTypes.StringType, true)
          .add("attempt_time", DataTypes.TimestampType, false)
          .add(LakeTable.NOTIFICATIONS.partitionColumn(), DataTypes.DateType, false);

  private final NotifierConfig config;
  private final Notifier notifier;

  public NotifierStream(NotifierConfig config, Notifier notifier) {
    this.config = config;
    this.notifier = notifier;
  }

  /** The notifier on DynamoDB (contacts, ledger), its mail transport and the dead-letter topic. */
  public static NotifierStream onServices(NotifierConfig c, FeedbackLinks links) {
    var ddb = c.dynamodb().client(Duration.ofSeconds(30));
    Notifier.DeadLetters deadLetters =
        (alert, reason) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("alert_id", alert.alertId());
          m.put("card_last4", alert.cardLast4());
          m.put("decision", alert.decision());
          m.put("reason", reason);
          m.put("at", Instant.now().toString());
          // Rare: a producer per dead letter, closed at once.
          try (KafkaProducer<String, String> dlq =
              KafkaClients.producer(c.kafkaBootstrap(), c.kafkaAuth(), Map.of())) {
            dlq.send(
                    new ProducerRecord<>(
                        Topics.ALERTS_DLQ, alert.alertId(), JSON.writeValueAsString(m)))
                .get();
          } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter " + alert.alertId(), e);
          }
        };
    return new NotifierStream(
        c,
        new Notifier(
            new Contacts(ddb, c.dynamodb().tablePrefix()),
            new Ledger(ddb, c.dynamodb().tablePrefix()),
            c.mail().mailer(),
            links,
            c.feedbackBaseUrl(),
            c.linkValidity(),
            c.outageLimit(),
            deadLetters,
            Clock.systemUTC()));
  }

  public StreamingQuery start(SparkSession spark) throws TimeoutException {
    String topics = Topics.ALERTS + (config.approvedNotices() ? "," + Topics.APPROVED : "");
    Dataset<Row> in =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", config.kafkaBootstrap())
            .option("subscribe", topics)
            .option("startingOffsets", config.startingOffsets())
            .option("kafka.isolation.level", "read_committed")
            .options(config.kafkaAuth().sparkOptions())
            .option("maxOffsetsPerTrigger", 5000)
            .load()
            .selectExpr("CAST(value AS STRING) AS value");
    return in.writeStream()
        .queryName("cardstream-notifier")
        .option("checkpointLocation", config.checkpoint())
        .trigger(
            config.availableNow()
                ? Trigger.AvailableNow()
                : Trigger.ProcessingTime(config.triggerSeconds() * 1000L))
        .foreachBatch(
            (VoidFunction2<Dataset<Row>, Long>)
                (batch, id) -> {
                  List<DecisionMessage> alerts = new ArrayList<>();
                  for (Row r : batch.collectAsList()) {
                    alerts.add(DecisionMessage.fromJson(r.getString(0)));
                  }
                  if (alerts.isEmpty()) {
                    return;
                  }
                  List<Notifier.Outcome> outcomes = notifier.notify(alerts);
                  append(batch.sparkSession(), outcomes, id);
                  Map<String, Long> counts = new LinkedHashMap<>();
                  outcomes.forEach(o -> counts.merge(o.status(), 1L, Long::sum));
                  LOG.info("notifier batch {}: {} messages, e-mails {}", id, alerts.size(), counts);
                })
        .start();
  }

  private void append(SparkSession spark, List<Notifier.Outcome> outcomes, long batchId) {
    if (outcomes.isEmpty()) {
      return;
    }
    List<Row> rows = new ArrayList<>();
    for (Notifier.Outcome o : outcomes) {
      rows.add(
          RowFactory.create(
              o.alert().alertId(),
              o.alert().transNum(),
              o.alert().cardId(),
              o.alert().approved() ? "notice" : "alert",
              o.alert().decision(),
              "email",
              o.status(),
              o.recipientDomain(),
              o.attempts(),
              o.messageId(),
              o.detail(),
              Timestamp.from(o.at()),
              Date.valueOf(o.at().atZone(ZoneOffset.UTC).toLocalDate())));
    }
    String queryId = spark.sparkContext().getLocalProperty("sql.streaming.queryId");
    spark
        .createDataFrame(rows, LOG_SCHEMA)
        .coalesce(1)
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .partitionBy(LakeTable.NOTIFICATIONS.partitionColumn())
        .option("txnAppId", "cardstream-notifier-" + queryId)
        .option("txnVersion", batchId)
        .save(config.lake().path(LakeTable.NOTIFICATIONS));
  }
}

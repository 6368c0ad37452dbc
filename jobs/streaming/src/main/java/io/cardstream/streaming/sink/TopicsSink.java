package io.cardstream.streaming.sink;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.decision.DecisionMessage;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.lake.SilverSchema;
import io.cardstream.common.lake.Topics;
import java.util.ArrayList;
import java.util.List;

/**
 * Decisions to {@code decisions.approved} / {@code decisions.declined} (plus {@code alerts} for
 * REVIEW and DECLINE) and rejects to the dead-letter topic, and with a lake topic every silver and
 * quarantine row on it for the lake query ({@link LakeMessages}), in one Kafka transaction with the
 * batch's marker, so a replayed batch that was sent is not sent again. Collects the batch on the
 * driver: one transactional producer per query. It has its own batch marker, so it need not wait
 * for the other sinks.
 */
public final class TopicsSink extends BatchSink.Named {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The silver columns a decision message carries. */
  private static final String[] DECISION_COLUMNS = {
    "trans_num",
    "card_id",
    "card_last4",
    "event_time",
    "amt",
    "merchant",
    "category",
    SilverSchema.SCORE,
    SilverSchema.DECISION,
    SilverSchema.REASONS,
    SilverSchema.RULE_IDS,
    SilverSchema.EXPLANATION,
    SilverSchema.MODEL_VERSION,
    SilverSchema.RULES_VERSION,
    "produce_time"
  };

  private final String bootstrap;
  private final KafkaAuth auth;
  private final String lakeTopic;
  private TransactionalTopics topics;

  /** The decision, alert and dead-letter topics only. */
  public TopicsSink(String bootstrap, KafkaAuth auth) {
    this(bootstrap, auth, null);
  }

  /** Those and the lake topic ({@code lakeTopic} null: none). */
  public TopicsSink(String bootstrap, KafkaAuth auth, String lakeTopic) {
    super("topics");
    this.bootstrap = bootstrap;
    this.auth = auth;
    this.lakeTopic = lakeTopic;
  }

  @Override
  protected boolean writeBatch(ScoredBatch batch) {
    List<TransactionalTopics.Message> messages = new ArrayList<>();
    // One job per table: the decision columns, and the whole row as JSON for the lake.
    List<org.apache.spark.sql.Column> columns =
        new ArrayList<>(
            java.util.Arrays.stream(DECISION_COLUMNS)
                .map(org.apache.spark.sql.functions::col)
                .toList());
    if (lakeTopic != null) {
      columns.add(LakeMessages.silverJson());
    }
    for (org.apache.spark.sql.Row r :
        batch
            .silver()
            .select(columns.toArray(org.apache.spark.sql.Column[]::new))
            .collectAsList()) {
      DecisionMessage d = decision(r);
      String json = d.toJson();
      if (d.approved()) {
        messages.add(new TransactionalTopics.Message(Topics.APPROVED, d.transNum(), json));
      } else {
        messages.add(new TransactionalTopics.Message(Topics.DECLINED, d.transNum(), json));
        messages.add(new TransactionalTopics.Message(Topics.ALERTS, d.transNum(), json));
      }
      if (lakeTopic != null) {
        messages.add(
            new TransactionalTopics.Message(
                lakeTopic,
                d.transNum(),
                LakeMessages.value(LakeMessages.SILVER, r.getString(DECISION_COLUMNS.length))));
      }
    }
    if (batch.quarantined() > 0) {
      for (org.apache.spark.sql.Row r :
          batch
              .quarantine()
              .select(
                  col("reason"),
                  col("detail"),
                  col("payload"),
                  col("source"),
                  col("source_partition"),
                  col("source_offset"),
                  LakeMessages.quarantineJson())
              .collectAsList()) {
        ObjectNode n = JSON.createObjectNode();
        n.put("reason", r.getString(0));
        n.put("detail", r.getString(1));
        n.put("payload", r.getString(2));
        n.put("source", r.getString(3));
        n.put("source_partition", r.getString(4));
        n.put("source_offset", r.getString(5));
        String key = r.getString(3) + "/" + r.getString(4) + "/" + r.getString(5);
        messages.add(new TransactionalTopics.Message(Topics.DLQ, key, n.toString()));
        if (lakeTopic != null) {
          messages.add(
              new TransactionalTopics.Message(
                  lakeTopic, key, LakeMessages.value(LakeMessages.QUARANTINE, r.getString(6))));
        }
      }
    }
    try {
      return topics(batch.queryId()).write(batch.batchId(), messages);
    } catch (RuntimeException e) {
      // A producer that failed (a broker restart, a timeout) may be left in an error state: the
      // retry starts a new one, which fences the old and reads the commits topic again.
      close();
      throw e;
    }
  }

  private synchronized TransactionalTopics topics(String queryId) {
    if (topics == null) {
      topics = new TransactionalTopics(bootstrap, auth, Topics.SINK_COMMITS, queryId);
    }
    return topics;
  }

  /** Closes the Kafka producer, if a batch opened one. */
  @Override
  public synchronized void close() {
    if (topics != null) {
      topics.close();
      topics = null;
    }
  }

  /** A silver row as the topics carry it: ids, card token and last four, amounts, outcome. */
  static DecisionMessage decision(org.apache.spark.sql.Row r) {
    java.sql.Timestamp produced = r.getAs("produce_time");
    return new DecisionMessage(
        r.getAs("trans_num"),
        r.getAs("card_id"),
        r.getAs("card_last4"),
        ((java.sql.Timestamp) r.getAs("event_time")).toInstant(),
        r.<Double>getAs("amt"),
        r.getAs("merchant"),
        r.getAs("category"),
        r.getAs(SilverSchema.SCORE),
        r.getAs(SilverSchema.DECISION),
        r.getList(r.fieldIndex(SilverSchema.REASONS)),
        r.getList(r.fieldIndex(SilverSchema.RULE_IDS)),
        DynamoItems.explanation(r).stream()
            .map(c -> new DecisionMessage.Contribution(c.getString(0), c.getDouble(1)))
            .toList(),
        r.getAs(SilverSchema.MODEL_VERSION),
        r.getAs(SilverSchema.RULES_VERSION),
        produced == null ? null : produced.toInstant());
  }
}

package io.cardstream.streaming.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.decision.Decision;
import io.cardstream.common.lake.Topics;
import java.util.ArrayList;
import java.util.List;

/**
 * Decisions to {@code decisions.approved} / {@code decisions.declined} (plus {@code alerts} for
 * REVIEW and DECLINE) and rejects to the dead-letter topic, in one Kafka transaction with the
 * batch's marker, so a replayed batch that was sent is not sent again. Collects the batch on the
 * driver: one transactional producer per query. It has its own batch marker, so it need not wait
 * for the other sinks.
 */
public final class TopicsSink extends BatchSink.Named {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String bootstrap;
  private TransactionalTopics topics;

  public TopicsSink(String bootstrap) {
    super("topics");
    this.bootstrap = bootstrap;
  }

  @Override
  protected boolean writeBatch(ScoredBatch batch) {
    List<TransactionalTopics.Message> messages = new ArrayList<>();
    for (org.apache.spark.sql.Row r :
        batch
            .silver()
            .select(
                "trans_num",
                "card_id",
                "card_last4",
                "event_time",
                "amt",
                "merchant",
                "category",
                "score",
                "decision",
                "reasons",
                "rule_ids",
                "explanation",
                "model_version",
                "rules_version",
                "produce_time")
            .collectAsList()) {
      String json = decisionJson(r);
      String key = r.getAs("trans_num");
      if (Decision.APPROVE.equals(r.getAs("decision"))) {
        messages.add(new TransactionalTopics.Message(Topics.APPROVED, key, json));
      } else {
        messages.add(new TransactionalTopics.Message(Topics.DECLINED, key, json));
        messages.add(new TransactionalTopics.Message(Topics.ALERTS, key, json));
      }
    }
    if (batch.quarantined() > 0) {
      for (org.apache.spark.sql.Row r :
          batch
              .quarantine()
              .select("reason", "detail", "payload", "source", "source_partition", "source_offset")
              .collectAsList()) {
        ObjectNode n = JSON.createObjectNode();
        n.put("reason", r.getString(0));
        n.put("detail", r.getString(1));
        n.put("payload", r.getString(2));
        n.put("source", r.getString(3));
        n.put("source_partition", r.getString(4));
        n.put("source_offset", r.getString(5));
        messages.add(
            new TransactionalTopics.Message(
                Topics.DLQ,
                r.getString(3) + "/" + r.getString(4) + "/" + r.getString(5),
                n.toString()));
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
      topics = new TransactionalTopics(bootstrap, Topics.SINK_COMMITS, queryId);
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

  /** A decision as the topics carry it: ids, card token and last four, amounts, outcome. */
  static String decisionJson(org.apache.spark.sql.Row r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("trans_num", (String) r.getAs("trans_num"));
    n.put("card_id", (String) r.getAs("card_id"));
    n.put("card_last4", (String) r.getAs("card_last4"));
    n.put("event_time", ((java.sql.Timestamp) r.getAs("event_time")).toInstant().toString());
    n.put("amt", (Double) r.getAs("amt"));
    n.put("merchant", (String) r.getAs("merchant"));
    n.put("category", (String) r.getAs("category"));
    Object score = r.getAs("score");
    if (score != null) {
      n.put("score", (Double) score);
    }
    n.put("decision", (String) r.getAs("decision"));
    n.set("reasons", JSON.valueToTree(r.getList(r.fieldIndex("reasons"))));
    n.set("rule_ids", JSON.valueToTree(r.getList(r.fieldIndex("rule_ids"))));
    com.fasterxml.jackson.databind.node.ArrayNode explanation = n.putArray("explanation");
    for (org.apache.spark.sql.Row c : DynamoItems.explanation(r)) {
      explanation.addObject().put("feature", c.getString(0)).put("contribution", c.getDouble(1));
    }
    n.put("model_version", (String) r.getAs("model_version"));
    n.put("rules_version", (String) r.getAs("rules_version"));
    java.sql.Timestamp produced = r.getAs("produce_time");
    if (produced != null) {
      n.put("produce_time", produced.toInstant().toString());
    }
    return n.toString();
  }
}

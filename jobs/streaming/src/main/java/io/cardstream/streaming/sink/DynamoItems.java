package io.cardstream.streaming.sink;

import io.cardstream.common.features.CardFeatures;
import io.cardstream.common.lake.SilverSchema;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Silver rows as DynamoDB items of {@link io.cardstream.common.lake.DynamoTables}. Keys are
 * deterministic, so a replayed batch overwrites items with the same values. No card number: the
 * card is its token and last four.
 */
public final class DynamoItems {

  private DynamoItems() {}

  /**
   * {@code event_time#trans_num}: sorts a card's items by time and makes time ranges a key
   * condition.
   */
  public static String sortKey(Timestamp eventTime, String transNum) {
    return eventTime.toInstant().toString() + "#" + transNum;
  }

  public static Map<String, AttributeValue> transaction(Row r) {
    Map<String, AttributeValue> m = common(r);
    m.put("card_id", s(r.getAs("card_id")));
    m.put("event_time_trans_num", s(sortKey(r.getAs("event_time"), r.getAs("trans_num"))));
    putIfPresent(m, "city", r.getAs("city"));
    putIfPresent(m, "state", r.getAs("state"));
    return m;
  }

  /**
   * A case for the review queue: the decision with its reasons and, when the row carries them, the
   * model's input features (what an analyst looks at); no {@code case_status}: a new case is open.
   *
   * @param openedAt when the stream writes the case: the queue counts a case's age from it (the
   *     event time of replayed data can be years old)
   */
  public static Map<String, AttributeValue> audit(Row r, Instant openedAt) {
    Map<String, AttributeValue> m = common(r);
    m.put("opened_at", s(openedAt.toString()));
    m.put("card_id", s(r.getAs("card_id")));
    m.put("rule_ids", list(r.getList(r.fieldIndex(SilverSchema.RULE_IDS))));
    putIfPresent(m, "flag_reason", r.getAs(SilverSchema.FLAG_REASON));
    Map<String, AttributeValue> features = new HashMap<>();
    for (String f : CardFeatures.NUMERIC) {
      if (java.util.Arrays.asList(r.schema().fieldNames()).contains(f)
          && !r.isNullAt(r.fieldIndex(f))) {
        features.put(f, n(r.getDouble(r.fieldIndex(f))));
      }
    }
    if (!features.isEmpty()) {
      m.put("features", AttributeValue.builder().m(features).build());
    }
    List<AttributeValue> explanation = new ArrayList<>();
    for (Row c : explanation(r)) {
      explanation.add(
          AttributeValue.builder()
              .m(Map.of("feature", s(c.getString(0)), "contribution", n(c.getDouble(1))))
              .build());
    }
    if (!explanation.isEmpty()) {
      m.put("explanation", AttributeValue.builder().l(explanation).build());
    }
    return m;
  }

  private static Map<String, AttributeValue> common(Row r) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put("trans_num", s(r.getAs("trans_num")));
    m.put("event_time", s(((Timestamp) r.getAs("event_time")).toInstant().toString()));
    m.put("card_last4", s(r.getAs("card_last4")));
    m.put("amt", n(((Double) r.getAs("amt"))));
    putIfPresent(m, "merchant", r.getAs("merchant"));
    putIfPresent(m, "category", r.getAs("category"));
    m.put("decision", s(r.getAs(SilverSchema.DECISION)));
    m.put("reasons", list(r.getList(r.fieldIndex(SilverSchema.REASONS))));
    Object score = r.getAs(SilverSchema.SCORE);
    if (score != null) {
      m.put("score", n((Double) score));
    }
    m.put("model_version", s(r.getAs(SilverSchema.MODEL_VERSION)));
    m.put("rules_version", s(r.getAs(SilverSchema.RULES_VERSION)));
    return m;
  }

  /** The row's top feature contributions (none for a row without the column, or an APPROVE). */
  static List<Row> explanation(Row r) {
    int i = java.util.Arrays.asList(r.schema().fieldNames()).indexOf(SilverSchema.EXPLANATION);
    return i < 0 || r.isNullAt(i) ? List.of() : r.getList(i);
  }

  private static void putIfPresent(Map<String, AttributeValue> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, s(v));
    }
  }

  private static AttributeValue s(String v) {
    return AttributeValue.builder().s(v).build();
  }

  private static AttributeValue n(double v) {
    return AttributeValue.builder().n(Double.toString(v)).build();
  }

  private static AttributeValue list(List<String> values) {
    return AttributeValue.builder().l(values.stream().map(DynamoItems::s).toList()).build();
  }
}

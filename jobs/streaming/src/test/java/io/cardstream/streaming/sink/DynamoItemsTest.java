package io.cardstream.streaming.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoItemsTest {

  private static final Instant OPENED = Instant.parse("2026-12-06T18:00:00Z");

  private static final StructType SILVER =
      new StructType()
          .add("trans_num", DataTypes.StringType)
          .add("event_time", DataTypes.TimestampType)
          .add("card_id", DataTypes.StringType)
          .add("card_last4", DataTypes.StringType)
          .add("amt", DataTypes.DoubleType)
          .add("merchant", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("city", DataTypes.StringType)
          .add("state", DataTypes.StringType)
          .add("decision", DataTypes.StringType)
          .add("reasons", DataTypes.createArrayType(DataTypes.StringType))
          .add("rule_ids", DataTypes.createArrayType(DataTypes.StringType))
          .add("score", DataTypes.DoubleType)
          .add("model_version", DataTypes.StringType)
          .add("rules_version", DataTypes.StringType)
          .add("flag_reason", DataTypes.StringType);

  private static Row row(Double score) {
    return row(score, null);
  }

  private static Row row(Double score, String flagReason) {
    return new GenericRowWithSchema(
        new Object[] {
          "t1",
          Timestamp.from(Instant.parse("2019-01-02T03:04:05Z")),
          "tok",
          "1111",
          12.5,
          "m",
          "home",
          "Orient",
          "WA",
          "REVIEW",
          scala.collection.JavaConverters.asScalaBuffer(
                  java.util.List.of("amount_over_1000", "score:review"))
              .toSeq(),
          scala.collection.JavaConverters.asScalaBuffer(java.util.List.of("amount_over_1000"))
              .toSeq(),
          score,
          "v1",
          "r1",
          flagReason
        },
        SILVER);
  }

  @Test
  void transactionItemIsKeyedByCardAndTimeThenId() {
    Map<String, AttributeValue> item = DynamoItems.transaction(row(0.5));
    assertThat(item.get("card_id").s()).isEqualTo("tok");
    assertThat(item.get("event_time_trans_num").s()).isEqualTo("2019-01-02T03:04:05Z#t1");
    assertThat(item.get("amt").n()).isEqualTo("12.5");
    assertThat(item.get("score").n()).isEqualTo("0.5");
    assertThat(item.get("reasons").l())
        .extracting(AttributeValue::s)
        .containsExactly("amount_over_1000", "score:review");
    assertThat(item.keySet()).doesNotContain("cc_num", "first", "last", "street", "dob");
  }

  @Test
  void auditItemAndDecisionJsonCarryTheExplanationInOrder() {
    StructType contribution =
        new StructType()
            .add("feature", DataTypes.StringType)
            .add("contribution", DataTypes.DoubleType);
    StructType schema =
        SILVER
            .add("explanation", DataTypes.createArrayType(contribution))
            .add("produce_time", DataTypes.TimestampType);
    Object[] values = new Object[schema.size()];
    Row base = row(0.9);
    for (int i = 0; i < base.size(); i++) {
      values[i] = base.get(i);
    }
    values[base.size()] =
        scala.collection.JavaConverters.asScalaBuffer(
                java.util.List.<Row>of(
                    new GenericRowWithSchema(
                        new Object[] {"amt_to_card_cat_mean", 1.5}, contribution),
                    new GenericRowWithSchema(new Object[] {"night_share", 0.25}, contribution)))
            .toSeq();
    Row r = new GenericRowWithSchema(values, schema);

    Map<String, AttributeValue> item = DynamoItems.audit(r, OPENED);
    assertThat(item.get("explanation").l())
        .extracting(a -> a.m().get("feature").s() + "=" + a.m().get("contribution").n())
        .containsExactly("amt_to_card_cat_mean=1.5", "night_share=0.25");
    assertThat(DynamoItems.audit(row(0.9), OPENED)).doesNotContainKey("explanation");
    assertThat(TopicsSink.decision(r).toJson())
        .contains(
            "\"explanation\":[{\"feature\":\"amt_to_card_cat_mean\",\"contribution\":1.5},"
                + "{\"feature\":\"night_share\",\"contribution\":0.25}]");
  }

  @Test
  void auditItemCarriesRulesAndOmitsAMissingScore() {
    Map<String, AttributeValue> item = DynamoItems.audit(row(null), OPENED);
    assertThat(item.get("trans_num").s()).isEqualTo("t1");
    // The queue's age counts from here, not from the (replayed, old) event time.
    assertThat(item.get("opened_at").s()).isEqualTo("2026-12-06T18:00:00Z");
    assertThat(item.get("rule_ids").l())
        .extracting(AttributeValue::s)
        .containsExactly("amount_over_1000");
    assertThat(item).doesNotContainKey("score");
    assertThat(item).doesNotContainKey("flag_reason");
    assertThat(item.get("decision").s()).isEqualTo("REVIEW");
    assertThat(item.get("rules_version").s()).isEqualTo("r1");
  }

  @Test
  void auditItemOfAFlaggedCardSaysWhyItWasFlagged() {
    assertThat(DynamoItems.audit(row(0.1, "customer said: not me"), OPENED).get("flag_reason").s())
        .isEqualTo("customer said: not me");
  }
}

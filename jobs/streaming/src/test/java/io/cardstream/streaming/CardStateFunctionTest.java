package io.cardstream.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.features.CardFeatureState;
import io.cardstream.common.features.CardFeatures;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.TestGroupState;
import org.junit.jupiter.api.Test;

/** The state function alone, with Spark's TestGroupState. */
class CardStateFunctionTest {

  private static final Instant T0 = Instant.parse("2019-01-01T10:00:00Z");
  private final CardStateFunction fn = new CardStateFunction(30);

  private static Row parsed(String id, long offsetSeconds, double amt) {
    Object[] v = new Object[EventParsing.PARSED.size()];
    v[EventParsing.PARSED.fieldIndex("trans_num")] = id;
    v[EventParsing.PARSED.fieldIndex("event_time")] = Timestamp.from(T0.plusSeconds(offsetSeconds));
    v[EventParsing.PARSED.fieldIndex("card_id")] = "card";
    v[EventParsing.PARSED.fieldIndex("amt")] = amt;
    v[EventParsing.PARSED.fieldIndex("age")] = 40;
    return RowFactory.create(v);
  }

  private static Row rejected(String reason) {
    Object[] v = new Object[EventParsing.PARSED.size()];
    v[EventParsing.PARSED.fieldIndex(EventParsing.REJECT_REASON)] = reason;
    v[EventParsing.PARSED.fieldIndex("age")] = 40;
    return RowFactory.create(v);
  }

  private static double feature(Row r, String name) {
    return r.getDouble(CardStateFunction.FEATURED.fieldIndex(name));
  }

  @Test
  void appliesABatchInEventTimeOrderAndKeepsTheState() throws Exception {
    TestGroupState<byte[]> state =
        TestGroupState.create(
            Optional.empty(),
            GroupStateTimeout.ProcessingTimeTimeout(),
            1_000L,
            Optional.empty(),
            false);
    List<Row> out =
        list(fn.call("card", List.of(parsed("b", 1800, 20), parsed("a", 0, 10)).iterator(), state));
    assertThat(out)
        .extracting(r -> r.getString(CardStateFunction.FEATURED.fieldIndex("trans_num")))
        .containsExactly("a", "b");
    assertThat(feature(out.get(0), "card_txn_count")).isZero();
    assertThat(feature(out.get(1), "secs_since_prev")).isEqualTo(1800);
    assertThat(feature(out.get(1), "amt_to_card_mean")).isEqualTo(2.0);
    assertThat(feature(out.get(1), "age")).isEqualTo(40.0);
    assertThat(
            out.get(1).getDouble(CardStateFunction.FEATURED.fieldIndex(CardFeatures.CARD_MEAN_AMT)))
        .isEqualTo(10.0);
    assertThat(state.exists()).isTrue();
    assertThat(state.getTimeoutTimestampMs().get()).isEqualTo(1_000L + 30L * 86_400_000L);

    // The next micro-batch continues from the state.
    List<Row> next = list(fn.call("card", List.of(parsed("c", 3600, 30)).iterator(), state));
    assertThat(feature(next.get(0), "card_txn_count")).isEqualTo(2);
    assertThat(feature(next.get(0), "count_1h")).isEqualTo(2);
    assertThat(feature(next.get(0), "sum_1h")).isEqualTo(30);
  }

  @Test
  void aRedeliveredEventIsARejectAndLeavesTheStateAsItWas() throws Exception {
    TestGroupState<byte[]> state =
        TestGroupState.create(
            Optional.empty(),
            GroupStateTimeout.ProcessingTimeTimeout(),
            1_000L,
            Optional.empty(),
            false);
    list(fn.call("card", List.of(parsed("a", 0, 10)).iterator(), state));
    // "a" again (a client's retry), in the same batch as a new event and in a later one.
    List<Row> out =
        list(fn.call("card", List.of(parsed("a", 0, 10), parsed("b", 60, 20)).iterator(), state));
    int reason = CardStateFunction.FEATURED.fieldIndex(EventParsing.REJECT_REASON);
    assertThat(out).hasSize(2);
    Row dup = out.get(0);
    assertThat(dup.getString(reason)).isEqualTo("DUPLICATE_ID");
    assertThat(dup.getString(CardStateFunction.FEATURED.fieldIndex(EventParsing.REJECT_DETAIL)))
        .isEqualTo("trans_num a was already scored for this card (a redelivery)");
    assertThat(dup.getString(CardStateFunction.FEATURED.fieldIndex(EventParsing.MASKED_PAYLOAD)))
        .isEqualTo(
            "{\"trans_num\":\"a\",\"event_time\":\"2019-01-01T10:00:00Z\",\"card_last4\":null,\"amt\":10.0}");
    assertThat(out.get(1).isNullAt(reason)).isTrue();
    // "b" sees one earlier event (a), not two.
    assertThat(feature(out.get(1), "card_txn_count")).isEqualTo(1);
    assertThat(CardFeatureState.fromBytes(state.get()).seen("a")).isTrue();
    assertThat(CardFeatureState.fromBytes(state.get()).seen("c")).isFalse();
  }

  @Test
  void idleCardsAreDropped() throws Exception {
    TestGroupState<byte[]> state =
        TestGroupState.create(
            Optional.of(new CardFeatureState().toBytes()),
            GroupStateTimeout.ProcessingTimeTimeout(),
            1_000L,
            Optional.empty(),
            true);
    assertThat(fn.call("card", java.util.Collections.emptyIterator(), state)).isExhausted();
    assertThat(state.exists()).isFalse();
  }

  @Test
  void rejectsPassThroughWithoutFeaturesOrState() throws Exception {
    TestGroupState<byte[]> state =
        TestGroupState.create(
            Optional.empty(),
            GroupStateTimeout.ProcessingTimeTimeout(),
            1_000L,
            Optional.empty(),
            false);
    List<Row> out =
        list(
            fn.call(
                CardStateFunction.REJECT_KEY_PREFIX + "0",
                List.of(rejected("MISSING_ID")).iterator(),
                state));
    assertThat(out).hasSize(1);
    Row r = out.get(0);
    assertThat(r.getString(CardStateFunction.FEATURED.fieldIndex(EventParsing.REJECT_REASON)))
        .isEqualTo("MISSING_ID");
    assertThat(r.isNullAt(CardStateFunction.FEATURED.fieldIndex("log_amt"))).isTrue();
    assertThat(r.isNullAt(CardStateFunction.FEATURED.fieldIndex("age"))).isTrue();
    assertThat(state.exists()).isFalse();
  }

  private static List<Row> list(Iterator<Row> it) {
    List<Row> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void aRowTheFeaturesFailOnIsARejectAndTheOthersKeepTheirState() throws Exception {
    TestGroupState<byte[]> state =
        TestGroupState.create(
            Optional.empty(),
            GroupStateTimeout.ProcessingTimeTimeout(),
            1_000L,
            Optional.empty(),
            false);
    // An amount no validator would pass: the card's sums become infinite for that row only.
    List<Row> out =
        list(
            fn.call(
                "card",
                List.of(
                        parsed("a", 0, 10),
                        parsed("b", 60, Double.POSITIVE_INFINITY),
                        parsed("c", 120, 30))
                    .iterator(),
                state));
    int reason = CardStateFunction.FEATURED.fieldIndex(EventParsing.REJECT_REASON);
    assertThat(out)
        .extracting(r -> r.getString(reason))
        .containsExactly(null, "PROCESSING_ERROR", null);
    assertThat(
            out.get(1).getString(CardStateFunction.FEATURED.fieldIndex(EventParsing.REJECT_DETAIL)))
        .startsWith("state failed: ArithmeticException: feature ");
    // "c" follows "a" as if "b" had never come.
    assertThat(feature(out.get(2), "card_txn_count")).isEqualTo(1);
    assertThat(feature(out.get(2), "amt_to_card_mean")).isEqualTo(3.0);
    assertThat(CardFeatureState.fromBytes(state.get()).seen("b")).isFalse();
  }
}

package io.cardstream.streaming;

import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.features.CardFeatureState;
import io.cardstream.common.features.CardFeatures;
import io.cardstream.common.lake.SilverSchema;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-card features in the stream: the same {@link CardFeatureState} the parity test checks against
 * the batch window functions, kept per card token in the state store. A card's rows of a
 * micro-batch are applied in (event_time, trans_num) order. Idle cards are dropped after a
 * processing-time timeout: an event-time timeout would make Spark discard rows behind the
 * watermark, and this stream never drops a row.
 *
 * <p>Rejected rows travel through under keys of their own and never touch the state. A row whose
 * trans_num the card's state already holds (a redelivery: a client retried a request) becomes a
 * reject with reason {@code DUPLICATE_ID} instead of being scored twice.
 */
public final class CardStateFunction
    implements FlatMapGroupsWithStateFunction<String, Row, byte[], Row> {

  private static final Logger LOG = LoggerFactory.getLogger(CardStateFunction.class);
  static final String REJECT_KEY_PREFIX = "\u0000reject:";
  public static final StructType FEATURED = featuredSchema();

  private final long idleMillis;

  public CardStateFunction(int idleDays) {
    this.idleMillis = TimeUnit.DAYS.toMillis(idleDays);
  }

  /** Where each feature goes in a featured row. */
  private static final int[] FEATURE_INDEX =
      CardFeatures.NUMERIC.stream().mapToInt(f -> FEATURED.fieldIndex(f)).toArray();

  /** Parsed columns, then the features, as silver has them ({@link SilverSchema#withFeatures}). */
  private static StructType featuredSchema() {
    return SilverSchema.withFeatures(EventParsing.PARSED);
  }

  /** Adds the features to parsed rows; the result feeds {@code foreachBatch}. */
  public static Dataset<Row> apply(Dataset<Row> parsed, int idleDays) {
    int reason = EventParsing.PARSED.fieldIndex(EventParsing.REJECT_REASON);
    int card = EventParsing.PARSED.fieldIndex("card_id");
    int partition = EventParsing.PARSED.fieldIndex("source_partition");
    return parsed
        .groupByKey(
            (MapFunction<Row, String>)
                r ->
                    r.isNullAt(reason)
                        ? r.getString(card)
                        : REJECT_KEY_PREFIX + r.getString(partition),
            Encoders.STRING())
        .flatMapGroupsWithState(
            new CardStateFunction(idleDays),
            OutputMode.Append(),
            // The state as our own bytes (CardFeatureState.toBytes): the state schema stays the
            // one binary column Encoders.javaSerialization made, so older checkpoints still load.
            Encoders.BINARY(),
            Encoders.row(FEATURED),
            GroupStateTimeout.ProcessingTimeTimeout());
  }

  @Override
  public Iterator<Row> call(String key, Iterator<Row> rows, GroupState<byte[]> state) {
    if (state.hasTimedOut()) {
      state.remove();
      return java.util.Collections.emptyIterator();
    }
    int width = FEATURED.size();
    int parsedWidth = EventParsing.PARSED.size();
    List<Row> out = new ArrayList<>();
    if (key.startsWith(REJECT_KEY_PREFIX)) {
      rows.forEachRemaining(r -> out.add(widen(r, width, parsedWidth)));
      return out.iterator();
    }
    List<Row> batch = new ArrayList<>();
    rows.forEachRemaining(batch::add);
    int time = EventParsing.PARSED.fieldIndex("event_time");
    int id = EventParsing.PARSED.fieldIndex("trans_num");
    batch.sort(
        Comparator.comparing((Row r) -> r.getTimestamp(time)).thenComparing(r -> r.getString(id)));
    byte[] before = state.exists() ? state.get() : null;
    // A row the features fail on is set aside and the card's batch folded again without it, from
    // the state as it was: a failure half-way through next() must not leave the state half-updated.
    Map<Integer, RuntimeException> failed = new HashMap<>();
    while (true) {
      out.clear();
      CardFeatureState s = load(before, key);
      int current = -1;
      try {
        for (int i = 0; i < batch.size(); i++) {
          current = i;
          Row r = batch.get(i);
          if (failed.containsKey(i)) {
            out.add(failure(r, failed.get(i), width, parsedWidth));
          } else if (s.seen(r.getString(id))) {
            out.add(duplicate(r, width, parsedWidth));
          } else {
            out.add(featured(r, s.next(input(r), r.getString(id)), width, parsedWidth));
          }
        }
        state.update(s.toBytes());
        state.setTimeoutDuration(idleMillis);
        return out.iterator();
      } catch (RuntimeException e) {
        if (current < 0 || failed.containsKey(current)) {
          throw e;
        }
        failed.put(current, e);
      }
    }
  }

  /** The card's state from its bytes; state that cannot be read starts afresh (and says so). */
  private static CardFeatureState load(byte[] bytes, String card) {
    if (bytes == null) {
      return new CardFeatureState();
    }
    try {
      return CardFeatureState.fromBytes(bytes);
    } catch (RuntimeException e) {
      LOG.warn("the state of card {} cannot be read ({}): it starts afresh", card, e.toString());
      return new CardFeatureState();
    }
  }

  /** A featured row; features that are not finite numbers fail the row, not the batch. */
  private static Row featured(Row r, CardFeatureState.Values f, int width, int parsedWidth) {
    Object[] v = new Object[width];
    for (int i = 0; i < parsedWidth; i++) {
      v[i] = r.get(i);
    }
    double[] numeric = f.numeric();
    for (int i = 0; i < numeric.length; i++) {
      if (!Double.isFinite(numeric[i])) {
        throw new ArithmeticException(
            "feature " + CardFeatures.NUMERIC.get(i) + " is " + numeric[i]);
      }
      v[FEATURE_INDEX[i]] = numeric[i];
    }
    if (f.cardMeanAmt() != null && !Double.isFinite(f.cardMeanAmt())) {
      throw new ArithmeticException("the card's mean amount is " + f.cardMeanAmt());
    }
    v[width - 1] = f.cardMeanAmt();
    return RowFactory.create(v);
  }

  static CardFeatureState.Input input(Row r) {
    StructType p = EventParsing.PARSED;
    Timestamp t = r.getTimestamp(p.fieldIndex("event_time"));
    return new CardFeatureState.Input(
        Math.floorDiv(t.getTime(), 1000),
        r.getDouble(p.fieldIndex("amt")),
        (Double) r.get(p.fieldIndex("lat")),
        (Double) r.get(p.fieldIndex("long")),
        (Double) r.get(p.fieldIndex("merch_lat")),
        (Double) r.get(p.fieldIndex("merch_long")),
        (Integer) r.get(p.fieldIndex("age")),
        (Long) r.get(p.fieldIndex("city_pop")),
        r.getString(p.fieldIndex("category")));
  }

  /** A redelivered event as a reject: its ids and amount only, nothing personal. */
  private static Row duplicate(Row r, int width, int parsedWidth) {
    String id = r.getString(EventParsing.PARSED.fieldIndex("trans_num"));
    return rejected(
        r,
        width,
        parsedWidth,
        ReasonCode.DUPLICATE_ID,
        "trans_num " + id + " was already scored for this card (a redelivery)");
  }

  /** A row the per-card features failed on, as a reject with the failure. */
  private static Row failure(Row r, RuntimeException e, int width, int parsedWidth) {
    return rejected(r, width, parsedWidth, ReasonCode.PROCESSING_ERROR, Rejects.failed("state", e));
  }

  private static Row rejected(Row r, int width, int parsedWidth, ReasonCode reason, String detail) {
    Object[] v = widened(r, width, parsedWidth);
    StructType p = EventParsing.PARSED;
    v[p.fieldIndex(EventParsing.REJECT_REASON)] = reason.name();
    v[p.fieldIndex(EventParsing.REJECT_DETAIL)] = detail;
    v[p.fieldIndex(EventParsing.MASKED_PAYLOAD)] =
        Rejects.idsPayload(
            r.getString(p.fieldIndex("trans_num")),
            r.getTimestamp(p.fieldIndex("event_time")),
            r.getString(p.fieldIndex("card_last4")),
            r.get(p.fieldIndex("amt")));
    return RowFactory.create(v);
  }

  private static Row widen(Row r, int width, int parsedWidth) {
    return RowFactory.create(widened(r, width, parsedWidth));
  }

  private static Object[] widened(Row r, int width, int parsedWidth) {
    Object[] v = new Object[width];
    for (int i = 0; i < parsedWidth; i++) {
      v[i] = r.get(i);
    }
    // Rejected rows have no features; an input column that a feature replaced stays null.
    for (int i : FEATURE_INDEX) {
      v[i] = null;
    }
    return v;
  }
}

package io.cardstream.common.features;

import io.cardstream.common.contract.TokenizedTransaction;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The per-card state behind {@link CardFeatures}, computed incrementally: feed a card's
 * transactions in (event_time, trans_num) order and each call returns the same feature values the
 * batch window functions give. The stream keeps one of these per card in its state store; it holds
 * only the last 24 h of amounts, so its size is bounded by the card's daily activity.
 */
public final class CardFeatureState implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final long DAY = 86_400;
  private static final long HOUR = 3_600;

  private long count;
  private double sumAmt;
  private long lastSeconds = Long.MIN_VALUE;
  private Double lastMerchLat;
  private Double lastMerchLong;
  // (seconds, amount, trans_num) of the last 24 h, oldest first.
  private final ArrayDeque<Long> recentSeconds = new ArrayDeque<>();
  private final ArrayDeque<Double> recentAmounts = new ArrayDeque<>();
  // Null in state written before ids were kept (it deserializes without them).
  private ArrayDeque<String> recentIds = new ArrayDeque<>();

  /** The inputs a transaction contributes; nulls where the source has no value. */
  public record Input(
      long eventSeconds,
      double amt,
      Double lat,
      Double lon,
      Double merchLat,
      Double merchLong,
      Integer age,
      Long cityPop) {

    /** The inputs of a tokenized transaction. */
    public static Input of(TokenizedTransaction t) {
      return new Input(
          t.eventTime().getEpochSecond(),
          t.amt(),
          t.lat(),
          t.lon(),
          t.merchLat(),
          t.merchLong(),
          t.age(),
          t.cityPop());
    }
  }

  /** Feature values in {@link CardFeatures#NUMERIC} order, plus the running mean for the rule. */
  public record Values(double[] numeric, Double cardMeanAmt) {}

  /** Features of {@code in} from the state so far, then folds {@code in} into the state. */
  public Values next(Input in) {
    return next(in, null);
  }

  /**
   * Whether a transaction with this id was folded in within the card's last 24 h: a redelivery (a
   * client's retry), which must not be scored or counted twice.
   */
  public boolean seen(String transNum) {
    return transNum != null && recentIds != null && recentIds.contains(transNum);
  }

  /** As {@link #next(Input)}, remembering {@code transNum} for {@link #seen}. */
  public Values next(Input in, String transNum) {
    long t = in.eventSeconds();
    Double mean = count == 0 ? null : sumAmt / count;
    double count1h = 0;
    double sum1h = 0;
    double count24h = 0;
    double sum24h = 0;
    Iterator<Long> ts = recentSeconds.iterator();
    Iterator<Double> amts = recentAmounts.iterator();
    while (ts.hasNext()) {
      long s = ts.next();
      double a = amts.next();
      if (s >= t - DAY && s <= t - 1) {
        count24h++;
        sum24h += a;
        if (s >= t - HOUR) {
          count1h++;
          sum1h += a;
        }
      }
    }
    double[] f = new double[CardFeatures.NUMERIC.size()];
    f[0] = Math.log1p(in.amt());
    f[1] = mean == null ? 1.0 : in.amt() / mean;
    f[2] = count;
    f[3] = lastSeconds == Long.MIN_VALUE ? CardFeatures.NONE : (double) (t - lastSeconds);
    f[4] = count1h;
    f[5] = sum1h;
    f[6] = count24h;
    f[7] = sum24h;
    f[8] = distance(in.lat(), in.lon(), in.merchLat(), in.merchLong());
    f[9] =
        lastSeconds == Long.MIN_VALUE
            ? CardFeatures.NONE
            : distance(lastMerchLat, lastMerchLong, in.merchLat(), in.merchLong());
    f[10] = Math.floorDiv(Math.floorMod(t, DAY), HOUR);
    f[11] = Math.floorMod(Math.floorDiv(t, DAY) + 3, 7) + 1;
    f[12] = in.age() == null ? CardFeatures.NONE : in.age();
    f[13] = in.cityPop() == null ? CardFeatures.NONE : Math.log1p(in.cityPop());

    count++;
    sumAmt += in.amt();
    lastSeconds = t;
    lastMerchLat = in.merchLat();
    lastMerchLong = in.merchLong();
    if (recentIds == null) {
      recentIds = new ArrayDeque<>();
      recentSeconds.forEach(x -> recentIds.addLast(""));
    }
    recentSeconds.addLast(t);
    recentAmounts.addLast(in.amt());
    recentIds.addLast(transNum == null ? "" : transNum);
    while (!recentSeconds.isEmpty() && recentSeconds.peekFirst() < t - DAY) {
      recentSeconds.removeFirst();
      recentAmounts.removeFirst();
      recentIds.removeFirst();
    }
    return new Values(f, mean);
  }

  /** Seconds of the card's latest transaction, for idle-state expiry. */
  public long lastSeconds() {
    return lastSeconds;
  }

  private static double distance(Double lat1, Double lon1, Double lat2, Double lon2) {
    if (lat1 == null || lon1 == null || lat2 == null || lon2 == null) {
      return CardFeatures.NONE;
    }
    return Geo.haversineKm(lat1, lon1, lat2, lon2);
  }
}

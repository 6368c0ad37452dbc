package io.cardstream.common.features;

import io.cardstream.common.contract.TokenizedTransaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The per-card state behind {@link CardFeatures}, computed incrementally: feed a card's
 * transactions in (event_time, trans_num) order and each call returns the same feature values the
 * batch window functions give. The stream keeps one of these per card in its state store; it holds
 * the last 7 days of amounts, per-category counts and sums, and per-hour counts, so its size is
 * bounded by the card's weekly activity and the number of categories.
 */
public final class CardFeatureState implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final long DAY = 86_400;
  private static final long HOUR = 3_600;
  private static final long WEEK = 7 * DAY;

  private long count;
  private double sumAmt;
  private long lastSeconds = Long.MIN_VALUE;
  private Double lastMerchLat;
  private Double lastMerchLong;
  // (seconds, amount, trans_num) of the last 7 days, oldest first (24 h in state written before
  // the 7-day features: the first week after an upgrade undercounts count_7d / sum_7d).
  private final ArrayDeque<Long> recentSeconds = new ArrayDeque<>();
  private final ArrayDeque<Double> recentAmounts = new ArrayDeque<>();
  // Null in state written before ids were kept (it deserializes without them).
  private ArrayDeque<String> recentIds = new ArrayDeque<>();
  // Null in state written before the category and hour features; they start counting from then.
  private HashMap<String, double[]> categories = new HashMap<>();
  private long[] hourCounts = new long[24];

  /** The inputs a transaction contributes; nulls where the source has no value. */
  public record Input(
      long eventSeconds,
      double amt,
      Double lat,
      Double lon,
      Double merchLat,
      Double merchLong,
      Integer age,
      Long cityPop,
      String category) {

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
          t.cityPop(),
          t.category());
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
    double count7d = 0;
    double sum7d = 0;
    double max24h = 0;
    double night24h = 0;
    Iterator<Long> ts = recentSeconds.iterator();
    Iterator<Double> amts = recentAmounts.iterator();
    while (ts.hasNext()) {
      long s = ts.next();
      double a = amts.next();
      if (s < t - WEEK || s > t - 1) {
        continue;
      }
      count7d++;
      sum7d += a;
      if (s >= t - DAY) {
        count24h++;
        sum24h += a;
        max24h = Math.max(max24h, a);
        if (CardFeatures.isNightHour(hourOf(s))) {
          night24h++;
        }
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
    int hour = (int) hourOf(t);
    f[10] = hour;
    f[11] = Math.floorMod(Math.floorDiv(t, DAY) + 3, 7) + 1;
    f[12] = in.age() == null ? CardFeatures.NONE : in.age();
    f[13] = in.cityPop() == null ? CardFeatures.NONE : Math.log1p(in.cityPop());
    if (categories == null) {
      categories = new HashMap<>();
      hourCounts = new long[24];
    }
    double[] cat = categories.get(in.category());
    f[14] = cat == null ? 0 : cat[0];
    f[15] = cat == null ? 1.0 : in.amt() / (cat[1] / cat[0]);
    long night = 0;
    for (int h = 0; h < 24; h++) {
      night += CardFeatures.isNightHour(h) ? hourCounts[h] : 0;
    }
    f[16] = count == 0 ? CardFeatures.NONE : (double) hourCounts[hour] / count;
    f[17] = count == 0 ? CardFeatures.NONE : (double) night / count;
    f[18] = count7d;
    f[19] = sum7d;
    f[20] = max24h;
    f[21] = night24h;

    count++;
    sumAmt += in.amt();
    hourCounts[hour]++;
    double[] folded = categories.computeIfAbsent(in.category(), k -> new double[2]);
    folded[0]++;
    folded[1] += in.amt();
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
    while (!recentSeconds.isEmpty() && recentSeconds.peekFirst() < t - WEEK) {
      recentSeconds.removeFirst();
      recentAmounts.removeFirst();
      recentIds.removeFirst();
    }
    return new Values(f, mean);
  }

  private static final byte FORMAT = 1;

  /**
   * The state as compact bytes, for the stream's state store. Java serialization wrote the class
   * description with every card (~1.4 kB a card); this writes the values only. Spark decodes the
   * stored value of every card in state on every batch to look for timed-out cards, so this format
   * is also what that scan costs.
   */
  public byte[] toBytes() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(128 + 24 * recentSeconds.size());
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.writeByte(FORMAT);
      writeVarLong(out, count);
      out.writeDouble(sumAmt);
      out.writeLong(lastSeconds);
      writeNullable(out, lastMerchLat);
      writeNullable(out, lastMerchLong);
      out.writeBoolean(recentIds != null);
      writeVarLong(out, recentSeconds.size());
      Iterator<Double> amts = recentAmounts.iterator();
      Iterator<String> ids = recentIds == null ? null : recentIds.iterator();
      for (long t : recentSeconds) {
        // Seconds before the latest event: small, and a varint (negative for a late event).
        writeVarLong(out, zigzag(lastSeconds - t));
        out.writeDouble(amts.next());
        if (ids != null) {
          out.writeUTF(ids.next());
        }
      }
      writeVarLong(out, categories == null ? 0 : categories.size() + 1L);
      if (categories != null) {
        for (Map.Entry<String, double[]> c : categories.entrySet()) {
          // A source without categories (PaySim's rows can lack one) keys them by null.
          out.writeBoolean(c.getKey() != null);
          if (c.getKey() != null) {
            out.writeUTF(c.getKey());
          }
          out.writeDouble(c.getValue()[0]);
          out.writeDouble(c.getValue()[1]);
        }
        for (long h : hourCounts) {
          writeVarLong(out, h);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  /**
   * The state {@link #toBytes} wrote; also reads the Java-serialized state that stream checkpoints
   * written before this format hold (it starts with the serialization magic 0xACED).
   */
  public static CardFeatureState fromBytes(byte[] bytes) {
    try {
      if (bytes.length > 1 && bytes[0] == (byte) 0xAC && bytes[1] == (byte) 0xED) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
          return (CardFeatureState) in.readObject();
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
      }
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown card state format " + format);
      }
      CardFeatureState s = new CardFeatureState();
      s.count = readVarLong(in);
      s.sumAmt = in.readDouble();
      s.lastSeconds = in.readLong();
      s.lastMerchLat = readNullable(in);
      s.lastMerchLong = readNullable(in);
      boolean withIds = in.readBoolean();
      s.recentIds = withIds ? s.recentIds : null;
      long recent = readVarLong(in);
      for (long i = 0; i < recent; i++) {
        s.recentSeconds.addLast(s.lastSeconds - unzigzag(readVarLong(in)));
        s.recentAmounts.addLast(in.readDouble());
        if (withIds) {
          s.recentIds.addLast(in.readUTF());
        }
      }
      long categories = readVarLong(in) - 1;
      if (categories < 0) {
        s.categories = null;
        s.hourCounts = null;
      } else {
        for (long i = 0; i < categories; i++) {
          String name = in.readBoolean() ? in.readUTF() : null;
          s.categories.put(name, new double[] {in.readDouble(), in.readDouble()});
        }
        for (int h = 0; h < 24; h++) {
          s.hourCounts[h] = readVarLong(in);
        }
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Unsigned LEB128: 7 bits a byte, low bits first. */
  private static void writeVarLong(DataOutputStream out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  private static long readVarLong(DataInputStream in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("card state: a varint longer than 64 bits");
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static void writeNullable(DataOutputStream out, Double v) throws IOException {
    out.writeBoolean(v != null);
    if (v != null) {
      out.writeDouble(v);
    }
  }

  private static Double readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readDouble() : null;
  }

  /** Seconds of the card's latest transaction, for idle-state expiry. */
  public long lastSeconds() {
    return lastSeconds;
  }

  private static long hourOf(long seconds) {
    return Math.floorDiv(Math.floorMod(seconds, DAY), HOUR);
  }

  private static double distance(Double lat1, Double lon1, Double lat2, Double lon2) {
    if (lat1 == null || lon1 == null || lat2 == null || lon2 == null) {
      return CardFeatures.NONE;
    }
    return Geo.haversineKm(lat1, lon1, lat2, lon2);
  }
}

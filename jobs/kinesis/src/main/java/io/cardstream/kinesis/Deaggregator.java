package io.cardstream.kinesis;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Unpacks records the Kinesis Producer Library aggregated: the magic bytes {@code F3 89 9A C2}, a
 * protobuf {@code AggregatedRecord} (a table of partition keys, a table of explicit hash keys, the
 * user records), and the MD5 of the protobuf. Anything else, including a record whose digest does
 * not match, is one plain record (as the KCL does).
 */
public final class Deaggregator {

  static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
  private static final int DIGEST = 16;

  /** One user record: its partition key (the aggregate's own for a plain record) and data. */
  public record UserRecord(String partitionKey, byte[] data) {}

  private Deaggregator() {}

  public static List<UserRecord> split(String partitionKey, byte[] data) {
    if (!isAggregated(data)) {
      return List.of(new UserRecord(partitionKey, data));
    }
    byte[] message = Arrays.copyOfRange(data, MAGIC.length, data.length - DIGEST);
    byte[] digest = Arrays.copyOfRange(data, data.length - DIGEST, data.length);
    if (!Arrays.equals(md5(message), digest)) {
      return List.of(new UserRecord(partitionKey, data));
    }
    try {
      return parse(message);
    } catch (RuntimeException e) {
      // A payload that happens to start with the magic bytes: a plain record.
      return List.of(new UserRecord(partitionKey, data));
    }
  }

  static boolean isAggregated(byte[] data) {
    if (data.length < MAGIC.length + DIGEST) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  static byte[] md5(byte[] b) {
    try {
      return MessageDigest.getInstance("MD5").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<UserRecord> parse(byte[] message) {
    List<String> keys = new ArrayList<>();
    List<long[]> keyIndexes = new ArrayList<>();
    List<byte[]> datas = new ArrayList<>();
    Reader r = new Reader(message);
    while (r.more()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (field == 1 && wire == 2) {
        keys.add(new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8));
      } else if (field == 3 && wire == 2) {
        Reader rec = new Reader(r.bytes());
        long keyIndex = -1;
        byte[] d = null;
        while (rec.more()) {
          long t = rec.varint();
          int f = (int) (t >>> 3);
          int w = (int) (t & 7);
          if (f == 1 && w == 0) {
            keyIndex = rec.varint();
          } else if (f == 3 && w == 2) {
            d = rec.bytes();
          } else {
            rec.skip(w);
          }
        }
        if (keyIndex < 0 || d == null) {
          throw new IllegalArgumentException("an aggregated record without key index or data");
        }
        keyIndexes.add(new long[] {keyIndex});
        datas.add(d);
      } else {
        r.skip(wire); // the explicit hash keys (field 2) and anything newer
      }
    }
    List<UserRecord> out = new ArrayList<>(datas.size());
    for (int i = 0; i < datas.size(); i++) {
      int k = (int) keyIndexes.get(i)[0];
      if (k >= keys.size()) {
        throw new IllegalArgumentException("partition key index out of range");
      }
      out.add(new UserRecord(keys.get(k), datas.get(i)));
    }
    return out;
  }

  /** The few protobuf wire types the format uses. */
  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    boolean more() {
      return pos < b.length;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= b.length) {
          throw new IllegalArgumentException("truncated varint");
        }
        byte x = b[pos++];
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    byte[] bytes() {
      long n = varint();
      if (n < 0 || pos + n > b.length) {
        throw new IllegalArgumentException("truncated field");
      }
      byte[] out = Arrays.copyOfRange(b, pos, pos + (int) n);
      pos += (int) n;
      return out;
    }

    void skip(int wire) {
      switch (wire) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 2 -> bytes();
        case 5 -> pos += 4;
        default -> throw new IllegalArgumentException("unknown wire type " + wire);
      }
      if (pos > b.length) {
        throw new IllegalArgumentException("truncated field");
      }
    }
  }
}

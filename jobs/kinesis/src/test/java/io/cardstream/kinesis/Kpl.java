package io.cardstream.kinesis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds records as the Kinesis Producer Library aggregates them (its documented format: magic,
 * protobuf AggregatedRecord, MD5), written independently of {@link Deaggregator}.
 */
final class Kpl {

  /** A user record inside an aggregate: the index of its key in the key table, and its data. */
  record User(int keyIndex, String data) {}

  private Kpl() {}

  static byte[] aggregate(List<String> keys, List<User> users) {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    for (String k : keys) {
      field(m, 1, k.getBytes(StandardCharsets.UTF_8));
    }
    // An explicit hash key table entry, which readers must skip.
    field(m, 2, "12345".getBytes(StandardCharsets.UTF_8));
    for (User u : users) {
      ByteArrayOutputStream r = new ByteArrayOutputStream();
      varint(r, 1 << 3);
      varint(r, u.keyIndex());
      field(r, 3, u.data().getBytes(StandardCharsets.UTF_8));
      field(m, 3, r.toByteArray());
    }
    byte[] message = m.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
    out.writeBytes(message);
    try {
      out.writeBytes(java.security.MessageDigest.getInstance("MD5").digest(message));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
    varint(out, (number << 3) | 2);
    varint(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}

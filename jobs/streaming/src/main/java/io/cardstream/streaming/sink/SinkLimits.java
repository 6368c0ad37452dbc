package io.cardstream.streaming.sink;

import io.cardstream.common.contract.FieldBounds;
import io.cardstream.common.decision.Decision;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.SilverSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The per-item limits of the sinks, checked on the exact items and messages they will write before
 * any of them writes: a row one sink cannot hold goes to the quarantine ({@code SINK_REJECTED})
 * instead of failing the batch on every retry. DynamoDB: 400 KB items, 2048-byte partition keys,
 * 1024-byte sort keys, non-empty key strings, numbers of at most 38 digits between 1E-130 and
 * 1E126; Kafka: messages under the producer's 1 MiB request limit.
 */
public final class SinkLimits {

  static final int ITEM_MAX_BYTES = 400 * 1024;
  static final int PARTITION_KEY_MAX_BYTES = 2048;
  static final int SORT_KEY_MAX_BYTES = 1024;
  static final int MESSAGE_MAX_BYTES = 1_000_000;

  private SinkLimits() {}

  /** Why a decided row cannot be written, or null when every sink can hold it. */
  public static String violation(org.apache.spark.sql.Row r) {
    String dynamo =
        item(
            DynamoItems.transaction(r),
            DynamoTables.TRANSACTIONS,
            DynamoTables.TRANSACTIONS_KEY,
            DynamoTables.BY_MERCHANT_KEY.get(0));
    if (dynamo != null) {
      return dynamo;
    }
    if (!Decision.APPROVE.equals(r.getAs(SilverSchema.DECISION))) {
      String audit =
          item(
              DynamoItems.audit(r, java.time.Instant.now()),
              DynamoTables.FRAUD_AUDIT,
              DynamoTables.FRAUD_AUDIT_KEY,
              null);
      if (audit != null) {
        return audit;
      }
    }
    int message = TopicsSink.decision(r).toJson().getBytes(StandardCharsets.UTF_8).length;
    return message > MESSAGE_MAX_BYTES
        ? "the decision message has " + message + " bytes; Kafka takes " + MESSAGE_MAX_BYTES
        : null;
  }

  static String item(
      Map<String, AttributeValue> item, String table, List<String> key, String indexKey) {
    for (int i = 0; i < key.size(); i++) {
      String problem =
          keyProblem(item.get(key.get(i)), i == 0 ? PARTITION_KEY_MAX_BYTES : SORT_KEY_MAX_BYTES);
      if (problem != null) {
        return table + " key " + key.get(i) + " " + problem;
      }
    }
    if (indexKey != null && item.containsKey(indexKey)) {
      String problem = keyProblem(item.get(indexKey), PARTITION_KEY_MAX_BYTES);
      if (problem != null) {
        return table + " index key " + indexKey + " " + problem;
      }
    }
    long bytes = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      String problem = numbers(e.getValue());
      if (problem != null) {
        return table + " attribute " + e.getKey() + " " + problem;
      }
      bytes += FieldBounds.utf8Bytes(e.getKey()) + size(e.getValue());
    }
    return bytes > ITEM_MAX_BYTES
        ? table + " item has " + bytes + " bytes; DynamoDB takes " + ITEM_MAX_BYTES
        : null;
  }

  private static String keyProblem(AttributeValue v, int maxBytes) {
    if (v == null || v.s() == null || v.s().isEmpty()) {
      return "is missing or empty";
    }
    int bytes = FieldBounds.utf8Bytes(v.s());
    return bytes > maxBytes ? "has " + bytes + " bytes; the limit is " + maxBytes : null;
  }

  /** The first number DynamoDB would refuse in {@code v} (at any depth), or null. */
  private static String numbers(AttributeValue v) {
    if (v.n() != null) {
      return number(v.n());
    }
    if (v.hasL()) {
      for (AttributeValue e : v.l()) {
        String p = numbers(e);
        if (p != null) {
          return p;
        }
      }
    }
    if (v.hasM()) {
      for (AttributeValue e : v.m().values()) {
        String p = numbers(e);
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }

  static String number(String n) {
    BigDecimal d;
    try {
      d = new BigDecimal(n).stripTrailingZeros();
    } catch (NumberFormatException e) {
      return "is the number " + n + ", which DynamoDB cannot store";
    }
    if (d.signum() == 0) {
      return null;
    }
    int exponent = d.precision() - d.scale() - 1;
    if (d.precision() > 38 || exponent < -130 || exponent > 125) {
      return "is the number " + n + ": DynamoDB takes 38 digits between 1E-130 and 1E126";
    }
    return null;
  }

  /** DynamoDB's item size accounting, rounded up where it is approximate. */
  private static long size(AttributeValue v) {
    if (v.s() != null) {
      return FieldBounds.utf8Bytes(v.s());
    }
    if (v.n() != null) {
      return 1 + (v.n().length() + 1) / 2;
    }
    if (v.bool() != null || v.nul() != null) {
      return 1;
    }
    long n = 3;
    if (v.hasL()) {
      for (AttributeValue e : v.l()) {
        n += 1 + size(e);
      }
    }
    if (v.hasM()) {
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
        n += 1 + FieldBounds.utf8Bytes(e.getKey()) + size(e.getValue());
      }
    }
    return n;
  }
}

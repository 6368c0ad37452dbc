package io.cardstream.common.delta;

import io.cardstream.common.lake.DynamoTables;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One ledger item: the writer that won {@code fileName} of the table {@code tableKey} staged it at
 * {@code tempName} (relative to {@code _delta_log}); {@code complete} once the file is in the log.
 *
 * @param expireTime epoch seconds after which DynamoDB may drop a complete entry; null while
 *     incomplete (an incomplete entry must never expire: it is the only record of who won)
 */
public record CommitEntry(
    String tableKey, String fileName, String tempName, boolean complete, Long expireTime) {

  static final String TABLE_PATH = DynamoTables.DELTA_LOG_KEY.get(0);
  static final String FILE_NAME = DynamoTables.DELTA_LOG_KEY.get(1);
  static final String TEMP_PATH = "tempPath";
  static final String COMPLETE = "complete";
  static final String EXPIRE_TIME = DynamoTables.DELTA_LOG_TTL;

  public CommitEntry {
    if (complete == (expireTime == null)) {
      throw new IllegalArgumentException(
          "a complete entry has an expiry time and an incomplete one has none: " + fileName);
    }
  }

  static CommitEntry incomplete(String tableKey, String fileName, String tempName) {
    return new CommitEntry(tableKey, fileName, tempName, false, null);
  }

  CommitEntry completed(long expireEpochSeconds) {
    return new CommitEntry(tableKey, fileName, tempName, true, expireEpochSeconds);
  }

  /** The item's attributes; {@code complete} is the string "true"/"false". */
  Map<String, AttributeValue> toItem() {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TABLE_PATH, s(tableKey));
    item.put(FILE_NAME, s(fileName));
    item.put(TEMP_PATH, s(tempName));
    item.put(COMPLETE, s(Boolean.toString(complete)));
    if (expireTime != null) {
      item.put(EXPIRE_TIME, AttributeValue.builder().n(Long.toString(expireTime)).build());
    }
    return item;
  }

  /** The primary key of this entry's item. */
  Map<String, AttributeValue> key() {
    return key(tableKey, fileName);
  }

  static Map<String, AttributeValue> key(String tableKey, String fileName) {
    return Map.of(TABLE_PATH, s(tableKey), FILE_NAME, s(fileName));
  }

  static CommitEntry fromItem(Map<String, AttributeValue> item) {
    AttributeValue expire = item.get(EXPIRE_TIME);
    boolean complete = "true".equals(item.get(COMPLETE).s());
    // An expiry on an incomplete item is ignored, a missing one on a complete item read as 0.
    Long expireTime = !complete ? null : expire == null ? 0L : Long.valueOf(expire.n());
    return new CommitEntry(
        item.get(TABLE_PATH).s(),
        item.get(FILE_NAME).s(),
        item.get(TEMP_PATH).s(),
        complete,
        expireTime);
  }

  private static AttributeValue s(String v) {
    return AttributeValue.builder().s(v).build();
  }
}

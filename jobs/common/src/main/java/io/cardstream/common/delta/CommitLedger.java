package io.cardstream.common.delta;

import io.cardstream.common.lake.DynamoTables;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The commit ledger in DynamoDB ({@link DynamoTables#DELTA_LOG}): which writer won each commit file
 * of each table, and whether that file is in the log yet. Every read is strongly consistent; the
 * conditional put is what makes one writer win a version.
 */
final class CommitLedger {

  private final DynamoDbClient ddb;
  private final String table;

  CommitLedger(DynamoDbClient ddb, String table) {
    this.ddb = ddb;
    this.table = table;
  }

  String table() {
    return table;
  }

  /**
   * Records {@code entry} (incomplete) unless the ledger already has an entry for its file.
   *
   * @return true if this writer now owns the version; false if another writer's entry is there
   */
  boolean claim(CommitEntry entry) throws IOException {
    try {
      ddb.putItem(
          p ->
              p.tableName(table)
                  .item(entry.toItem())
                  .conditionExpression("attribute_not_exists(#f)")
                  .expressionAttributeNames(Map.of("#f", CommitEntry.FILE_NAME)));
      return true;
    } catch (ConditionalCheckFailedException taken) {
      // The SDK retries a put whose answer was lost; the retry then meets our own first attempt.
      // The staging name is unique to this attempt, so the entry tells whose it is.
      return get(entry.tableKey(), entry.fileName())
          .map(e -> e.tempName().equals(entry.tempName()))
          .orElse(false);
    } catch (SdkException e) {
      throw failure("claiming " + entry.fileName() + " of " + entry.tableKey(), e);
    }
  }

  /**
   * Marks {@code entry} complete with an expiry time, only if the ledger still holds this very
   * entry (same staging name); a missing or different item is left alone.
   */
  void markComplete(CommitEntry entry, long expireEpochSeconds) throws IOException {
    try {
      ddb.putItem(
          p ->
              p.tableName(table)
                  .item(entry.completed(expireEpochSeconds).toItem())
                  .conditionExpression("#t = :t")
                  .expressionAttributeNames(Map.of("#t", CommitEntry.TEMP_PATH))
                  .expressionAttributeValues(
                      Map.of(":t", AttributeValue.builder().s(entry.tempName()).build())));
    } catch (ConditionalCheckFailedException gone) {
      // Expired after completion elsewhere, or never ours: nothing to acknowledge.
    } catch (SdkException e) {
      throw failure("completing " + entry.fileName() + " of " + entry.tableKey(), e);
    }
  }

  Optional<CommitEntry> get(String tableKey, String fileName) throws IOException {
    try {
      Map<String, AttributeValue> item =
          ddb.getItem(
                  g ->
                      g.tableName(table)
                          .key(CommitEntry.key(tableKey, fileName))
                          .consistentRead(true))
              .item();
      return item == null || item.isEmpty()
          ? Optional.empty()
          : Optional.of(CommitEntry.fromItem(item));
    } catch (SdkException e) {
      throw failure("reading " + fileName + " of " + tableKey, e);
    }
  }

  /** The table's entry with the greatest file name: its newest commit that went through here. */
  Optional<CommitEntry> latest(String tableKey) throws IOException {
    try {
      List<Map<String, AttributeValue>> items =
          ddb.query(
                  q ->
                      q.tableName(table)
                          .keyConditionExpression("#p = :p")
                          .expressionAttributeNames(Map.of("#p", CommitEntry.TABLE_PATH))
                          .expressionAttributeValues(
                              Map.of(":p", AttributeValue.builder().s(tableKey).build()))
                          .scanIndexForward(false)
                          .limit(1)
                          .consistentRead(true))
              .items();
      return items.isEmpty() ? Optional.empty() : Optional.of(CommitEntry.fromItem(items.get(0)));
    } catch (SdkException e) {
      throw failure("reading the latest entry of " + tableKey, e);
    }
  }

  private IOException failure(String what, SdkException e) {
    return new IOException(
        "Delta commit ledger (DynamoDB table " + table + "): " + what + " failed: " + e, e);
  }
}

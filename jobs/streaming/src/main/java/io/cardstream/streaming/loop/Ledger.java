package io.cardstream.streaming.loop;

import io.cardstream.common.lake.DynamoTables;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The notifier's ledger ({@code alert_notifications}), by alert id: what happened to each alert's
 * e-mail, so an alert gets at most one e-mail however often Kafka delivers it and however often the
 * notifier restarts. An alert is claimed (a conditional write) before its e-mail is sent and marked
 * sent after; a claim left by a run that stopped between the two is never sent again (it may have
 * gone out): at most once, and such alerts are counted as {@code unknown}.
 */
public final class Ledger implements Notifier.Claims {

  public static final String SENDING = "sending";
  public static final String SENT = "sent";
  public static final String FAILED = "failed";

  /** The contact's address cannot be mailed: skipped once, with the reason in the log table. */
  public static final String BAD_ADDRESS = "bad_address";

  /** Released after a mail-server outage: the next run sends it. */
  public static final String RETRY = "retry";

  private final DynamoDbClient ddb;
  private final String table;

  public Ledger(DynamoDbClient ddb, String tablePrefix) {
    this.ddb = ddb;
    this.table = DynamoTables.name(tablePrefix, DynamoTables.ALERT_NOTIFICATIONS);
  }

  /** An alert's entry. */
  public record Entry(String alertId, String status, Instant at, String messageId) {}

  @Override
  public boolean claim(String alertId, String cardId, Instant at) {
    try {
      ddb.putItem(
          p ->
              p.tableName(table)
                  .item(
                      Map.of(
                          "alert_id", s(alertId),
                          "card_id", s(cardId),
                          "status", s(SENDING),
                          "at", s(at.toString())))
                  // A claim released after a mail-server outage may be taken again.
                  .conditionExpression("attribute_not_exists(alert_id) OR #s = :retry")
                  .expressionAttributeNames(Map.of("#s", "status"))
                  .expressionAttributeValues(Map.of(":retry", s(RETRY))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public void mark(String alertId, String status, Instant at, String messageId) {
    ddb.updateItem(
        u ->
            u.tableName(table)
                .key(Map.of("alert_id", s(alertId)))
                .updateExpression("SET #s = :s, #a = :a, message_id = :m")
                .expressionAttributeNames(Map.of("#s", "status", "#a", "at"))
                .expressionAttributeValues(
                    Map.of(
                        ":s", s(status),
                        ":a", s(at.toString()),
                        ":m", s(messageId == null ? "" : messageId))));
  }

  @Override
  public Optional<Entry> get(String alertId) {
    Map<String, AttributeValue> i =
        ddb.getItem(
                g -> g.tableName(table).key(Map.of("alert_id", s(alertId))).consistentRead(true))
            .item();
    if (i == null || i.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Entry(
            alertId,
            i.get("status").s(),
            Instant.parse(i.get("at").s()),
            i.containsKey("message_id") ? i.get("message_id").s() : null));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.builder().s(v).build();
  }
}

package io.cardstream.streaming.loop;

import io.cardstream.common.lake.DynamoTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The customer contact directory ({@code customer_contacts}), by card token: an e-mail address and
 * whether the customer wants a notice for approved payments too. Never a card number or a name.
 */
public final class Contacts implements Notifier.Directory {

  /** One card's contact. */
  public record Contact(String cardId, String email, boolean notifyApproved) {}

  private final DynamoDbClient ddb;
  private final String table;

  public Contacts(DynamoDbClient ddb, String tablePrefix) {
    this.ddb = ddb;
    this.table = DynamoTables.name(tablePrefix, DynamoTables.CONTACTS);
  }

  @Override
  public Map<String, Contact> lookup(List<String> cardIds) {
    Map<String, Contact> out = new HashMap<>();
    List<String> distinct = cardIds.stream().distinct().toList();
    for (int from = 0; from < distinct.size(); from += 100) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (String c : distinct.subList(from, Math.min(from + 100, distinct.size()))) {
        keys.add(Map.of(DynamoTables.CONTACTS_KEY.get(0), AttributeValue.builder().s(c).build()));
      }
      Map<String, KeysAndAttributes> request =
          new HashMap<>(Map.of(table, KeysAndAttributes.builder().keys(keys).build()));
      while (!request.isEmpty()) {
        var r = ddb.batchGetItem(b -> b.requestItems(request));
        for (Map<String, AttributeValue> i : r.responses().getOrDefault(table, List.of())) {
          // An item without an address is a contact without one: the notifier says so once.
          Contact c =
              new Contact(
                  i.get("card_id").s(),
                  i.containsKey("email") ? i.get("email").s() : null,
                  i.containsKey("notify_approved")
                      && Boolean.TRUE.equals(i.get("notify_approved").bool()));
          out.put(c.cardId(), c);
        }
        request.clear();
        if (r.hasUnprocessedKeys() && !r.unprocessedKeys().isEmpty()) {
          request.putAll(r.unprocessedKeys());
        }
      }
    }
    return out;
  }

  /** Writes (or replaces) contacts, 25 per call. */
  public void put(List<Contact> contacts) {
    for (int from = 0; from < contacts.size(); from += 25) {
      List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> writes = new ArrayList<>();
      for (Contact c : contacts.subList(from, Math.min(from + 25, contacts.size()))) {
        writes.add(
            software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                .putRequest(
                    p ->
                        p.item(
                            Map.of(
                                "card_id", AttributeValue.builder().s(c.cardId()).build(),
                                "email", AttributeValue.builder().s(c.email()).build(),
                                "notify_approved",
                                    AttributeValue.builder().bool(c.notifyApproved()).build())))
                .build());
      }
      Map<String, List<software.amazon.awssdk.services.dynamodb.model.WriteRequest>> pending =
          Map.of(table, writes);
      while (!pending.isEmpty()) {
        var request = pending;
        var r = ddb.batchWriteItem(b -> b.requestItems(request));
        pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
      }
    }
  }
}

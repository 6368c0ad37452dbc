package io.cardstream.common.aws;

import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.Case;
import io.cardstream.common.feedback.Cases;
import io.cardstream.common.lake.DynamoTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The review queue on DynamoDB: cases are the stream's {@code fraud_audit} items; an item without
 * {@code case_status} is open. A resolution is one conditional update (only an open case changes),
 * so a case is answered exactly once whoever tries first; the stream's own writes of an audit item
 * are conditional the same way, so a replayed micro-batch never reopens a resolved case.
 */
public final class DynamoCases implements Cases {

  /** The condition of every write that must not touch a resolved case. */
  public static final String ONLY_IF_OPEN =
      "attribute_not_exists(case_status) OR case_status = :open";

  private final DynamoDbClient ddb;
  private final String auditTable;
  private final String transactionsTable;

  public DynamoCases(DynamoDbClient ddb, String tablePrefix) {
    this.ddb = ddb;
    this.auditTable = DynamoTables.name(tablePrefix, DynamoTables.FRAUD_AUDIT);
    this.transactionsTable = DynamoTables.name(tablePrefix, DynamoTables.TRANSACTIONS);
  }

  @Override
  public List<Case> find(String transNum) {
    return ddb
        .query(
            QueryRequest.builder()
                .tableName(auditTable)
                .keyConditionExpression("trans_num = :t")
                .expressionAttributeValues(Map.of(":t", s(transNum)))
                .consistentRead(true)
                .build())
        .items()
        .stream()
        .map(DynamoCases::toCase)
        .toList();
  }

  @Override
  public Optional<Case> get(String transNum, String cardId) {
    Map<String, AttributeValue> item =
        ddb.getItem(g -> g.tableName(auditTable).key(key(transNum, cardId)).consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toCase(item));
  }

  private static Map<String, AttributeValue> key(String transNum, String cardId) {
    return Map.of("trans_num", s(transNum), "card_id", s(cardId));
  }

  @Override
  public List<Case> open(Order order, int limit) {
    // A Scan: fine for the local queue and a demo; on AWS the open cases would be a GSI on the
    // status (docs/feedback.md).
    List<Case> open = new ArrayList<>();
    ddb.scanPaginator(
            ScanRequest.builder()
                .tableName(auditTable)
                .filterExpression(ONLY_IF_OPEN)
                .expressionAttributeValues(Map.of(":open", s(Case.OPEN)))
                .build())
        .items()
        .forEach(i -> open.add(toCase(i)));
    Comparator<Case> by =
        switch (order) {
          case AGE -> Comparator.comparing(Case::ageFrom);
          case AMOUNT -> Comparator.comparingDouble(Case::amt).reversed();
          case SCORE ->
              Comparator.comparing(
                  (Case c) -> c.score() == null ? -1.0 : c.score(), Comparator.reverseOrder());
        };
    return open.stream().sorted(by.thenComparing(Case::transNum)).limit(limit).toList();
  }

  @Override
  public List<Case> resolvedSince(Instant since) {
    // Compared as instants here: Instant.toString drops a zero fraction, so the strings do not
    // sort as times within a second.
    List<Case> resolved = new ArrayList<>();
    ddb.scanPaginator(
            ScanRequest.builder()
                .tableName(auditTable)
                .filterExpression("attribute_exists(resolved_at)")
                .build())
        .items()
        .forEach(i -> resolved.add(toCase(i)));
    return resolved.stream().filter(c -> !c.resolvedAt().isBefore(since)).toList();
  }

  @Override
  public Outcome resolve(
      String transNum,
      String cardId,
      Answer answer,
      String source,
      String by,
      Instant at,
      String note) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":open", s(Case.OPEN));
    values.put(":status", s(answer.status()));
    values.put(":at", s(at.toString()));
    values.put(":by", s(by));
    values.put(":source", s(source));
    String set =
        "SET case_status = :status, resolved_at = :at, resolved_by = :by,"
            + " resolution_source = :source";
    if (note != null && !note.isBlank()) {
      values.put(":note", s(note));
      set += ", resolution_note = :note";
    }
    String update = set;
    try {
      ddb.updateItem(
          u ->
              u.tableName(auditTable)
                  .key(key(transNum, cardId))
                  .conditionExpression("attribute_exists(trans_num) AND (" + ONLY_IF_OPEN + ")")
                  .updateExpression(update)
                  .expressionAttributeValues(values));
      return Outcome.RESOLVED;
    } catch (ConditionalCheckFailedException e) {
      Optional<Case> now = get(transNum, cardId);
      if (now.isEmpty()) {
        return Outcome.NOT_FOUND;
      }
      // The SDK retries an update whose answer it lost: the retry then finds the case resolved
      // by the first attempt, this very resolution (same time, answer and author), not another.
      Case c = now.get();
      boolean ours =
          at.equals(c.resolvedAt())
              && answer.status().equals(c.status())
              && by.equals(c.resolvedBy())
              && source.equals(c.resolutionSource());
      return ours ? Outcome.RESOLVED : Outcome.ALREADY_RESOLVED;
    }
  }

  @Override
  public boolean reopen(String transNum, String cardId, Instant resolvedAt) {
    try {
      ddb.updateItem(
          u ->
              u.tableName(auditTable)
                  .key(key(transNum, cardId))
                  .conditionExpression("resolved_at = :at")
                  .updateExpression(
                      "SET case_status = :open REMOVE resolved_at, resolved_by, resolution_source,"
                          + " resolution_note")
                  .expressionAttributeValues(
                      Map.of(":open", s(Case.OPEN), ":at", s(resolvedAt.toString()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public List<Case> recentTransactions(String cardId, int limit) {
    return ddb
        .query(
            QueryRequest.builder()
                .tableName(transactionsTable)
                .keyConditionExpression(DynamoTables.TRANSACTIONS_KEY.get(0) + " = :c")
                .expressionAttributeValues(Map.of(":c", s(cardId)))
                .scanIndexForward(false)
                .limit(limit)
                .build())
        .items()
        .stream()
        .map(DynamoCases::toCase)
        .toList();
  }

  static Case toCase(Map<String, AttributeValue> i) {
    Map<String, Double> features = new HashMap<>();
    if (i.containsKey("features")) {
      i.get("features").m().forEach((k, v) -> features.put(k, Double.parseDouble(v.n())));
    }
    return new Case(
        str(i, "trans_num"),
        str(i, "card_id"),
        str(i, "card_last4"),
        i.containsKey("event_time") ? Instant.parse(str(i, "event_time")) : null,
        i.containsKey("amt") ? Double.parseDouble(i.get("amt").n()) : 0,
        str(i, "merchant"),
        str(i, "category"),
        str(i, "decision"),
        list(i, "reasons"),
        list(i, "rule_ids"),
        i.containsKey("score") ? Double.parseDouble(i.get("score").n()) : null,
        str(i, "model_version"),
        str(i, "rules_version"),
        str(i, "flag_reason"),
        features,
        i.containsKey("case_status") ? str(i, "case_status") : Case.OPEN,
        i.containsKey("resolved_at") ? Instant.parse(str(i, "resolved_at")) : null,
        str(i, "resolved_by"),
        str(i, "resolution_source"),
        str(i, "resolution_note"),
        i.containsKey("opened_at") ? Instant.parse(str(i, "opened_at")) : null,
        explanation(i));
  }

  /** The stream's {@code explanation}: a list of {feature, contribution}, in its order. */
  private static Map<String, Double> explanation(Map<String, AttributeValue> i) {
    Map<String, Double> out = new LinkedHashMap<>();
    AttributeValue v = i.get("explanation");
    if (v != null && v.hasL()) {
      for (AttributeValue c : v.l()) {
        if (c.hasM() && c.m().containsKey("feature") && c.m().containsKey("contribution")) {
          out.put(c.m().get("feature").s(), Double.parseDouble(c.m().get("contribution").n()));
        }
      }
    }
    return out;
  }

  private static String str(Map<String, AttributeValue> i, String k) {
    AttributeValue v = i.get(k);
    return v == null ? null : v.s();
  }

  private static List<String> list(Map<String, AttributeValue> i, String k) {
    AttributeValue v = i.get(k);
    return v == null || !v.hasL() ? List.of() : v.l().stream().map(AttributeValue::s).toList();
  }

  private static AttributeValue s(String v) {
    return AttributeValue.builder().s(v).build();
  }
}

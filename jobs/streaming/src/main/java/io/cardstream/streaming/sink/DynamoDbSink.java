package io.cardstream.streaming.sink;

import io.cardstream.common.aws.DynamoCases;
import io.cardstream.common.aws.DynamoDbTarget;
import io.cardstream.common.decision.Decision;
import io.cardstream.common.feedback.Case;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.SilverSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Silver rows to DynamoDB: every row to {@code transactions}, every REVIEW and DECLINE to {@code
 * fraud_audit} (the review queue's cases), written from the executors partition by partition. Keys
 * are deterministic, so a replayed batch overwrites items with the same values; a case is written
 * only while it is open ({@link DynamoCases#ONLY_IF_OPEN}), so a replay never reopens a case a
 * customer or an analyst has closed.
 */
public final class DynamoDbSink extends BatchSink.Named {

  /**
   * BatchWriteItem calls in flight per partition: one call takes a round trip, so a sequential
   * writer is bound by latency, not by the table's capacity.
   */
  static final int CALLS_IN_FLIGHT = 8;

  private final DynamoDbTarget config;

  public DynamoDbSink(DynamoDbTarget config) {
    super("dynamodb");
    this.config = config;
  }

  @Override
  protected boolean writeBatch(ScoredBatch batch) {
    DynamoDbTarget target = config;
    String txTable = config.table(DynamoTables.TRANSACTIONS);
    String auditTable = config.table(DynamoTables.FRAUD_AUDIT);
    // One time for the batch's new cases. A replayed batch writes a still open case again with its
    // own time; a resolved case is never written again.
    Instant openedAt = Instant.now();
    batch
        .silver()
        .foreachPartition(
            (ForeachPartitionFunction<Row>)
                it -> {
                  List<Map<String, AttributeValue>> tx = new ArrayList<>();
                  List<Map<String, AttributeValue>> audit = new ArrayList<>();
                  while (it.hasNext()) {
                    Row r = it.next();
                    tx.add(DynamoItems.transaction(r));
                    if (!Decision.APPROVE.equals(r.getAs(SilverSchema.DECISION))) {
                      audit.add(DynamoItems.audit(r, openedAt));
                    }
                  }
                  if (tx.isEmpty()) {
                    return;
                  }
                  try (DynamoDbBatchWriter w =
                      new DynamoDbBatchWriter(
                          target.client(Duration.ofSeconds(30)), 10, 50, CALLS_IN_FLIGHT)) {
                    w.putAll(txTable, tx, DynamoTables.TRANSACTIONS_KEY);
                    w.putAllIf(
                        auditTable,
                        audit,
                        DynamoTables.FRAUD_AUDIT_KEY,
                        DynamoCases.ONLY_IF_OPEN,
                        Map.of(":open", AttributeValue.builder().s(Case.OPEN).build()));
                  }
                });
    return true;
  }
}

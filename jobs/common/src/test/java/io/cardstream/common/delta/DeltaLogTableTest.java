package io.cardstream.common.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.lake.DynamoTables;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DeltaLogTableTest {

  @Test
  void theLedgerIsKeyedByTableThenCommitFileAsStringsOnDemand() {
    CreateTableRequest r = DeltaLogTable.createRequest("cs_delta_log");
    assertThat(r.tableName()).isEqualTo("cs_delta_log");
    assertThat(r.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(r.keySchema())
        .extracting(KeySchemaElement::attributeName)
        .containsExactlyElementsOf(DynamoTables.DELTA_LOG_KEY);
    assertThat(r.keySchema())
        .extracting(KeySchemaElement::keyType)
        .containsExactly(KeyType.HASH, KeyType.RANGE);
    assertThat(r.attributeDefinitions())
        .allSatisfy(a -> assertThat(a.attributeType()).isEqualTo(ScalarAttributeType.S))
        .hasSize(2);
    // The entries' keys are the ones the table is made with.
    assertThat(CommitEntry.key("s3://b/t", LogPaths.commitFileName(0)))
        .containsOnlyKeys(DynamoTables.DELTA_LOG_KEY);
  }
}

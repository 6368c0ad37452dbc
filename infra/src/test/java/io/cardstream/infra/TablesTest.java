package io.cardstream.infra;

import static io.cardstream.infra.Synthesized.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.lake.Contract;
import io.cardstream.common.lake.DynamoTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TablesTest {

  private final Synthesized s = Synthesized.kinesis();
  private final BaseStack base = s.stacks.base();

  private JsonNode table(String name) {
    return s.resource(base.tables.byName.get(name)).path("Properties");
  }

  private static List<String> keys(JsonNode keySchema) {
    List<String> k = new ArrayList<>();
    keySchema.forEach(e -> k.add(e.path("AttributeName").asText()));
    return k;
  }

  private static void assertHashThenRange(JsonNode table, List<String> key) {
    assertThat(keys(table.path("KeySchema"))).isEqualTo(key);
    assertThat(table.at("/KeySchema/0/KeyType").asText()).isEqualTo("HASH");
    assertThat(table.at("/KeySchema/1/KeyType").asText()).isEqualTo("RANGE");
  }

  @Test
  @SuppressWarnings("unchecked")
  void exactlyTheContractsTablesAreDeployedUnderTheirOwnNames() {
    var contract = (Map<String, Object>) Contract.describe().get("dynamodb_tables");
    assertThat(s.template(base).findResources("AWS::DynamoDB::Table").keySet())
        .hasSize(contract.size());
    assertThat(base.tables.byName.keySet())
        .containsExactlyInAnyOrderElementsOf(contract.keySet())
        .contains(
            DynamoTables.TRANSACTIONS,
            DynamoTables.FRAUD_AUDIT,
            DynamoTables.CONTACTS,
            DynamoTables.ALERT_NOTIFICATIONS)
        .allSatisfy(n -> assertThat(table(n).path("TableName").asText()).isEqualTo(n))
        // Flags live on the compacted topic flagged_accounts, not in a table.
        .noneMatch(n -> n.contains("flag"));
  }

  @Test
  void transactionsIsKeyedByCardAndTimeWithTheMerchantIndex() {
    JsonNode t = table(DynamoTables.TRANSACTIONS);
    assertHashThenRange(t, DynamoTables.TRANSACTIONS_KEY);
    assertThat(t.path("GlobalSecondaryIndexes")).hasSize(1);
    JsonNode gsi = t.at("/GlobalSecondaryIndexes/0");
    assertThat(gsi.path("IndexName").asText()).isEqualTo(DynamoTables.BY_MERCHANT);
    assertThat(keys(gsi.path("KeySchema"))).isEqualTo(DynamoTables.BY_MERCHANT_KEY);
    assertThat(gsi.at("/Projection/ProjectionType").asText()).isEqualTo("ALL");
  }

  @Test
  void theOtherTablesHaveTheirContractKeys() {
    assertThat(keys(table(DynamoTables.FRAUD_AUDIT).path("KeySchema")))
        .isEqualTo(DynamoTables.FRAUD_AUDIT_KEY);
    assertThat(keys(table(DynamoTables.CONTACTS).path("KeySchema")))
        .isEqualTo(DynamoTables.CONTACTS_KEY);
    assertThat(keys(table(DynamoTables.ALERT_NOTIFICATIONS).path("KeySchema")))
        .isEqualTo(DynamoTables.ALERT_NOTIFICATIONS_KEY);
  }

  @Test
  void theDeltaCommitLedgerIsKeyedByTableAndCommitFileAndExpiresCompletedEntries() {
    JsonNode t = table(DynamoTables.DELTA_LOG);
    assertHashThenRange(t, DynamoTables.DELTA_LOG_KEY);
    assertThat(t.at("/TimeToLiveSpecification/AttributeName").asText())
        .isEqualTo(DynamoTables.DELTA_LOG_TTL);
    assertThat(t.at("/TimeToLiveSpecification/Enabled").asBoolean()).isTrue();
    assertThat(base.tables.deltaLog()).isSameAs(base.tables.byName.get(Tables.deltaLogName()));
    // Only the ledger's entries expire; the other tables keep theirs.
    base.tables.byName.keySet().stream()
        .filter(n -> !n.equals(DynamoTables.DELTA_LOG))
        .forEach(n -> assertThat(table(n).has("TimeToLiveSpecification")).as(n).isFalse());
  }

  @Test
  void everyTableIsOnDemandRecoverableEncryptedAndProtected() {
    base.tables.byName.forEach(
        (name, table) -> {
          JsonNode r = s.resource(table);
          JsonNode p = r.path("Properties");
          assertThat(p.path("BillingMode").asText()).as(name).isEqualTo("PAY_PER_REQUEST");
          assertThat(
                  p.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean())
              .as(name)
              .isTrue();
          assertThat(p.at("/SSESpecification/SSEEnabled").asBoolean()).as(name).isTrue();
          assertThat(p.at("/SSESpecification/SSEType").asText()).isEqualTo("KMS");
          assertThat(p.at("/SSESpecification/KMSMasterKeyId/Fn::GetAtt/0").asText())
              .isEqualTo(logicalId(base.key));
          assertThat(p.path("DeletionProtectionEnabled").asBoolean()).as(name).isTrue();
          assertThat(r.path("DeletionPolicy").asText()).isEqualTo("Retain");
          p.path("AttributeDefinitions")
              .forEach(a -> assertThat(a.path("AttributeType").asText()).isEqualTo("S"));
        });
  }
}

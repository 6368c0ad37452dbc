package io.cardstream.common.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WarehouseLoaderTest {

  @Test
  void theGrantsMakeTheLoaderOwnerOfFraudAndCloseSchemaPublic() {
    assertThat(WarehouseLoader.grants("cardstream_loader", "cardstream"))
        .containsExactly(
            "CREATE SCHEMA IF NOT EXISTS fraud AUTHORIZATION cardstream_loader",
            "ALTER SCHEMA fraud OWNER TO cardstream_loader",
            "GRANT CREATE ON DATABASE cardstream TO cardstream_loader",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
  }

  @Test
  void redshiftAddsTheCopyRoleAndTakesATokenForItsArn() {
    assertThat(WarehouseLoader.redshiftGrants("cardstream_loader", "cardstream", "${Token[T.1]}"))
        .hasSize(5)
        .endsWith("GRANT ASSUMEROLE ON '${Token[T.1]}' TO cardstream_loader FOR COPY");
    assertThatThrownBy(() -> WarehouseLoader.redshiftGrants("u", "d", "arn:x' OR '1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLocalRoleIsCreatedOnlyWhenMissingThenGranted() {
    assertThat(WarehouseLoader.postgres(WarehouseLoader.USER, "postgres"))
        .first()
        .isEqualTo(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cardstream_loader')"
                + " THEN CREATE ROLE cardstream_loader LOGIN; END IF; END $$");
    assertThat(WarehouseLoader.postgres(WarehouseLoader.USER, "postgres"))
        .endsWith(WarehouseLoader.grants(WarehouseLoader.USER, "postgres").toArray(String[]::new));
  }

  @Test
  void namesThatWouldNeedQuotingAreRefused() {
    for (String bad : new String[] {"Loader", "a b", "x;drop", "", "1abc"}) {
      assertThatThrownBy(() -> WarehouseLoader.grants(bad, "cardstream"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a plain SQL identifier");
    }
  }

  @Test
  void aPlaceholderWithoutAValueIsAnError() {
    assertThatThrownBy(
            () -> WarehouseLoader.statements(WarehouseLoader.GRANTS, Map.of("user", "u")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("loader-grants.sql needs values for [database]");
  }
}

package io.cardstream.common.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.lake.DynamoTables;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class LogStoreSettingsTest {

  private static final String SPARK = "spark.io.cardstream.common.delta.DynamoDbLogStore.";
  private static final String PLAIN = "io.cardstream.common.delta.DynamoDbLogStore.";

  @Test
  void defaultsAreTheLedgerTableADayOfTtlAndTheSdkRegion() {
    LogStoreSettings s = LogStoreSettings.from(new Configuration(false));
    assertThat(s).isEqualTo(new LogStoreSettings(DynamoTables.DELTA_LOG, null, null, 86_400, 3));
  }

  @Test
  void keysAreReadWithOrWithoutTheSparkPrefix() {
    Configuration c = new Configuration(false);
    c.set(SPARK + "ddb.tableName", "prod-delta_log");
    c.set(PLAIN + "ddb.region", "eu-west-1");
    c.set(SPARK + "ddb.endpoint", " http://127.0.0.1:18000 ");
    c.set(PLAIN + "ddb.ttl", "7200");
    c.set(SPARK + "read.retries", "0");
    c.set(PLAIN + "ddb.tableName", "prod-delta_log");
    assertThat(LogStoreSettings.from(c))
        .isEqualTo(
            new LogStoreSettings("prod-delta_log", "eu-west-1", "http://127.0.0.1:18000", 7200, 0));
  }

  @Test
  void twoValuesForOneKeyAreAnError() {
    Configuration c = new Configuration(false);
    c.set(SPARK + "ddb.tableName", "a");
    c.set(PLAIN + "ddb.tableName", "b");
    assertThatThrownBy(() -> LogStoreSettings.from(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SPARK + "ddb.tableName=a")
        .hasMessageContaining(PLAIN + "ddb.tableName=b");
  }

  @Test
  void aTtlShortEnoughToLoseCommitsIsRefused() {
    Configuration c = new Configuration(false);
    c.set(SPARK + "ddb.ttl", "60");
    assertThatThrownBy(() -> LogStoreSettings.from(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 3600 seconds");
    assertThatThrownBy(() -> new LogStoreSettings(" ", null, null, 86_400, 3))
        .hasMessageContaining("ddb.tableName must not be empty");
    assertThatThrownBy(() -> new LogStoreSettings("t", null, null, 86_400, -1))
        .hasMessageContaining("read.retries must not be negative");
  }
}

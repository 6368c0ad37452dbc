package io.cardstream.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobLoggingTest {

  private static final Logger ROCKSDB =
      LogManager.getLogger("org.apache.spark.sql.execution.streaming.state.RocksDB");
  private static final Logger OURS = LogManager.getLogger("io.cardstream.streaming.StreamStatus");

  @AfterEach
  void reset() {
    // Back to what log4j2-test.properties says for everything the test touched.
    Configurator.reconfigure();
  }

  @Test
  void librariesGoToWarnAndOurBatchLinesStay() {
    Configurator.setLevel("org.apache.spark", Level.INFO);
    assertThat(ROCKSDB.isInfoEnabled()).isTrue();
    assertThat(JobLogging.apply(Map.of())).isEqualTo(Level.WARN);
    assertThat(ROCKSDB.isInfoEnabled()).isFalse();
    assertThat(ROCKSDB.isWarnEnabled()).isTrue();
    assertThat(LogManager.getLogger("org.apache.kafka.clients.NetworkClient").isInfoEnabled())
        .isFalse();
    assertThat(OURS.isInfoEnabled()).isTrue();
  }

  @Test
  void theEnvironmentCanRaiseTheLevelKeepTheClustersOrMustNameALevel() {
    assertThat(JobLogging.apply(Map.of(JobLogging.ENV, "INFO"))).isEqualTo(Level.INFO);
    assertThat(ROCKSDB.isInfoEnabled()).isTrue();
    Configurator.setLevel("org.apache.spark", Level.ERROR);
    assertThat(JobLogging.apply(Map.of(JobLogging.ENV, "keep"))).isNull();
    assertThat(ROCKSDB.isWarnEnabled()).isFalse();
    assertThatThrownBy(() -> JobLogging.apply(Map.of(JobLogging.ENV, "loud")))
        .hasMessage(
            "CARDSTREAM_LIBRARY_LOG_LEVEL must be a log level (warn, info, debug, ...) or keep,"
                + " got 'loud'");
  }
}

package io.cardstream.streaming.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaLagTest {

  @Test
  void theLagIsLatestMinusProcessedSummedPerTopic() {
    KafkaLag lag =
        KafkaLag.of(
            "{\"transactions\":{\"0\":100,\"1\":40}}",
            "{\"transactions\":{\"0\":130,\"1\":40,\"2\":7}}");
    // 30 behind on 0, caught up on 1, a partition the batch has not reached yet counts from 0.
    assertThat(lag.records()).isEqualTo(Map.of("transactions", 37L));
  }

  @Test
  void aFirstReportWithoutProcessedOffsetsCountsEverythingAndNoLatestCountsNothing() {
    assertThat(KafkaLag.of(null, "{\"transactions\":{\"0\":5}}").records())
        .isEqualTo(Map.of("transactions", 5L));
    assertThat(KafkaLag.of("{\"transactions\":{\"0\":5}}", null).records()).isEmpty();
  }

  @Test
  void offsetsThatAreNotJsonAreRefused() {
    assertThatThrownBy(() -> KafkaLag.of("{", "{}")).isInstanceOf(IllegalArgumentException.class);
  }
}

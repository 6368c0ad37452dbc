package io.cardstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.lake.Topics;
import io.cardstream.streaming.lag.CloudWatchLagPublisher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With Kafka input, the stream's own lag metric, its alarm, and the grant to publish it. */
class KafkaLagAlarmTest {

  private static List<JsonNode> lagAlarms(Synthesized s) {
    return s.resources("AWS::CloudWatch::Alarm").stream()
        .map(r -> r.path("Properties"))
        .filter(p -> p.path("MetricName").asText().equals(CloudWatchLagPublisher.METRIC))
        .toList();
  }

  @Test
  void withKafkaInputAnAlarmWatchesTheLagTheStreamPublishes() {
    Synthesized k = Synthesized.kafka();
    JsonNode alarm = lagAlarms(k).stream().findFirst().orElseThrow();
    assertThat(alarm.path("Namespace").asText()).isEqualTo(CloudWatchLagPublisher.NAMESPACE);
    assertThat(alarm.at("/Dimensions/0/Name").asText())
        .isEqualTo(CloudWatchLagPublisher.TOPIC_DIMENSION);
    assertThat(alarm.at("/Dimensions/0/Value").asText()).isEqualTo(Topics.TRANSACTIONS);
    // A stream that is down publishes nothing: that must alarm too.
    assertThat(alarm.path("TreatMissingData").asText()).isEqualTo("breaching");
    assertThat(alarm.path("AlarmActions")).hasSize(1);
    assertThat(lagAlarms(k)).hasSize(1);
    assertThat(lagAlarms(Synthesized.kinesis())).isEmpty();
  }

  @Test
  void theStreamPublishesIntoTheOneNamespaceItsRoleMayWrite() {
    for (Synthesized s : List.of(Synthesized.kinesis(), Synthesized.kafka())) {
      assertThat(s.stacks.emr().streamStep.jobArgs()).contains("--lag-metric=cloudwatch");
      Policies p = Policies.of(s, s.stacks.emr().jobRole.role);
      JsonNode st = p.statementWith("cloudwatch:PutMetricData");
      assertThat(Policies.strings(st.path("Action"))).containsExactly("cloudwatch:PutMetricData");
      assertThat(st.at("/Condition/StringEquals/cloudwatch:namespace").asText())
          .isEqualTo(CloudWatchLagPublisher.NAMESPACE);
    }
  }
}

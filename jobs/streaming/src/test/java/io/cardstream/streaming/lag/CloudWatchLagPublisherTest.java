package io.cardstream.streaming.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.aws.SdkClients;
import io.cardstream.common.testing.AwsEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** The lag metric as CloudWatch (the AWS emulator, MiniStack) receives it. */
class CloudWatchLagPublisherTest {

  private static AwsEmulator aws;
  private static CloudWatchClient cloudWatch;

  @BeforeAll
  static void start() throws Exception {
    aws = AwsEmulator.start();
    cloudWatch =
        SdkClients.build(
            CloudWatchClient.builder(), aws.endpoint(), "us-east-1", Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() throws Exception {
    cloudWatch.close();
    aws.close();
  }

  @Test
  void theLagOfEachTopicIsAMetricTheAlarmCanRead() {
    Instant before = Instant.now().minusSeconds(60);
    try (LagPublisher p = new CloudWatchLagPublisher(aws.endpoint(), "us-east-1")) {
      p.publish(new KafkaLag(Map.of("transactions", 37L)));
      p.publish(new KafkaLag(Map.of("transactions", 12L)));
      p.publish(new KafkaLag(Map.of())); // nothing to say: no call
    }

    var stats =
        cloudWatch.getMetricStatistics(
            r ->
                r.namespace(CloudWatchLagPublisher.NAMESPACE)
                    .metricName(CloudWatchLagPublisher.METRIC)
                    .dimensions(
                        d -> d.name(CloudWatchLagPublisher.TOPIC_DIMENSION).value("transactions"))
                    .startTime(before)
                    .endTime(Instant.now().plusSeconds(60))
                    .period(300)
                    .statistics(Statistic.MAXIMUM, Statistic.SAMPLE_COUNT));
    assertThat(stats.datapoints()).isNotEmpty();
    assertThat(stats.datapoints().stream().mapToDouble(Datapoint::maximum).max().orElseThrow())
        .isEqualTo(37.0);
    assertThat(stats.datapoints().stream().mapToDouble(Datapoint::sampleCount).sum())
        .isEqualTo(2.0);
  }

  @Test
  void anUnreachableCloudWatchDoesNotStopTheStream() {
    try (LagPublisher p = new CloudWatchLagPublisher("http://127.0.0.1:1", "us-east-1")) {
      p.publish(new KafkaLag(Map.of("transactions", 1L))); // logged, not thrown
    }
  }
}

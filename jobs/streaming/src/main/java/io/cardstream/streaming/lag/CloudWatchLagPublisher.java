package io.cardstream.streaming.lag;

import io.cardstream.common.aws.SdkClients;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The lag as a CloudWatch metric ({@link #NAMESPACE}/{@link #METRIC}, dimension {@link
 * #TOPIC_DIMENSION}) with PutMetricData, once per progress report. A failed put is logged and
 * dropped: the metric missing is what the alarm treats as breaching, and the stream must not stop
 * for it.
 */
public final class CloudWatchLagPublisher implements LagPublisher {

  public static final String NAMESPACE = "cardstream";
  public static final String METRIC = "KafkaInputLag";
  public static final String TOPIC_DIMENSION = "Topic";

  private static final Logger LOG = LoggerFactory.getLogger(CloudWatchLagPublisher.class);

  private final CloudWatchClient cloudWatch;

  /**
   * @param endpoint an emulator's URL, or null for AWS (the default credentials: the nodes' role)
   */
  public CloudWatchLagPublisher(String endpoint, String region) {
    this.cloudWatch =
        SdkClients.build(CloudWatchClient.builder(), endpoint, region, Duration.ofSeconds(10));
  }

  @Override
  public void publish(KafkaLag lag) {
    if (lag.records().isEmpty()) {
      return;
    }
    // Whole seconds: CloudWatch's resolution is a minute, and not every reader takes nanoseconds.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<MetricDatum> data = new ArrayList<>();
    lag.records()
        .forEach(
            (topic, records) ->
                data.add(
                    MetricDatum.builder()
                        .metricName(METRIC)
                        .dimensions(Dimension.builder().name(TOPIC_DIMENSION).value(topic).build())
                        .timestamp(now)
                        .unit(StandardUnit.COUNT)
                        .value((double) records)
                        .build()));
    try {
      cloudWatch.putMetricData(r -> r.namespace(NAMESPACE).metricData(data));
    } catch (SdkException e) {
      LOG.warn("could not publish the input lag {}: {}", lag.records(), e.getMessage());
    }
  }

  @Override
  public void close() {
    cloudWatch.close();
  }
}

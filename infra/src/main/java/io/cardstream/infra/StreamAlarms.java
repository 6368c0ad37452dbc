package io.cardstream.infra;

import io.cardstream.common.lake.Topics;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.emr.CfnCluster;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.constructs.Construct;

/**
 * CloudWatch alarms on the stream, all to the alert topic: input lag (Kinesis iterator age, or the
 * stream's own Kafka lag metric), failed EMR steps (the stream or a nightly job) and dead-letter
 * growth on the two DLQ topics.
 */
final class StreamAlarms extends Construct {

  /** The stream is this far behind its input (its trigger is seconds): it is stuck or down. */
  static final Duration MAX_LAG = Duration.minutes(10);

  /**
   * Records the stream may be behind the transactions topic (Kafka input): minutes of traffic at
   * the rates it is sized for, far above one trigger's worth.
   */
  static final double MAX_LAG_RECORDS = 100_000;

  /** Rejects above this rate, sustained, mean a producer sends garbage. */
  static final double DLQ_MESSAGES_PER_SECOND = 1;

  StreamAlarms(Construct scope, String id, InfraConfig config, BaseStack base, CfnCluster cluster) {
    super(scope, id);
    SnsAction notify = new SnsAction(base.alerting.topic);

    // Missing data is breaching: the metric stops when nothing reads the stream.
    base.input.kinesis.ifPresent(
        stream ->
            alarm(
                    "StreamLag",
                    stream.metricGetRecordsIteratorAgeMilliseconds(
                        MetricOptions.builder()
                            .statistic("Maximum")
                            .period(Duration.minutes(5))
                            .build()),
                    MAX_LAG.toMilliseconds().doubleValue(),
                    3,
                    TreatMissingData.BREACHING,
                    "The scoring stream is more than 10 minutes behind Kinesis, or not reading it")
                .addAlarmAction(notify));

    // Kafka input: the stream publishes its own lag (MSK has none: Spark commits no offsets).
    if (base.input.kinesis.isEmpty()) {
      alarm(
              "KafkaInputLag",
              Metric.Builder.create()
                  .namespace(EmrJobRole.LAG_NAMESPACE)
                  .metricName("KafkaInputLag")
                  .dimensionsMap(Map.of("Topic", Topics.TRANSACTIONS))
                  .statistic("Maximum")
                  .period(Duration.minutes(5))
                  .build(),
              MAX_LAG_RECORDS,
              3,
              TreatMissingData.BREACHING,
              "The scoring stream is more than "
                  + (long) MAX_LAG_RECORDS
                  + " records behind the "
                  + Topics.TRANSACTIONS
                  + " topic for 15 minutes, or publishes no lag (not running)")
          .addAlarmAction(notify);
    }

    Rule failedSteps =
        Rule.Builder.create(this, "FailedSteps")
            .description("cardstream: an EMR step failed (the stream or a nightly job)")
            .eventPattern(
                EventPattern.builder()
                    .source(List.of("aws.emr"))
                    .detailType(List.of("EMR Step Status Change"))
                    .detail(
                        Ordered.map(
                            "state", List.of("FAILED"), "clusterId", List.of(cluster.getRef())))
                    .build())
            .targets(List.of(new SnsTopic(base.alerting.topic)))
            .build();
    alarm(
            "FailedStepsAlarm",
            Metric.Builder.create()
                .namespace("AWS/Events")
                .metricName("TriggeredRules")
                .dimensionsMap(Map.of("RuleName", failedSteps.getRuleName()))
                .statistic("Sum")
                .period(Duration.minutes(5))
                .build(),
            0,
            1,
            TreatMissingData.NOT_BREACHING,
            "An EMR step of the cardstream cluster failed in the last 5 minutes")
        .addAlarmAction(notify);

    alarm(
            "TransactionsDlqGrowth",
            topicMessagesIn(Topics.DLQ),
            DLQ_MESSAGES_PER_SECOND,
            3,
            TreatMissingData.NOT_BREACHING,
            "More than 1 rejected record a second into " + Topics.DLQ + " for 15 minutes")
        .addAlarmAction(notify);
    alarm(
            "AlertsDlqGrowth",
            topicMessagesIn(Topics.ALERTS_DLQ),
            0,
            1,
            TreatMissingData.NOT_BREACHING,
            "An alert could not be delivered (" + Topics.ALERTS_DLQ + ")")
        .addAlarmAction(notify);
  }

  /** MSK Serverless publishes topic metrics under the cluster's name. */
  private static Metric topicMessagesIn(String topic) {
    return Metric.Builder.create()
        .namespace("AWS/Kafka")
        .metricName("MessagesInPerSec")
        .dimensionsMap(Ordered.map("Cluster Name", Layout.NAME, "Topic", topic))
        .statistic("Maximum")
        .period(Duration.minutes(5))
        .build();
  }

  /** Alarms when the metric is above the threshold for {@code periods} periods in a row. */
  private Alarm alarm(
      String id,
      IMetric metric,
      double threshold,
      int periods,
      TreatMissingData missing,
      String description) {
    return Alarm.Builder.create(this, id)
        .alarmDescription(description)
        .metric(metric)
        .threshold(threshold)
        .evaluationPeriods(periods)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .treatMissingData(missing)
        .build();
  }
}

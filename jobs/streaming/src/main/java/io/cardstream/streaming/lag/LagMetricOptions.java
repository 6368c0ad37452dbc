package io.cardstream.streaming.lag;

import picocli.CommandLine.Option;

/**
 * The stream's {@code --lag-metric} options: off by default (locally nothing collects it); {@code
 * cloudwatch} on AWS, where an alarm watches it.
 */
public final class LagMetricOptions {

  /** Where the lag goes. */
  public enum Target {
    none,
    cloudwatch
  }

  @Option(
      names = "--lag-metric",
      defaultValue = "none",
      description =
          "Publish the Kafka input's lag (records not yet processed) as a metric: none or"
              + " cloudwatch (default ${DEFAULT-VALUE}). Kinesis input has its own (iterator age).")
  Target target;

  @Option(names = "--cloudwatch-region", description = "CloudWatch region for --lag-metric.")
  String region;

  @Option(names = "--cloudwatch-endpoint", description = "CloudWatch endpoint override.")
  String endpoint;

  /**
   * The publisher the options ask for, or null when off. No Spark type in this class: picocli reads
   * its methods, and the infra tests parse the stream's options without Spark.
   */
  public LagPublisher publisher() {
    if (target == null || target == Target.none) {
      return null;
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("--lag-metric cloudwatch needs --cloudwatch-region");
    }
    return new CloudWatchLagPublisher(endpoint, region);
  }
}

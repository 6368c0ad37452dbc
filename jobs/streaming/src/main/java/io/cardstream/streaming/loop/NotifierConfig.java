package io.cardstream.streaming.loop;

import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.lake.Lake;
import java.time.Duration;

/**
 * Everything the notifier needs, validated on construction.
 *
 * @param kafkaBootstrap the decision topics' Kafka servers
 * @param kafkaAuth how its Kafka clients authenticate
 * @param approvedNotices also read {@code decisions.approved}, for customers who asked for notices
 * @param lake where the {@code notifications} log goes
 * @param checkpoint the notifier's own checkpoint
 * @param dynamodbEndpoint DynamoDB Local, or null for AWS
 * @param mail SMTP (local) or SES's API (AWS)
 * @param feedbackBaseUrl the collector's public URL, for the "was this you?" links
 * @param outageLimit how long a batch waits for a mail server that is down before the job fails
 * @param startingOffsets where a new checkpoint starts on the topics: earliest, or Spark's
 *     per-partition JSON (the demo's: where this run's decisions begin)
 */
public record NotifierConfig(
    String kafkaBootstrap,
    KafkaAuth kafkaAuth,
    boolean approvedNotices,
    Lake lake,
    String checkpoint,
    String dynamodbEndpoint,
    String dynamodbRegion,
    String dynamodbTablePrefix,
    MailTransport mail,
    String feedbackBaseUrl,
    Duration linkValidity,
    Duration outageLimit,
    int triggerSeconds,
    boolean availableNow,
    String startingOffsets) {

  /** The same, a new checkpoint starting at {@code offsets}. */
  public NotifierConfig startingAt(String offsets) {
    return new NotifierConfig(
        kafkaBootstrap,
        kafkaAuth,
        approvedNotices,
        lake,
        checkpoint,
        dynamodbEndpoint,
        dynamodbRegion,
        dynamodbTablePrefix,
        mail,
        feedbackBaseUrl,
        linkValidity,
        outageLimit,
        triggerSeconds,
        availableNow,
        offsets);
  }

  public NotifierConfig {
    require(kafkaBootstrap, "--kafka-bootstrap");
    kafkaAuth = kafkaAuth == null ? KafkaAuth.NONE : kafkaAuth;
    require(checkpoint, "--checkpoint");
    require(dynamodbRegion, "--dynamodb-region");
    require(feedbackBaseUrl, "--feedback-base-url");
    if (!feedbackBaseUrl.startsWith("http://") && !feedbackBaseUrl.startsWith("https://")) {
      throw new IllegalArgumentException(
          "--feedback-base-url must be the collector's http(s):// URL, got '"
              + feedbackBaseUrl
              + "'");
    }
    if (linkValidity.isNegative() || linkValidity.isZero()) {
      throw new IllegalArgumentException("--link-validity-hours must be positive");
    }
    if (triggerSeconds < 1) {
      throw new IllegalArgumentException("--trigger-seconds must be at least 1");
    }
    dynamodbTablePrefix = dynamodbTablePrefix == null ? "" : dynamodbTablePrefix;
    startingOffsets = startingOffsets == null ? "earliest" : startingOffsets;
  }

  private static void require(String v, String what) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
  }
}

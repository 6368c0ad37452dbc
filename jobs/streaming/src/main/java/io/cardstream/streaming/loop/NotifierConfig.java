package io.cardstream.streaming.loop;

import io.cardstream.common.aws.DynamoDbTarget;
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
 * @param dynamodb the contacts and the notifications ledger
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
    DynamoDbTarget dynamodb,
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
        dynamodb,
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
    if (dynamodb == null) {
      throw new IllegalArgumentException("the DynamoDB tables (--dynamodb-*) are required");
    }
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
    startingOffsets = startingOffsets == null ? "earliest" : startingOffsets;
  }

  private static void require(String v, String what) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
  }
}

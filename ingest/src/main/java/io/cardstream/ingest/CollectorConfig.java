package io.cardstream.ingest;

import io.cardstream.common.aws.DynamoDbTarget;
import io.cardstream.common.aws.KinesisTarget;
import io.cardstream.common.aws.SdkClients;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.lake.Topics;
import io.cardstream.service.ServerConfig;
import java.time.Duration;

/**
 * The collector's settings, validated on construction (each error says what is wrong and how to fix
 * it). {@link CollectorMain} fills it from options; the local stack and tests use {@link
 * #builder()}.
 *
 * @param server where it listens (port 0 picks a free one) and where the API keys are
 * @param maxBodyBytes larger bodies are refused with 413
 * @param maxRecords more records in one request are refused with 400
 * @param rate requests per second per API key
 * @param burst requests a key may make at once
 * @param brokerTimeout how long a write may take before the request is answered 503
 * @param dynamodb the case tables (fraud_audit, transactions)
 * @param kinesis where accepted events go when the stream runs on Kinesis; null: the Kafka topic
 *     (the control and feedback topics are Kafka either way)
 * @param reader the validator's options: the event-time window around the request's arrival
 * @param authFailuresPerMinute requests with a wrong API key one client address may make per minute
 *     (a burst of as many, then one every 60/n s); beyond it 429. 0: no limit
 * @param feedbackPerMinute GETs and POSTs of feedback links per client address and minute, the same
 *     way; 0: no limit
 */
public record CollectorConfig(
    ServerConfig server,
    String kafkaBootstrap,
    KafkaAuth kafkaAuth,
    String topic,
    long maxBodyBytes,
    int maxRecords,
    double rate,
    int burst,
    Duration brokerTimeout,
    DynamoDbTarget dynamodb,
    KinesisTarget kinesis,
    ReaderOptions reader,
    int authFailuresPerMinute,
    int feedbackPerMinute) {

  public static final int DEFAULT_PORT = 18090;
  public static final String DEFAULT_TOPIC = Topics.TRANSACTIONS;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_RECORDS = 500;
  public static final double DEFAULT_RATE = 50;
  public static final int DEFAULT_BURST = 100;
  public static final long DEFAULT_BROKER_TIMEOUT_MS = 10_000;
  public static final int DEFAULT_AUTH_FAILURES_PER_MINUTE = 10;
  public static final int DEFAULT_FEEDBACK_PER_MINUTE = 30;

  /** The most a per-address limit may allow per minute (more is no limit: use 0). */
  static final int MAX_PER_MINUTE = 100_000;

  /** Above this a body is no batch of transactions any more (500 records are ~250 KB). */
  static final long MAX_BODY_LIMIT = 64L * 1024 * 1024;

  public CollectorConfig {
    require(server != null, "the server settings (host, port, API keys) are required");
    require(
        kafkaBootstrap != null && !kafkaBootstrap.isBlank(),
        "--kafka-bootstrap is required: the broker list, e.g. 127.0.0.1:19092");
    require(topic != null && !topic.isBlank(), "--topic is blank");
    require(
        maxBodyBytes >= 1024 && maxBodyBytes <= MAX_BODY_LIMIT,
        "--max-body-bytes " + maxBodyBytes + " is outside 1024.." + MAX_BODY_LIMIT);
    require(
        maxRecords >= 1 && maxRecords <= 10_000,
        "--max-records " + maxRecords + " is outside 1..10000");
    require(rate > 0 && Double.isFinite(rate), "--rate must be a positive number of requests/s");
    require(burst >= 1, "--burst must be at least 1");
    require(
        brokerTimeout != null
            && brokerTimeout.toMillis() >= 100
            && brokerTimeout.toMillis() <= 300_000,
        "--broker-timeout-ms must be within 100..300000");
    require(dynamodb != null, "the case tables (--dynamodb-*) are required");
    reader = reader == null ? ReaderOptions.defaults() : reader;
    require(
        authFailuresPerMinute >= 0 && authFailuresPerMinute <= MAX_PER_MINUTE,
        "--auth-failures-per-minute "
            + authFailuresPerMinute
            + " is outside 0.."
            + MAX_PER_MINUTE
            + " (0: no limit)");
    require(
        feedbackPerMinute >= 0 && feedbackPerMinute <= MAX_PER_MINUTE,
        "--feedback-per-minute "
            + feedbackPerMinute
            + " is outside 0.."
            + MAX_PER_MINUTE
            + " (0: no limit)");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults for everything but the broker and the keys. */
  public static final class Builder extends ServerConfig.Builder<Builder> {
    private String kafkaBootstrap;
    private KafkaAuth kafkaAuth = KafkaAuth.NONE;
    private String topic = DEFAULT_TOPIC;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxRecords = DEFAULT_MAX_RECORDS;
    private double rate = DEFAULT_RATE;
    private int burst = DEFAULT_BURST;
    private Duration brokerTimeout = Duration.ofMillis(DEFAULT_BROKER_TIMEOUT_MS);
    private DynamoDbTarget dynamodb = new DynamoDbTarget(null, SdkClients.DEFAULT_REGION, "");
    private KinesisTarget kinesis;
    private ReaderOptions reader = ReaderOptions.defaults();
    private int authFailuresPerMinute = DEFAULT_AUTH_FAILURES_PER_MINUTE;
    private int feedbackPerMinute = DEFAULT_FEEDBACK_PER_MINUTE;

    Builder() {
      super(DEFAULT_PORT);
    }

    public Builder kafkaBootstrap(String v) {
      kafkaBootstrap = v;
      return this;
    }

    /** How the Kafka clients (events, control and feedback topics) authenticate. */
    public Builder kafkaAuth(KafkaAuth v) {
      kafkaAuth = v;
      return this;
    }

    public Builder topic(String v) {
      topic = v;
      return this;
    }

    public Builder maxBodyBytes(long v) {
      maxBodyBytes = v;
      return this;
    }

    public Builder maxRecords(int v) {
      maxRecords = v;
      return this;
    }

    public Builder rate(double perSecond, int burstSize) {
      rate = perSecond;
      burst = burstSize;
      return this;
    }

    public Builder brokerTimeout(Duration v) {
      brokerTimeout = v;
      return this;
    }

    /** The case tables (default: DynamoDB on AWS, us-east-1, no prefix). */
    public Builder dynamodb(DynamoDbTarget v) {
      dynamodb = v;
      return this;
    }

    /** Write accepted events to this Kinesis stream instead of the Kafka topic (null: Kafka). */
    public Builder kinesis(KinesisTarget v) {
      kinesis = v;
      return this;
    }

    /** Accept events at most {@code maxAge} before and {@code maxLead} after their arrival. */
    public Builder eventWindow(Duration maxAge, Duration maxLead) {
      reader = ReaderOptions.defaults().withEventWindow(maxAge, maxLead);
      return this;
    }

    /** Requests with a wrong API key per client address and minute (0: no limit). */
    public Builder authFailuresPerMinute(int v) {
      authFailuresPerMinute = v;
      return this;
    }

    /** GETs and POSTs of feedback links per client address and minute (0: no limit). */
    public Builder feedbackPerMinute(int v) {
      feedbackPerMinute = v;
      return this;
    }

    public CollectorConfig build() {
      return new CollectorConfig(
          server(),
          kafkaBootstrap,
          kafkaAuth,
          topic,
          maxBodyBytes,
          maxRecords,
          rate,
          burst,
          brokerTimeout,
          dynamodb,
          kinesis,
          reader,
          authFailuresPerMinute,
          feedbackPerMinute);
    }
  }
}

package io.cardstream.streaming;

import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.kafka.KafkaAuth;
import java.util.Locale;

/**
 * Where the scoring stream's events come from ({@link StreamConfig#source()}).
 *
 * @param type kafka | kinesis
 * @param kafkaBootstrap Kafka servers (also those of the decision topics)
 * @param kafkaAuth how the Kafka clients authenticate (source and sinks alike)
 * @param topic the transactions topic (kafka)
 * @param startingOffsets earliest | latest | per-partition JSON, for a new checkpoint only
 * @param kinesis the Kinesis stream (kinesis), else null
 * @param maxEventsPerTrigger upper bound of events per micro-batch
 * @param reader the validator's options: record size, the event-time window around each message's
 *     produce time
 */
public record SourceConfig(
    String type,
    String kafkaBootstrap,
    KafkaAuth kafkaAuth,
    String topic,
    String startingOffsets,
    Kinesis kinesis,
    long maxEventsPerTrigger,
    ReaderOptions reader) {
  public SourceConfig {
    type = type == null ? StreamConfig.DEFAULT_SOURCE : type.toLowerCase(Locale.ROOT);
    if (!type.equals("kafka") && !type.equals("kinesis")) {
      throw new IllegalArgumentException("--source must be kafka or kinesis, got '" + type + "'");
    }
    StreamConfig.require(
        kafkaBootstrap, "--kafka-bootstrap (the decision topics are always Kafka)");
    kafkaAuth = kafkaAuth == null ? KafkaAuth.NONE : kafkaAuth;
    if (type.equals("kinesis") && kinesis == null) {
      throw new IllegalArgumentException("--source kinesis needs --kinesis-stream");
    }
    if (maxEventsPerTrigger < 1) {
      throw new IllegalArgumentException(
          "--max-events-per-trigger must be positive, got " + maxEventsPerTrigger);
    }
    reader = reader == null ? ReaderOptions.defaults() : reader;
  }

  public boolean isKinesis() {
    return type.equals("kinesis");
  }

  /**
   * @param stream stream name
   * @param region AWS region of the stream
   * @param endpoint endpoint override, or null
   * @param startingPosition TRIM_HORIZON | LATEST (| an ISO instant, cardstream connector)
   * @param consumerType GetRecords | SubscribeToShard (enhanced fan-out, emr connector only)
   * @param connector cardstream (the project's source, runs anywhere) | emr (EMR's pre-installed
   *     aws-kinesis connector)
   */
  public record Kinesis(
      String stream,
      String region,
      String endpoint,
      String startingPosition,
      String consumerType,
      String connector) {
    public Kinesis {
      StreamConfig.require(stream, "--kinesis-stream");
      StreamConfig.require(region, "--kinesis-region");
      connector =
          connector == null
              ? StreamConfig.DEFAULT_KINESIS_CONNECTOR
              : connector.toLowerCase(Locale.ROOT);
      if (!connector.equals("cardstream") && !connector.equals("emr")) {
        throw new IllegalArgumentException(
            "--kinesis-connector must be cardstream or emr, got '" + connector + "'");
      }
      if (connector.equals("cardstream") && "SubscribeToShard".equals(consumerType)) {
        throw new IllegalArgumentException(
            "--kinesis-consumer-type SubscribeToShard (enhanced fan-out) needs"
                + " --kinesis-connector emr; the cardstream connector polls with GetRecords");
      }
    }

    public boolean onEmr() {
      return connector.equals("emr");
    }
  }
}

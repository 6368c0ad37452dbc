package io.cardstream.streaming;

import io.cardstream.common.cli.KinesisStreamOptions;
import io.cardstream.common.input.ReaderOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The stream's tuning and source options, one declaration for the spark-submit job ({@link
 * ScoringStreamJob}) and the local CLI's {@code stream}; the defaults are {@link StreamConfig}'s.
 * Where things live (servers, lake, checkpoint, registry) is the job's to say, or the local
 * stack's.
 */
public final class StreamOptions {

  @Option(
      names = "--source",
      defaultValue = StreamConfig.DEFAULT_SOURCE,
      description = "kafka | kinesis (default ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--topic",
      defaultValue = StreamConfig.DEFAULT_TOPIC,
      description = "Input topic (default ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--starting-offsets",
      defaultValue = StreamConfig.DEFAULT_STARTING_OFFSETS,
      description = "earliest | latest, for a new checkpoint (default ${DEFAULT-VALUE}).")
  String startingOffsets;

  @Mixin KinesisStreamOptions kinesis;

  @Option(
      names = "--kinesis-starting-position",
      defaultValue = StreamConfig.DEFAULT_KINESIS_STARTING_POSITION,
      description = "TRIM_HORIZON | LATEST (default ${DEFAULT-VALUE}).")
  String kinesisStartingPosition;

  @Option(
      names = "--kinesis-consumer-type",
      defaultValue = StreamConfig.DEFAULT_KINESIS_CONSUMER_TYPE,
      description = "GetRecords | SubscribeToShard (default ${DEFAULT-VALUE}).")
  String kinesisConsumerType;

  @Option(
      names = "--kinesis-connector",
      defaultValue = StreamConfig.DEFAULT_KINESIS_CONNECTOR,
      description =
          "cardstream (the project's source, runs anywhere) | emr (EMR's pre-installed aws-kinesis"
              + " connector) (default ${DEFAULT-VALUE}).")
  String kinesisConnector;

  @Option(names = "--rules", description = "Rules JSON file; default: the built-in seed rules.")
  String rules;

  @Option(
      names = "--trigger-seconds",
      defaultValue = "" + StreamConfig.DEFAULT_TRIGGER_SECONDS,
      description =
          "The lake query's micro-batch interval: one Delta commit per table each"
              + " (default ${DEFAULT-VALUE}).")
  int triggerSeconds;

  @Option(
      names = "--decision-trigger-ms",
      defaultValue = "" + StreamConfig.DEFAULT_DECISION_TRIGGER_MS,
      description = "The decisions query's micro-batch interval (default ${DEFAULT-VALUE}).")
  int decisionTriggerMillis;

  @Option(
      names = "--queries",
      defaultValue = StreamConfig.DEFAULT_QUERIES,
      description =
          "decisions | lake | both: the decisions query (source to the decision topics), the lake"
              + " query (to Delta and DynamoDB), or both in this application, e.g. one EMR step"
              + " each (default ${DEFAULT-VALUE}).")
  String queries;

  @Option(
      names = "--max-events-per-trigger",
      defaultValue = "" + StreamConfig.DEFAULT_MAX_EVENTS_PER_TRIGGER,
      description = "Events per micro-batch at most (default ${DEFAULT-VALUE}).")
  long maxEventsPerTrigger;

  @Option(
      names = "--available-now",
      description = "Process what is in the source now, then stop (Kafka only).")
  boolean availableNow;

  @Option(
      names = "--state-idle-days",
      defaultValue = "" + StreamConfig.DEFAULT_STATE_IDLE_DAYS,
      description = "Drop a card's state after this many idle days (default ${DEFAULT-VALUE}).")
  int stateIdleDays;

  @Option(
      names = "--max-event-age-days",
      defaultValue = "" + ReaderOptions.DEFAULT_MAX_EVENT_AGE_DAYS,
      description =
          "Reject events older than this many days before their message was produced"
              + " (default ${DEFAULT-VALUE}: replays of old datasets pass; live: a few days).")
  long maxEventAgeDays;

  @Option(
      names = "--max-event-lead-hours",
      defaultValue = "" + ReaderOptions.DEFAULT_MAX_EVENT_LEAD_HOURS,
      description =
          "Reject events more than this many hours after their message was produced"
              + " (default ${DEFAULT-VALUE}).")
  long maxEventLeadHours;

  @Option(
      names = "--sink-outage-minutes",
      defaultValue = "" + StreamConfig.DEFAULT_SINK_OUTAGE_MINUTES,
      description =
          "How long a batch retries unreachable sinks (DynamoDB, Kafka, S3) with backoff before"
              + " the query fails; 0: for ever (default ${DEFAULT-VALUE}).")
  int sinkOutageMinutes;

  /**
   * Sets these options on {@code b}; where things live is set by the caller (the Kinesis stream,
   * region and endpoint only when given, so that the local stack's stay otherwise).
   */
  public StreamConfig.Builder applyTo(StreamConfig.Builder b) {
    if (kinesis.stream() != null) {
      b.kinesisStream(kinesis.stream());
    }
    if (kinesis.region() != null) {
      b.kinesisRegion(kinesis.region());
    }
    if (kinesis.endpoint() != null) {
      b.kinesisEndpoint(kinesis.endpoint());
    }
    return b.source(source)
        .inputTopic(topic)
        .startingOffsets(startingOffsets)
        .kinesisStartingPosition(kinesisStartingPosition)
        .kinesisConsumerType(kinesisConsumerType)
        .kinesisConnector(kinesisConnector)
        .rulesFile(rules)
        .triggerSeconds(triggerSeconds)
        .decisionTriggerMillis(decisionTriggerMillis)
        .queries(queries)
        .maxEventsPerTrigger(maxEventsPerTrigger)
        .availableNow(availableNow)
        .stateIdleDays(stateIdleDays)
        .maxEventAgeDays(maxEventAgeDays)
        .maxEventLeadHours(maxEventLeadHours)
        .sinkOutageMinutes(sinkOutageMinutes);
  }
}

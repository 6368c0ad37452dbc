package io.cardstream.local.demo;

import io.cardstream.common.aws.KinesisTarget;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.local.http.HttpReplayer;
import io.cardstream.local.kafka.KinesisReader;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.kafka.TopicReader;
import io.cardstream.local.stack.AwsClients;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.StateLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's traffic, its input in three parts: most of it straight to Kafka or Kinesis (the bank's
 * feed), a slice through the HTTP collector (an API client), and the tail after a control-plane
 * change (a flag, new rules) that the running stream must pick up between micro-batches.
 */
record TrafficStep(
    Endpoints e, StateLayout layout, boolean onKinesis, PanTokenizer tokenizer, PrintStream out) {

  /** Where this run's events start, taken before anything is sent (a reused stack holds more). */
  record Start(Map<Integer, Long> transactions, String decisions, Instant since) {}

  /** What the first two parts did. */
  record Produced(
      List<Path> parts,
      Start start,
      Replayer.Summary direct,
      HttpReplayer.Summary viaHttp,
      DemoTraffic.Posted byHand) {

    long accepted() {
      return viaHttp.accepted() + byHand.accepted();
    }

    long sent() {
      return direct.sent() + accepted();
    }

    long read() {
      return direct.read() + viaHttp.read();
    }

    /** Rejected before sending, by reason, on both routes. */
    Map<String, Long> rejectedAtSource() {
      Map<ReasonCode, Long> merged = new EnumMap<>(ReasonCode.class);
      direct.rejected().forEach((k, v) -> merged.merge(k, v, Long::sum));
      viaHttp.rejectedAtSource().forEach((k, v) -> merged.merge(k, v, Long::sum));
      Map<String, Long> byName = new java.util.LinkedHashMap<>();
      merged.forEach((k, v) -> byName.put(k.name(), v));
      return byName;
    }

    /** Refused by the collector, by reason. */
    Map<String, Long> collectorRejected() {
      Map<String, Long> rejected = new TreeMap<>(viaHttp.rejected());
      byHand.rejected().forEach((k, v) -> rejected.merge(k, v, Long::sum));
      return rejected;
    }
  }

  /** The traffic of a stack, with the card tokenizer of this environment. */
  static TrafficStep on(Endpoints e, StateLayout layout, boolean onKinesis, PrintStream out) {
    return new TrafficStep(e, layout, onKinesis, PanTokenizer.fromEnvironment(), out);
  }

  /** The first part straight into the stream, the second through the collector, and odd ones. */
  Produced produce(DemoInput in) throws IOException, InterruptedException {
    String bootstrap = e.kafkaBootstrap();
    KafkaAuth auth = e.kafkaAuth();
    Start start =
        new Start(
            KafkaClients.endOffsets(bootstrap, auth, Topics.TRANSACTIONS),
            KafkaClients.startingOffsets(
                Map.of(
                    Topics.ALERTS,
                    KafkaClients.endOffsets(bootstrap, auth, Topics.ALERTS),
                    Topics.APPROVED,
                    KafkaClients.endOffsets(bootstrap, auth, Topics.APPROVED))),
            // Kinesis has no offsets to start from: what arrived after this instant is this run's.
            Instant.now().minusMillis(500));
    List<Path> parts =
        DemoTraffic.split(in.file(), in.format(), layout.demoDir().resolve("parts"), 0.85, 0.10);
    Replayer.Summary direct = replay(parts.get(0), in);
    String key = Files.readString(layout.apiKeyFile("collector")).trim();
    HttpReplayer.Summary viaHttp =
        new HttpReplayer(out)
            .run(
                new HttpReplayer.Options(parts.get(1), in.format(), e.collectorUrl(), key, 500, 0));
    viaHttp.print(out);
    DemoTraffic.Posted byHand =
        DemoTraffic.postSamples(
            e.collectorUrl(), key, DemoTraffic.firstEventTime(parts.get(1), in.format()));
    out.printf(
        "  collector, by hand: a bank transfer and three bad records -> accepted %d, rejected %s%n",
        byHand.accepted(), byHand.rejected());
    return new Produced(parts, start, direct, viaHttp, byHand);
  }

  /** Reads back what the first two parts sent. */
  TopicReader.Summary consume(Produced p) {
    TopicReader.Summary consumed;
    if (onKinesis) {
      try (var k = AwsClients.kinesis(e)) {
        consumed = KinesisReader.readFrom(k, Topics.KINESIS_TRANSACTIONS, p.start().since());
      }
    } else {
      consumed =
          TopicReader.readFrom(
              e.kafkaBootstrap(), e.kafkaAuth(), Topics.TRANSACTIONS, p.start().transactions());
    }
    out.printf(
        "  consumed %,d messages: %,d valid, %,d distinct ids%n",
        consumed.messages(), consumed.valid(), consumed.distinctIds());
    return consumed;
  }

  /** The last part, straight into the stream as the first. */
  Replayer.Summary sendTail(Produced p, DemoInput in) throws IOException {
    return replay(p.parts().get(2), in);
  }

  private Replayer.Summary replay(Path part, DemoInput in) throws IOException {
    KinesisTarget kinesis = onKinesis ? e.kinesis() : null;
    Replayer.Summary s =
        new Replayer(tokenizer, out)
            .run(
                new Replayer.Options(
                    part,
                    in.format(),
                    e.kafkaBootstrap(),
                    Topics.TRANSACTIONS,
                    0,
                    0,
                    kinesis,
                    true,
                    e.kafkaAuth()));
    s.print(out);
    return s;
  }
}

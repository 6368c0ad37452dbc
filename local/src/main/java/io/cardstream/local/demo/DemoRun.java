package io.cardstream.local.demo;

import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.report.DemoSummary;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.kafka.TopicReader;
import io.cardstream.local.stack.AwsClients;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.StackInit;
import io.cardstream.local.stack.StackJobs;
import io.cardstream.local.stack.StateLayout;
import io.cardstream.local.stack.TestContacts;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import io.cardstream.streaming.loop.Contacts;
import io.cardstream.training.TrainConfig;
import io.cardstream.training.Trainer;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * One run of the demo on a running stack, as a sequence of steps, each returning a record of what
 * it did: input, produce, consume, train, stream, customer loop, nightly batch; then the summary.
 */
final class DemoRun {

  /** What the demo was asked for. */
  record Options(
      Path input,
      InputFormat format,
      int customers,
      int days,
      long seed,
      int maxIter,
      String source) {

    boolean onKinesis() {
      return source.equals("kinesis");
    }
  }

  /** The stream's two runs around a control-plane change, and what its sinks hold after. */
  record Streamed(SinkCounts sinks, String flaggedCard, Replayer.Summary tail) {}

  /** The judged summary, and the sinks' example look-ups the summary file leaves out. */
  record Result(DemoSummary summary, SinkCounts sinks) {}

  private final LocalStack stack;
  private final Endpoints e;
  private final StateLayout layout;
  private final Options o;
  private final boolean ownStack;
  private final Phases phases;
  private final PrintStream out;
  private final Lake lake;

  /**
   * @param ownStack the demo started the stack (a reused one may hold another run's cases)
   */
  DemoRun(LocalStack stack, Options o, boolean ownStack, Phases phases, PrintStream out) {
    this.stack = stack;
    this.e = stack.endpoints();
    this.layout = stack.layout();
    this.o = o;
    this.ownStack = ownStack;
    this.phases = phases;
    this.out = out;
    this.lake = layout.lake();
  }

  /** Runs every step; returns the summary, judged, with the time since {@code t0}. */
  Result run(long t0) throws Exception {
    phases.next("input", "== 2/11 input");
    DemoInput in =
        o.input() == null
            ? DemoInput.generate(
                layout.demoDir().resolve("transactions.csv"),
                o.customers(),
                o.days(),
                o.seed(),
                out)
            : DemoInput.given(o.input(), o.format(), out);
    phases.nextf(
        "produce",
        "== 3/11 produce into %s '%s' (directly and through the HTTP collector)%n",
        o.onKinesis() ? "the Kinesis stream" : "the Kafka topic",
        o.onKinesis() ? Topics.KINESIS_TRANSACTIONS : Topics.TRANSACTIONS);
    TrafficStep traffic = TrafficStep.on(e, layout, o.onKinesis(), out);
    TrafficStep.Produced produced = traffic.produce(in);
    phases.next("consume", "== 4/11 consume back");
    TopicReader.Summary consumed = traffic.consume(produced);
    phases.next("train", "== 5/11 train the fraud model");
    Trainer.Result model;
    Streamed streamed;
    CustomerLoopDemo.Result loop;
    NightlyDemo.Result nightly;
    SparkSession spark = SparkSession.builder().appName("cardstream-demo").getOrCreate();
    try {
      model = train(spark, in);
      phases.next(
          "stream", "== 6/11 score the stream (until caught up), change the rules, score again");
      streamed = stream(spark, traffic, produced, in);
      phases.next(
          "customer_loop",
          "== 7/11 customer loop: e-mail alerts, answer by link and by the review queue");
      loop = customerLoop(spark, in, traffic.tokenizer(), produced, streamed.flaggedCard());
      nightly = NightlyDemo.run(spark, lake, e, phases, out);
    } finally {
      spark.stop();
    }
    phases.end();
    DemoSummary summary =
        DemoReport.summary(
            in, o.source(), produced, consumed, model, streamed, loop, nightly, phases.seconds());
    return new Result(
        summary.judged(Math.round((System.nanoTime() - t0) / 1e8) / 10.0), streamed.sinks());
  }

  private Trainer.Result train(SparkSession spark, DemoInput in) throws Exception {
    TrainConfig config =
        TrainConfig.builder()
            .input(in.file().toString())
            .format(in.format().name().toLowerCase(Locale.ROOT))
            .registry(lake.modelRegistry())
            .maxIter(o.maxIter())
            .maxDepth(5)
            .seed(o.seed())
            .build();
    Trainer.Result model = new Trainer(spark, PanTokenizer.fromEnvironment(), out).run(config);
    // The demo's lake is local: the version directory is a file: URI or a path.
    Optional<Path> dir = StateLayout.onLocalDisk(model.versionDir());
    if (dir.isPresent()) {
      StateLayout.writeTrainingReport(dir.get());
    }
    return model;
  }

  /**
   * The stream's first run (everything produced so far); then, while it is between runs (as it is
   * between micro-batches), a flag on the busiest card of the last part, new rules and the last
   * part; the second run must decline that card and decide with the new rules, without a restart of
   * anything else.
   */
  private Streamed stream(
      SparkSession spark, TrafficStep traffic, TrafficStep.Produced p, DemoInput in)
      throws Exception {
    // The demo owns these: each run scores its own events into fresh tables.
    for (LakeTable t : LakeTable.values()) {
      LocalStack.deleteRecursively(Path.of(URI.create(lake.path(t))));
    }
    LocalStack.deleteRecursively(layout.checkpoint(StackJobs.SCORING));
    if (!ownStack) {
      // A stack that was running already may hold another run's cases and notified alerts.
      StackInit.resetTables(e, List.of(DynamoTables.FRAUD_AUDIT, DynamoTables.ALERT_NOTIFICATIONS));
    }
    StreamConfig sc =
        StackJobs.stream(stack.config(), e)
            .source(o.source())
            .triggerSeconds(1)
            .availableNow(true)
            .startingOffsets(
                KafkaClients.startingOffsets(Topics.TRANSACTIONS, p.start().transactions()))
            .kinesisStartingPosition(p.start().since().toString())
            .build();
    // The rules this demo starts from (a reused stack may hold another run's).
    ControlTopics control = new ControlTopics(e.kafkaBootstrap(), e.kafkaAuth());
    control.publishRules(RuleSet.defaultDocument(), "the seed rules");
    score(spark, sc, traffic.tokenizer(), p.sent());
    String flagged = DemoTraffic.busiestCard(p.parts().get(2), in.format(), traffic.tokenizer());
    control.publish(new FlagEvent(flagged, true, "demo: reported stolen", Instant.now(), "demo"));
    RuleSet newRules = control.publishRules(DemoTraffic.lowerAmountRules(), "demo rules");
    out.printf(
        "  flagged card %s…, published rules %s; sending the last part%n",
        flagged.substring(0, 12), newRules.version());
    Replayer.Summary tail = traffic.sendTail(p, in);
    score(spark, sc, traffic.tokenizer(), tail.sent());
    return new Streamed(SinkCounts.read(spark, lake, e), flagged, tail);
  }

  /** One run of the stream until it has caught up, its progress printed. */
  private void score(SparkSession spark, StreamConfig sc, PanTokenizer tokenizer, long expected)
      throws Exception {
    try (StreamProgress p = StreamProgress.start(spark, out, expected)) {
      ScoringStream.onServices(sc, tokenizer).run(spark);
    }
  }

  /** Contacts for the input's cards, the loop, and both flagged cards unflagged after it. */
  private CustomerLoopDemo.Result customerLoop(
      SparkSession spark,
      DemoInput in,
      PanTokenizer tokenizer,
      TrafficStep.Produced p,
      String flagged)
      throws Exception {
    List<Contacts.Contact> contacts = TestContacts.of(in.file(), in.format(), tokenizer, 0.9, 0.02);
    try (var ddb = AwsClients.dynamodb(e)) {
      new Contacts(ddb, "").put(contacts);
    }
    out.printf("  contacts: %,d test addresses loaded%n", contacts.size());
    CustomerLoopDemo.Result loop =
        new CustomerLoopDemo(stack, out).run(spark, lake, p.start().decisions());
    // Leave the stack as a next demo expects it: the cards unflagged.
    ControlTopics control = new ControlTopics(e.kafkaBootstrap(), e.kafkaAuth());
    for (String card : List.of(flagged, loop.notMeCard())) {
      control.publish(new FlagEvent(card, false, "demo: done", Instant.now(), "demo"));
    }
    return loop;
  }
}

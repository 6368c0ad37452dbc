package io.cardstream.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.lake.WarehouseTable;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.console.Reports;
import io.cardstream.generator.GeneratorConfig;
import io.cardstream.generator.TransactionGenerator;
import io.cardstream.local.http.HttpReplayer;
import io.cardstream.local.kafka.KinesisReader;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.kafka.TopicReader;
import io.cardstream.local.stack.AwsClients;
import io.cardstream.local.stack.ConsoleService;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.StackInit;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import io.cardstream.streaming.loop.Contacts;
import io.cardstream.training.TrainConfig;
import io.cardstream.training.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The end-to-end demo on the embedded stack: stack up, generate (or take --input), replay into
 * Kafka (or Kinesis: --source kinesis), read it back, train and register the model, score the
 * stream, run the nightly batch (analytics, quality gate, warehouse load, catalog), summary, stack
 * down.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the end-to-end demo locally: stack up, data, Kafka (or Kinesis) round trip, summary,"
            + " stack down.")
final class DemoCommand implements Callable<Integer> {

  @Mixin StackOptions stack;

  @Option(names = "--input", description = "Use this file instead of generated data.")
  Path input;

  @Option(
      names = "--format",
      defaultValue = "kaggle",
      description = "Format of --input: kaggle | paysim | json (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--customers",
      // Fewer cards over more days than a wide, short sample: a card's own history is what the
      // model judges by (docs/model.md, "Our generator against the real data").
      defaultValue = "100",
      description = "Generated cardholders (default ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--days",
      defaultValue = "180",
      description = "Generated days (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--keep-stack", description = "Leave the stack running at the end.")
  boolean keepStack;

  @Option(
      names = "--keep-running",
      description =
          "Leave the stack and the operator console running at the end, and print the console's"
              + " URL; `bin/cardstream stack down` stops them.")
  boolean keepRunning;

  @Option(
      names = "--source",
      defaultValue = "kafka",
      description =
          "kafka | kinesis: the stream the transactions go through (kinesis: the stack runs the"
              + " emulator, and the stream reads it with the project's source; default"
              + " ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--max-iter",
      defaultValue = "30",
      description = "Boosting rounds of the demo model (default ${DEFAULT-VALUE}).")
  int maxIter;

  /** A registry directory on the local disk (the demo's lake is local: a file: URI or a path). */
  private static Path localDir(String dir) {
    return dir.startsWith("file:") ? Path.of(java.net.URI.create(dir)) : Path.of(dir);
  }

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Phases phases = new Phases(System.out);
    if (!source.equals("kafka") && !source.equals("kinesis")) {
      throw new IllegalArgumentException("--source must be kafka or kinesis, got '" + source + "'");
    }
    boolean onKinesis = source.equals("kinesis");
    LocalStack localStack = new LocalStack(stack.config(false, onKinesis));
    Path stateDir = localStack.config().stateDir();
    phases.next("stack", "== 1/11 local stack");
    ConsoleService console = new ConsoleService(localStack, stack.consolePort);
    boolean started = localStack.up(System.out);
    try {
      Endpoints e = localStack.endpoints();
      StackInit.run(e, System.out);
      // The operator console from the start, so the run can be watched live.
      System.out.println("console: " + console.up(e, System.out) + "/");

      phases.next("input", "== 2/11 input");
      Path file = input;
      InputFormat fmt = InputFormat.fromName(format);
      Map<String, Object> generated = new LinkedHashMap<>();
      if (file == null) {
        file = stateDir.resolve("demo/transactions.csv");
        fmt = InputFormat.KAGGLE;
        GeneratorConfig g =
            new GeneratorConfig(
                customers,
                days,
                LocalDate.of(2019, 1, 1),
                seed,
                GeneratorConfig.DEFAULT_FRAUD_RATE);
        TransactionGenerator.Summary gs = GenerateCommand.generate(g, file);
        System.out.printf(
            "  generated %,d transactions (%,d fraud) for %,d customers over %d days -> %s%n",
            gs.rows(), gs.fraudRows(), gs.customers(), days, file);
        generated.put("rows", gs.rows());
        generated.put("fraud_rows", gs.fraudRows());
      } else {
        System.out.println("  using " + file + " (" + fmt.name().toLowerCase() + ")");
      }

      // The input in three parts: most of it straight to Kafka (the bank's feed), a slice through
      // the HTTP collector (an API client), and the tail after a control-plane change (a flag,
      // new rules) that the running stream must pick up between micro-batches.
      String input = onKinesis ? Topics.KINESIS_TRANSACTIONS : Topics.TRANSACTIONS;
      phases.nextf(
          "produce",
          "== 3/11 produce into %s '%s' (directly and through the HTTP collector)%n",
          onKinesis ? "the Kinesis stream" : "the Kafka topic",
          input);
      Map<Integer, Long> before = KafkaClients.endOffsets(e.kafkaBootstrap(), Topics.TRANSACTIONS);
      String decisionsBefore =
          KafkaClients.startingOffsets(
              Map.of(
                  Topics.ALERTS,
                  KafkaClients.endOffsets(e.kafkaBootstrap(), Topics.ALERTS),
                  Topics.APPROVED,
                  KafkaClients.endOffsets(e.kafkaBootstrap(), Topics.APPROVED)));
      // Kinesis has no offsets to start from: what arrived after this instant is this run's.
      java.time.Instant since = java.time.Instant.now().minusMillis(500);
      Replayer.KinesisTarget kinesis =
          onKinesis
              ? new Replayer.KinesisTarget(
                  e.kinesisEndpoint(), Endpoints.REGION, Topics.KINESIS_TRANSACTIONS)
              : null;
      List<Path> parts = DemoTraffic.split(file, fmt, stateDir.resolve("demo/parts"), 0.85, 0.10);
      PanTokenizer tokenizer = PanTokenizer.fromEnvironment();
      Replayer.Summary produced =
          new Replayer(tokenizer, System.out)
              .run(
                  new Replayer.Options(
                          parts.get(0), fmt, e.kafkaBootstrap(), Topics.TRANSACTIONS, 0, 0, kinesis)
                      .withLabels());
      ProduceCommand.print(produced);
      String collectorKey = Files.readString(localStack.apiKeyFile("collector")).trim();
      HttpReplayer.Summary viaHttp =
          new HttpReplayer(System.out)
              .run(
                  new HttpReplayer.Options(
                      parts.get(1), fmt, e.collectorUrl(), collectorKey, 500, 0));
      ProduceCommand.print(viaHttp);
      DemoTraffic.Posted odd =
          DemoTraffic.postSamples(
              e.collectorUrl(), collectorKey, DemoTraffic.firstEventTime(parts.get(1), fmt));
      System.out.printf(
          "  collector, by hand: a bank transfer and three bad records -> accepted %d, rejected %s%n",
          odd.accepted(), odd.rejected());
      long accepted = viaHttp.accepted() + odd.accepted();
      long read = produced.read() + viaHttp.read();
      Map<ReasonCode, Long> rejectedAtSource = new java.util.EnumMap<>(ReasonCode.class);
      produced.rejected().forEach((k, v) -> rejectedAtSource.merge(k, v, Long::sum));
      viaHttp.rejectedAtSource().forEach((k, v) -> rejectedAtSource.merge(k, v, Long::sum));
      Map<String, Long> collectorRejected = new java.util.TreeMap<>(viaHttp.rejected());
      odd.rejected().forEach((k, v) -> collectorRejected.merge(k, v, Long::sum));

      phases.next("consume", "== 4/11 consume back");
      TopicReader.Summary consumed;
      if (onKinesis) {
        try (var k = AwsClients.kinesis(e)) {
          consumed = KinesisReader.readFrom(k, Topics.KINESIS_TRANSACTIONS, since);
        }
      } else {
        consumed = TopicReader.readFrom(e.kafkaBootstrap(), Topics.TRANSACTIONS, before);
      }
      long sent = produced.sent() + accepted;
      System.out.printf(
          "  consumed %,d messages: %,d valid, %,d distinct ids%n",
          consumed.messages(), consumed.valid(), consumed.distinctIds());

      phases.next("train", "== 5/11 train the fraud model");
      Lake lake = new Lake(StreamCommand.lake(localStack.config()).toUri().toString());
      TrainConfig trainConfig =
          new TrainConfig(
              List.of(file.toString()),
              fmt.name().toLowerCase(Locale.ROOT),
              List.of(),
              null,
              lake.modelRegistry(),
              TrainConfig.Promote.AUTO,
              maxIter,
              5,
              seed,
              null,
              null,
              TrainConfig.DEFAULT_STEP_SIZE,
              null);
      Trainer.Result model;
      SinkCounts sinks;
      CustomerLoopDemo.Result loop;
      Map<String, Long> gold;
      Map<String, Long> warehouse;
      List<String> catalog;
      SparkSession spark = SparkSession.builder().appName("cardstream-demo").getOrCreate();
      try {
        model = new Trainer(spark, PanTokenizer.fromEnvironment(), System.out).run(trainConfig);
        Path modelDir = localDir(model.versionDir());
        Reports.writeTrainingReport(modelDir, modelDir.resolve("report/report.html"));

        phases.next(
            "stream", "== 6/11 score the stream (until caught up), change the rules, score again");
        // The demo owns these: each run scores its own events into fresh tables.
        for (LakeTable t : LakeTable.values()) {
          LocalStack.deleteRecursively(Path.of(java.net.URI.create(lake.path(t))));
        }
        LocalStack.deleteRecursively(stateDir.resolve("checkpoints/scoring"));
        if (!started) {
          // A stack that was running already may hold another run's cases and notified alerts.
          StackInit.resetTables(
              e, List.of(DynamoTables.FRAUD_AUDIT, DynamoTables.ALERT_NOTIFICATIONS));
        }
        StreamConfig sc =
            StreamCommand.config(localStack.config(), e)
                .source(source)
                .triggerSeconds(1)
                .availableNow(true)
                .startingOffsets(KafkaClients.startingOffsets(Topics.TRANSACTIONS, before))
                .kinesisStartingPosition(since.toString())
                .build();
        // The rules this demo starts from (a reused stack may hold another run's), then the
        // first run of the stream: everything produced so far.
        ControlTopics control = new ControlTopics(e.kafkaBootstrap());
        control.publishRules(RuleSet.defaultDocument(), "the seed rules");
        try (StreamProgress p = StreamProgress.start(spark, System.out, sent)) {
          ScoringStream.onServices(sc, tokenizer).run(spark);
        }

        // While the stream is between runs (as it is between micro-batches): flag the busiest
        // card of the last part, publish new rules, send the last part; the next run must decline
        // that card and decide with the new rules, without a restart of anything else.
        String flagged = DemoTraffic.busiestCard(parts.get(2), fmt, tokenizer);
        control.publish(
            new FlagEvent(flagged, true, "demo: reported stolen", java.time.Instant.now(), "demo"));
        RuleSet newRules = control.publishRules(DemoTraffic.lowerAmountRules(), "demo rules");
        System.out.printf(
            "  flagged card %s…, published rules %s; sending the last part%n",
            flagged.substring(0, 12), newRules.version());
        Replayer.Summary tail =
            new Replayer(tokenizer, System.out)
                .run(
                    new Replayer.Options(
                            parts.get(2),
                            fmt,
                            e.kafkaBootstrap(),
                            Topics.TRANSACTIONS,
                            0,
                            0,
                            kinesis)
                        .withLabels());
        ProduceCommand.print(tail);
        sent += tail.sent();
        read += tail.read();
        tail.rejected().forEach((k, v) -> rejectedAtSource.merge(k, v, Long::sum));
        try (StreamProgress p = StreamProgress.start(spark, System.out, tail.sent())) {
          ScoringStream.onServices(sc, tokenizer).run(spark);
        }
        sinks = SinkCounts.read(spark, lake, e);

        phases.next(
            "customer_loop",
            "== 7/11 customer loop: e-mail alerts, answer by link and by the review queue");
        List<Contacts.Contact> contacts =
            ContactsCommand.testContacts(file, fmt, tokenizer, 0.9, 0.02);
        try (var ddb = AwsClients.dynamodb(e)) {
          new Contacts(ddb, "").put(contacts);
        }
        System.out.printf("  contacts: %,d test addresses loaded%n", contacts.size());
        loop = new CustomerLoopDemo(localStack, System.out).run(spark, lake, decisionsBefore);
        // Leave the stack as a next demo expects it: the cards unflagged.
        for (String card : List.of(flagged, loop.notMeCard())) {
          control.publish(
              new FlagEvent(card, false, "demo: done", java.time.Instant.now(), "demo"));
        }

        phases.next("analytics", "== 8/11 nightly analytics: gold tables and the quality gate");
        List<LocalDate> silverDates = NightlyDemo.silverDates(spark, lake);
        gold = NightlyDemo.analytics(spark, lake, silverDates, System.out);

        phases.next("warehouse", "== 9/11 warehouse load (manifest COPY into PostgreSQL)");
        warehouse = NightlyDemo.warehouse(spark, lake, silverDates, e, System.out);

        phases.next("catalog", "== 10/11 register the tables in the catalog");
        catalog = NightlyDemo.catalog(spark, lake, System.out);
      } finally {
        spark.stop();
      }

      boolean ok =
          !warehouse.isEmpty()
              && warehouse.values().stream().allMatch(n -> n > 0)
              && produced.sent() + accepted == consumed.messages()
              && consumed.valid() == consumed.messages()
              && sinks.silver() == sent
              && sinks.bronze() == sent
              && sinks.flaggedDeclined() > 0
              && sinks.rulesVersions().size() == 2
              && loop.ok()
              && loop.notifications().getOrDefault("sent", 0L) > 0
              // Every date silver holds was loaded: the warehouse's facts are silver's rows.
              && warehouse.get(WarehouseTable.FACT_TRANSACTIONS.tableName()) == sinks.silver();
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("input", file.toString());
      summary.put("source", source);
      summary.put("generated", generated);
      summary.put("read", read);
      summary.put("produced", sent);
      summary.put(
          "collector",
          Map.of(
              "accepted",
              accepted,
              "rejected",
              collectorRejected.values().stream().mapToLong(Long::longValue).sum(),
              "rejected_reasons",
              collectorRejected));
      summary.put("rejected_at_source", rejectedAtSource);
      summary.put("consumed", consumed.messages());
      summary.put("consumed_valid", consumed.valid());
      summary.put("distinct_ids", consumed.distinctIds());
      summary.put("bronze", sinks.bronze());
      summary.put("silver", sinks.silver());
      summary.put("quarantine", sinks.quarantine());
      summary.put("quarantine_reasons", sinks.quarantineReasons());
      summary.put("dynamodb_transactions", sinks.dynamodbTransactions());
      summary.put("fraud_audit", sinks.fraudAudit());
      summary.put("decisions", sinks.decisions());
      summary.put("stream_model_versions", sinks.modelVersions());
      summary.put("flagged_declined", sinks.flaggedDeclined());
      summary.put("rules_versions", sinks.rulesVersions());
      summary.put(
          "notifications",
          Map.of(
              "sent",
              loop.notifications().getOrDefault("sent", 0L),
              "failed",
              loop.notifications().getOrDefault("failed", 0L),
              "no_contact",
              loop.notifications().getOrDefault("no_contact", 0L)));
      summary.put("feedback_labels", loop.labels().size());
      summary.put("cases_resolved", loop.answers().size());
      summary.put("customer_loop", loop.summary());
      summary.put("model_version", model.version());
      summary.put("model_promoted", model.promoted());
      summary.put("model", model.metrics().get("model"));
      summary.put("baselines", model.metrics().get("baselines"));
      summary.put("model_dir", model.versionDir());
      summary.put("gold", gold);
      summary.put("warehouse", warehouse);
      summary.put("catalog", catalog);
      phases.end();
      summary.put("phase_seconds", phases.seconds());
      summary.put("ok", ok);
      summary.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
      Path json = stateDir.resolve("demo-summary.json");
      Files.createDirectories(stateDir);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), summary);
      Path html = stateDir.resolve("demo-summary.html");
      Reports.writeDemoSummary(json, html);

      System.out.println("== 11/11 summary");
      System.out.printf("  input           %s%n", file);
      System.out.printf("  read            %,d records%n", read);
      System.out.printf(
          "  rejected        %,d (never sent)%n",
          rejectedAtSource.values().stream().mapToLong(Long::longValue).sum());
      System.out.printf(
          "  produced        %,d (%s %,d, HTTP collector %,d accepted / %,d rejected %s)%n",
          sent,
          onKinesis ? "Kinesis" : "Kafka",
          sent - accepted,
          accepted,
          collectorRejected.values().stream().mapToLong(Long::longValue).sum(),
          collectorRejected);
      System.out.printf("  consumed        %,d (first two parts)%n", consumed.messages());
      System.out.printf("  all checks      %s%n", ok ? "passed" : "FAILED");
      System.out.printf(
          "  model           %s (promoted: %s): PR-AUC %.3f, ROC-AUC %.3f; best seed rule PR-AUC %.3f%n",
          model.version(),
          model.promoted(),
          model.metrics().at("/model/pr_auc").asDouble(),
          model.metrics().at("/model/roc_auc").asDouble(),
          Math.max(
              model.metrics().at("/baselines/amount_over_1000/pr_auc").asDouble(),
              model.metrics().at("/baselines/above_card_average/pr_auc").asDouble()));
      System.out.printf(
          "  model report    %s/report/report.md (and report.html)%n", model.versionDir());
      System.out.printf(
          "  stream          bronze %,d, silver %,d, quarantine %,d %s%n",
          sinks.bronze(), sinks.silver(), sinks.quarantine(), sinks.quarantineReasons());
      System.out.printf(
          "  decisions       %s (model %s)%n", sinks.decisions(), sinks.modelVersions());
      System.out.printf(
          "  control plane   flagged card declined %,d times; rules seen in silver %s%n",
          sinks.flaggedDeclined(), sinks.rulesVersions());
      System.out.printf(
          "  customer loop   e-mails %s; answers %s; labels %,d%n",
          loop.notifications(), loop.answers(), loop.labels().size());
      System.out.printf(
          "  dynamodb        transactions %,d, fraud_audit %,d%n",
          sinks.dynamodbTransactions(), sinks.fraudAudit());
      System.out.println("  a card's latest transactions (DynamoDB query on card_id):");
      sinks.cardLookup().forEach(l -> System.out.println("    " + l));
      System.out.println("  the same merchant's latest transactions (GSI by_merchant):");
      sinks.merchantLookup().forEach(l -> System.out.println("    " + l));
      System.out.printf("  gold            %s%n", gold);
      System.out.printf("  warehouse       %s%n", warehouse);
      NightlyDemo.preview(e, System.out);
      System.out.printf("  phases (s)      %s%n", phases.seconds());
      System.out.printf("  summary JSON    %s%n", json);
      System.out.printf("  summary HTML    %s%n", html);
      return ok ? 0 : 1;
    } finally {
      if (started && !keepStack && !keepRunning) {
        System.out.println("== stopping the local stack");
        console.down(System.out);
        localStack.down(System.out);
      } else {
        if (!started) {
          System.out.println("(the stack was already running before the demo; it is left running)");
        }
        console.url().ifPresent(u -> System.out.println("console: " + u + "/"));
        System.out.println(
            "The stack and the console keep running; stop them with `bin/cardstream stack down`.");
      }
    }
  }
}

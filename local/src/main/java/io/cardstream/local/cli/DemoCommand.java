package io.cardstream.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.lake.WarehouseTable;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.generator.GeneratorConfig;
import io.cardstream.generator.TransactionGenerator;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.kafka.TopicReader;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.LocalStack;
import io.cardstream.local.stack.StackInit;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
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
 * Kafka, read it back, train and register the model, score the stream, run the nightly batch
 * (analytics, quality gate, warehouse load, catalog), summary, stack down.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the end-to-end demo locally: stack up, data, Kafka round trip, summary, stack down.")
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
      defaultValue = "300",
      description = "Generated cardholders (default ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--days",
      defaultValue = "60",
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
      names = "--max-iter",
      defaultValue = "30",
      description = "Boosting rounds of the demo model (default ${DEFAULT-VALUE}).")
  int maxIter;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    LocalStack localStack = new LocalStack(stack.config(false));
    Path stateDir = localStack.config().stateDir();
    System.out.println("== 1/10 local stack");
    boolean started = localStack.up(System.out);
    try {
      Endpoints e = localStack.endpoints();
      StackInit.run(e, System.out);

      System.out.println("== 2/10 input");
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

      System.out.println("== 3/10 produce into '" + Topics.TRANSACTIONS + "'");
      Map<Integer, Long> before = KafkaClients.endOffsets(e.kafkaBootstrap(), Topics.TRANSACTIONS);
      Replayer.Summary produced =
          new Replayer(PanTokenizer.fromEnvironment(), System.out)
              .run(new Replayer.Options(file, fmt, e.kafkaBootstrap(), Topics.TRANSACTIONS, 0, 0));
      ProduceCommand.print(produced);

      System.out.println("== 4/10 consume back");
      TopicReader.Summary consumed =
          TopicReader.readFrom(e.kafkaBootstrap(), Topics.TRANSACTIONS, before);
      System.out.printf(
          "  consumed %,d messages: %,d valid, %,d distinct ids%n",
          consumed.messages(), consumed.valid(), consumed.distinctIds());

      System.out.println("== 5/10 train the fraud model");
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
              null);
      Trainer.Result model;
      SinkCounts sinks;
      Map<String, Long> gold;
      Map<String, Long> warehouse;
      List<String> catalog;
      SparkSession spark = SparkSession.builder().appName("cardstream-demo").getOrCreate();
      try {
        model = new Trainer(spark, PanTokenizer.fromEnvironment(), System.out).run(trainConfig);

        System.out.println("== 6/10 score the stream (until caught up)");
        // The demo owns these: each run scores its own events into fresh tables.
        for (LakeTable t : LakeTable.values()) {
          LocalStack.deleteRecursively(Path.of(java.net.URI.create(lake.path(t))));
        }
        LocalStack.deleteRecursively(stateDir.resolve("checkpoints/scoring"));
        StreamConfig sc =
            StreamCommand.config(localStack.config(), e)
                .triggerSeconds(1)
                .availableNow(true)
                .startingOffsets(KafkaClients.startingOffsets(Topics.TRANSACTIONS, before))
                .build();
        ScoringStream.onServices(sc, PanTokenizer.fromEnvironment()).run(spark);
        sinks = SinkCounts.read(spark, lake, e);

        System.out.println("== 7/10 nightly analytics: gold tables and the quality gate");
        List<LocalDate> silverDates = NightlyDemo.silverDates(spark, lake);
        gold = NightlyDemo.analytics(spark, lake, silverDates, System.out);

        System.out.println("== 8/10 warehouse load (manifest COPY into PostgreSQL)");
        warehouse = NightlyDemo.warehouse(spark, lake, silverDates, e, System.out);

        System.out.println("== 9/10 register the tables in the catalog");
        catalog = NightlyDemo.catalog(spark, lake, System.out);
      } finally {
        spark.stop();
      }

      boolean ok =
          !warehouse.isEmpty()
              && warehouse.values().stream().allMatch(n -> n > 0)
              && produced.sent() == consumed.messages()
              && consumed.valid() == consumed.messages()
              && sinks.silver() == produced.sent()
              && sinks.bronze() == produced.sent()
              // Every date silver holds was loaded: the warehouse's facts are silver's rows.
              && warehouse.get(WarehouseTable.FACT_TRANSACTIONS.tableName()) == sinks.silver();
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("input", file.toString());
      summary.put("generated", generated);
      summary.put("read", produced.read());
      summary.put("produced", produced.sent());
      summary.put("rejected_at_source", produced.rejected());
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
      summary.put("model_version", model.version());
      summary.put("model_promoted", model.promoted());
      summary.put("model", model.metrics().get("model"));
      summary.put("baselines", model.metrics().get("baselines"));
      summary.put("model_dir", model.versionDir());
      summary.put("gold", gold);
      summary.put("warehouse", warehouse);
      summary.put("catalog", catalog);
      summary.put("ok", ok);
      summary.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
      Path json = stateDir.resolve("demo-summary.json");
      Files.createDirectories(stateDir);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), summary);

      System.out.println("== 10/10 summary");
      System.out.printf("  input           %s%n", file);
      System.out.printf("  read            %,d records%n", produced.read());
      System.out.printf("  rejected        %,d (never sent)%n", produced.rejectedTotal());
      System.out.printf("  produced        %,d%n", produced.sent());
      System.out.printf("  consumed        %,d%n", consumed.messages());
      System.out.printf("  produced = consumed: %s%n", ok ? "yes" : "NO");
      System.out.printf(
          "  model           %s (promoted: %s): PR-AUC %.3f, ROC-AUC %.3f; best seed rule PR-AUC %.3f%n",
          model.version(),
          model.promoted(),
          model.metrics().at("/model/pr_auc").asDouble(),
          model.metrics().at("/model/roc_auc").asDouble(),
          Math.max(
              model.metrics().at("/baselines/amount_over_1000/pr_auc").asDouble(),
              model.metrics().at("/baselines/above_card_average/pr_auc").asDouble()));
      System.out.printf("  model report    %s/report/report.md%n", model.versionDir());
      System.out.printf(
          "  stream          bronze %,d, silver %,d, quarantine %,d %s%n",
          sinks.bronze(), sinks.silver(), sinks.quarantine(), sinks.quarantineReasons());
      System.out.printf(
          "  decisions       %s (model %s)%n", sinks.decisions(), sinks.modelVersions());
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
      System.out.printf("  summary JSON    %s%n", json);
      return ok ? 0 : 1;
    } finally {
      if (started && !keepStack) {
        System.out.println("== stopping the local stack");
        localStack.down(System.out);
      } else if (!started) {
        System.out.println("(the stack was already running before the demo; it is left running)");
      }
    }
  }
}

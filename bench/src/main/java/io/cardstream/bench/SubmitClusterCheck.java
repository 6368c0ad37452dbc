package io.cardstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cardstream.common.cli.LocalSpark;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.Topics;
import io.cardstream.local.stack.AwsClients;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.local.stack.StackOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * bench/submit-cluster's two Java steps against its stack: {@code send-bad} puts malformed records
 * on the transactions topic (the quarantine then has something to hold), {@code check} counts every
 * sink of the stream against the ids the replay sent and exits 1 on any difference.
 */
@Command(
    name = "submit-cluster-check",
    subcommands = {SubmitClusterCheck.SendBad.class, SubmitClusterCheck.Check.class})
public final class SubmitClusterCheck {

  public static void main(String[] args) {
    // Kafka and Spark leave non-daemon threads behind; the step is done.
    System.exit(new CommandLine(new SubmitClusterCheck()).execute(args));
  }

  /** Records no parser accepts, each one distinct (so none is a redelivery of another). */
  @Command(name = "send-bad")
  static final class SendBad implements Callable<Integer> {
    @Mixin StackOptions stack;

    @Option(names = "--count", required = true)
    int count;

    @Option(names = "--tag", defaultValue = "bad")
    String tag;

    @Override
    public Integer call() throws Exception {
      try (KafkaProducer<String, String> p =
          KafkaClients.producer(stack.endpoints().kafkaBootstrap(), KafkaAuth.NONE, Map.of())) {
        for (int i = 0; i < count; i++) {
          p.send(
                  new ProducerRecord<>(
                      Topics.TRANSACTIONS, null, "{\"trans_num\": \"" + tag + "-" + i + "\", "))
              .get();
        }
      }
      return 0;
    }
  }

  /** Every sink against the replay: each valid id once, each malformed record quarantined once. */
  @Command(name = "check")
  static final class Check implements Callable<Integer> {
    @Mixin StackOptions stack;

    @Option(names = "--input", required = true, description = "The file the replay sent.")
    Path input;

    @Option(names = "--limit", required = true, description = "The replay's --limit.")
    long limit;

    @Option(names = "--bad", required = true, description = "Malformed records sent.")
    long bad;

    @Option(names = "--lake", required = true)
    String lake;

    @Option(names = "--out", required = true, description = "The counts, as JSON.")
    Path out;

    @Override
    public Integer call() throws Exception {
      Set<String> ids = new HashSet<>();
      TransactionFiles.read(
          input,
          InputFormat.KAGGLE,
          ReaderOptions.defaults(),
          limit,
          r -> {
            if (r instanceof ParseResult.Valid v) {
              ids.add(v.transaction().transNum());
            }
          });
      Endpoints e = stack.endpoints();
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("produced_valid", (long) ids.size());
      counts.put("produced_malformed", bad);
      List<String> decisions =
          SinkCounts.keys(e.kafkaBootstrap(), List.of(Topics.APPROVED, Topics.DECLINED));
      counts.put("decisions", (long) decisions.size());
      counts.put("decisions_distinct", (long) new HashSet<>(decisions).size());
      counts.put("decision_ids_not_produced", notIn(decisions, ids));
      counts.put("dlq", (long) SinkCounts.keys(e.kafkaBootstrap(), List.of(Topics.DLQ)).size());
      SparkSession spark = LocalSpark.builder("submit-cluster-check").getOrCreate();
      try {
        Lake l = new Lake(lake);
        SinkCounts.LakeRows rows = SinkCounts.lake(spark, l);
        counts.put("silver", rows.silver());
        counts.put("silver_distinct", rows.silverDistinct());
        counts.put("silver_ids_not_produced", notIn(SinkCounts.silverIds(spark, l), ids));
        counts.put("bronze", rows.bronze());
        counts.put("quarantine", rows.quarantine());
        // Which model scored: a version, not "none", shows the executors scored with the champion.
        Map<String, Long> versions = new TreeMap<>();
        spark
            .read()
            .format("delta")
            .load(l.path(LakeTable.SILVER))
            .groupBy("model_version")
            .count()
            .collectAsList()
            .forEach(r -> versions.put(String.valueOf(r.get(0)), r.getLong(1)));
        counts.put("silver_model_versions", versions);
      } finally {
        spark.stop();
      }
      try (var ddb = AwsClients.dynamodb(e)) {
        counts.put("dynamodb_transactions", SinkCounts.dynamodbTransactions(ddb));
      }
      List<String> wrong = mismatches(counts, ids.size(), bad);
      counts.put("mismatches", wrong);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(out.toFile(), counts);
      counts.forEach((k, v) -> System.out.printf("  %-26s %s%n", k, v));
      return wrong.isEmpty() ? 0 : 1;
    }

    private static long notIn(List<String> found, Set<String> ids) {
      return found.stream().filter(id -> !ids.contains(id)).count();
    }

    /** The counts that differ from what exactly once demands, as "name: got, want". */
    static List<String> mismatches(Map<String, Object> counts, long valid, long bad) {
      Map<String, Long> want = new LinkedHashMap<>();
      for (String k :
          List.of(
              "decisions",
              "decisions_distinct",
              "silver",
              "silver_distinct",
              "bronze",
              "dynamodb_transactions")) {
        want.put(k, valid);
      }
      want.put("decision_ids_not_produced", 0L);
      want.put("silver_ids_not_produced", 0L);
      want.put("quarantine", bad);
      want.put("dlq", bad);
      List<String> wrong = new ArrayList<>();
      want.forEach(
          (k, v) -> {
            if (!v.equals(counts.get(k))) {
              wrong.add(k + ": " + counts.get(k) + ", want " + v);
            }
          });
      return wrong;
    }
  }
}

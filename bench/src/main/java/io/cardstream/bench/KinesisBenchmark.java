package io.cardstream.bench;

import io.cardstream.common.input.InputFormat;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.generator.TransactionGenerator;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;

/**
 * The scoring stream on Kinesis (the emulator, the project's source) against the same stream on
 * Kafka, same events, same sinks, same run: each source scores the whole input from a fresh
 * checkpoint, alternately, {@code --rounds} times; the ratio of the medians is the figure.
 */
public final class KinesisBenchmark {

  private KinesisBenchmark() {}

  public static void main(String[] args) throws Exception {
    int customers = BenchArgs.intArg(args, "--customers", 300);
    int days = BenchArgs.intArg(args, "--days", 30);
    int rounds = BenchArgs.intArg(args, "--rounds", 2);
    PrintStream quiet = BenchStack.QUIET;
    BenchStack bench = BenchStack.up("kinesis", 25000, true, false);
    Path dir = bench.dir();
    BenchReport report = new BenchReport("kinesis");
    SparkSession spark = null;
    try {
      Endpoints e = bench.endpoints();
      Path csv = bench.events();
      TransactionGenerator.Summary gen = bench.generate(customers, days, 7L);
      spark = BenchSpark.session("kinesis-benchmark");
      String registry = new Lake(dir.resolve("lake").toUri().toString()).modelRegistry();
      PanTokenizer tokenizer = PanTokenizer.fromEnvironment(Map.of());
      BenchSpark.trainChampion(spark, csv, registry, tokenizer, quiet);

      // The same events on both: the topic and the stream, each keyed by card token.
      long t0 = System.nanoTime();
      long kafkaSent = new Replayer(tokenizer, quiet).run(BenchStack.kafkaReplay(csv, e, 0)).sent();
      double kafkaProduce = kafkaSent / ((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      long kinesisSent =
          new Replayer(tokenizer, quiet)
              .run(
                  new Replayer.Options(
                      csv, InputFormat.KAGGLE, null, null, 0, 0, e.kinesis(), false, null))
              .sent();
      double kinesisProduce = kinesisSent / ((System.nanoTime() - t0) / 1e9);
      if (kafkaSent != kinesisSent) {
        throw new IllegalStateException(
            "the two inputs differ: Kafka " + kafkaSent + ", Kinesis " + kinesisSent);
      }

      Map<Long, long[]> batches = new ConcurrentHashMap<>();
      spark.streams().addListener(new BenchSpark.BatchTimes(batches));
      List<Double> kafka = new ArrayList<>();
      List<Double> kinesis = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        for (String source : List.of("kafka", "kinesis")) {
          batches.clear();
          StreamConfig c = config(dir, e, registry, source, r);
          ScoringStream.onServices(c, tokenizer).run(spark);
          long first = batches.values().stream().mapToLong(b -> b[0]).min().orElseThrow();
          long last = batches.values().stream().mapToLong(b -> b[1]).max().orElseThrow();
          double rate = kafkaSent / ((last - first) / 1e3);
          (source.equals("kafka") ? kafka : kinesis).add(rate);
          System.out.printf("  round %d %-8s %,.0f events/s%n", r + 1, source, rate);
        }
      }
      double kafkaRate = median(kafka);
      double kinesisRate = median(kinesis);
      System.out.println();
      System.out.println("== stream on Kinesis vs on Kafka (2 cores, local[2], all sinks)");
      System.out.printf(
          "  events            %,d (%,d fraud), %d rounds each%n",
          gen.rows(), gen.fraudRows(), rounds);
      System.out.printf(
          "  produce           Kafka %,.0f events/s, Kinesis (PutRecords) %,.0f events/s%n",
          kafkaProduce, kinesisProduce);
      System.out.printf("  stream on Kafka   %,.0f events/s (median)%n", kafkaRate);
      System.out.printf("  stream on Kinesis %,.0f events/s (median)%n", kinesisRate);
      System.out.printf("  ratio Kinesis/Kafka: %.2f%n", kinesisRate / kafkaRate);
      report
          .put("events", kafkaSent)
          .put("rounds", rounds)
          .put("produce_kafka_events_per_s", Math.round(kafkaProduce))
          .put("produce_kinesis_events_per_s", Math.round(kinesisProduce))
          .put("stream_kafka_events_per_s", kafka)
          .put("stream_kinesis_events_per_s", kinesis)
          .put("kinesis_vs_kafka", kinesisRate / kafkaRate);
      System.out.println("  figures           " + report.write());
    } finally {
      if (spark != null) {
        spark.stop();
      }
      bench.down(false);
    }
    System.exit(0);
  }

  /** A fresh lake and checkpoint per run: each run scores the whole input. */
  private static StreamConfig config(
      Path dir, Endpoints e, String registry, String source, int round) {
    String name = source + "-" + round;
    return StreamConfig.builder()
        .source(source)
        .kinesisStream(Topics.KINESIS_TRANSACTIONS)
        .kinesisEndpoint(e.kinesisEndpoint())
        .kinesisRegion(Endpoints.REGION)
        .kafkaBootstrap(e.kafkaBootstrap())
        .dynamodb(e.dynamodb())
        .lakeRoot(dir.resolve("lake-" + name).toUri().toString())
        .checkpoint(dir.resolve("checkpoint-" + name).toUri().toString())
        .registry(registry)
        .triggerSeconds(1)
        .maxEventsPerTrigger(20_000)
        .availableNow(true)
        .build();
  }

  private static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}

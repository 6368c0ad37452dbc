package io.cardstream.bench;

import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.generator.TransactionGenerator;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.stack.AwsClients;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The streaming benchmark's sustained pass: the stream over the whole topic in 20k-event batches,
 * and in the same run the baselines it is judged against.
 */
final class SustainedPass {

  private SustainedPass() {}

  /**
   * The sustained pass: the stream over the whole topic and, in the same run, its baselines (the
   * plain-Java loop, one PutItem per event, the DynamoDB writer alone, no-op sinks, Spark's floor).
   */
  static Throughput run(
      SparkSession spark,
      Path dir,
      Endpoints e,
      String registry,
      PanTokenizer tokenizer,
      Path csv,
      List<String> messages,
      PipelineModel pipeline,
      String version,
      Map<Long, long[]> batches)
      throws Exception {
    // Baseline 1: the plain-Java loop (one thread = one core).
    long j0 = System.nanoTime();
    long decided = StreamBaselines.plainJava(messages, pipeline, tokenizer, version, null);
    double javaRate = decided / ((System.nanoTime() - j0) / 1e9);

    // Baseline 2: one PutItem per event (a slice: it is slow).
    List<String> slice = messages.subList(0, Math.min(3000, messages.size()));
    double perRecordRate;
    try (DynamoDbClient ddb = AwsClients.dynamodb(e)) {
      long p0 = System.nanoTime();
      StreamBaselines.plainJava(slice, pipeline, tokenizer, version, ddb);
      perRecordRate = slice.size() / ((System.nanoTime() - p0) / 1e9);
    }

    // The sink's ceiling on this machine: the same kind of items written with the stream's
    // BatchWriteItem writer (16 calls in flight, no Spark). No pipeline that writes every event
    // to DynamoDB Local can go faster than this here.
    List<String> ceilingSlice = messages.subList(0, Math.min(20_000, messages.size()));
    double ceilingRate = StreamBaselines.dynamoDbCeiling(ceilingSlice, tokenizer, e);

    // The stream, sustained: everything is on the topic first, then scored in 20k batches.
    new Replayer(tokenizer, BenchStack.QUIET).run(BenchStack.kafkaReplay(csv, e, 0));
    StreamConfig sustained =
        StreamingBenchmark.config(dir, e, registry, 1, 20_000, "sustained", true, "earliest");
    ScoringStream.onServices(sustained, tokenizer).run(spark);
    double streamRate = BenchSpark.rate(batches, messages.size());

    // Compute: the same stream with every sink a no-op. The stream still caches and counts each
    // batch's bronze, silver and quarantine before its sinks run, so source, parse, validate,
    // tokenize, state, features, model and rules all run; nothing is written.
    batches.clear();
    StreamConfig compute =
        StreamingBenchmark.config(dir, e, registry, 1, 20_000, "compute", true, "earliest");
    new ScoringStream(
            compute,
            ScoringStream.source(compute.source()),
            ScoringStream.controls(compute),
            batch -> List.of(),
            tokenizer)
        .run(spark);
    double computeRate = BenchSpark.rate(batches, messages.size());

    // The Spark floor: the least a Spark job can do with the same topic, in the same batches:
    // read, parse the JSON, append to one Delta table.
    batches.clear();
    StreamBaselines.sparkFloor(spark, dir, e.kafkaBootstrap());
    double floorRate = BenchSpark.rate(batches, messages.size());

    return new Throughput(
        javaRate,
        perRecordRate,
        slice.size(),
        ceilingRate,
        ceilingSlice.size(),
        streamRate,
        computeRate,
        floorRate);
  }

  /** The sustained pass's rates and its baselines', as printed and reported. */
  record Throughput(
      double javaRate,
      double perRecordRate,
      int perRecordEvents,
      double ceilingRate,
      int ceilingItems,
      double streamRate,
      double computeRate,
      double floorRate) {

    void print(TransactionGenerator.Summary gen, String version) {
      System.out.println();
      System.out.println(
          "== streaming benchmark (2 cores; stream on local[2], baselines on 1 thread)");
      System.out.printf(
          "  events                 %,d generated (%,d fraud), model %s%n",
          gen.rows(), gen.fraudRows(), version);
      System.out.printf("  plain-Java loop        %,.0f events/s (1 core)%n", javaRate);
      System.out.printf(
          "  per-record PutItem     %,.0f events/s (1 core, %,d events)%n",
          perRecordRate, perRecordEvents);
      System.out.printf(
          "  DynamoDB Local ceiling %,.0f items/s (BatchWriteItem, 16 in flight, no Spark, %,d"
              + " items)%n",
          ceilingRate, ceilingItems);
      System.out.printf(
          "  stream, all sinks      %,.0f events/s = %,.0f per core%n", streamRate, streamRate / 2);
      System.out.printf(
          "  ratio stream/plain-Java per core: %.2f (target >= 0.50)%n", streamRate / 2 / javaRate);
      System.out.printf(
          "  ratio stream/per-record:          %.1fx (target >= 20x)%n",
          streamRate / perRecordRate);
      System.out.printf(
          "  ratio stream/DynamoDB Local ceiling: %.2f (target >= 0.80)%n",
          streamRate / ceilingRate);
      System.out.printf(
          "  stream, no-op sinks    %,.0f events/s = %,.0f per core; compute/plain-Java per core:"
              + " %.2f (target >= 0.50)%n",
          computeRate, computeRate / 2, computeRate / 2 / javaRate);
      System.out.printf(
          "  Spark floor            %,.0f events/s (Kafka, JSON, one Delta append); stream/floor:"
              + " %.2f (target >= 0.50)%n",
          floorRate, streamRate / floorRate);
      System.out.flush();
    }

    BenchReport into(BenchReport report) {
      return report
          .put("plain_java_events_per_s_per_core", javaRate)
          .put("stream_events_per_s", streamRate)
          .put("stream_vs_loop_per_core", streamRate / 2 / javaRate)
          .put("stream_no_op_sinks_events_per_s", computeRate)
          .put("compute_vs_loop", computeRate / 2 / javaRate)
          .put("spark_floor_events_per_s", floorRate)
          .put("stream_vs_spark_floor", streamRate / floorRate)
          .put("per_record_putitem_events_per_s", perRecordRate)
          .put("ddb_ceiling_items_per_s", ceilingRate)
          .put("sinks_vs_ddb_ceiling", streamRate / ceilingRate);
    }
  }
}

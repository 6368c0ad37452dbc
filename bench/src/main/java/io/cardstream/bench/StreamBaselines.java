package io.cardstream.bench;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.TokenizedTransaction;
import io.cardstream.common.contract.TransactionSchema;
import io.cardstream.common.decision.DecisionEngine;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.features.CardFeatureState;
import io.cardstream.common.input.JsonEventParser;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.local.stack.Endpoints;
import io.cardstream.streaming.sink.DynamoDbBatchWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The streaming benchmark's baselines, measured on the same events in the same run: the plain-Java
 * loop (the upper bound per core), the per-record writer (the lower bound) and the Spark floor.
 */
final class StreamBaselines {

  private StreamBaselines() {}

  /**
   * Parse, tokenize, features, model, rules for every message; with {@code ddb}, one PutItem each.
   */
  static long plainJava(
      List<String> messages,
      PipelineModel pipeline,
      PanTokenizer tokenizer,
      String version,
      DynamoDbClient ddb) {
    StringIndexerModel indexer = (StringIndexerModel) pipeline.stages()[0];
    GBTClassificationModel gbt =
        (GBTClassificationModel) pipeline.stages()[pipeline.stages().length - 1];
    Map<String, Integer> categories = new HashMap<>();
    String[] labels = indexer.labelsArray()[0];
    for (int i = 0; i < labels.length; i++) {
      categories.put(labels[i], i);
    }
    DecisionEngine engine = new DecisionEngine(RuleSet.defaults());
    JsonEventParser parser = new JsonEventParser(ReaderOptions.defaults());
    Map<String, CardFeatureState> states = new HashMap<>();
    long n = 0;
    for (String m : messages) {
      ParseResult r = parser.parse(m, 0);
      TokenizedTransaction t =
          TokenizedTransaction.of(((ParseResult.Valid) r).transaction(), tokenizer);
      CardFeatureState.Values f =
          states
              .computeIfAbsent(t.cardId(), k -> new CardFeatureState())
              .next(CardFeatureState.Input.of(t));
      double[] v = Arrays.copyOf(f.numeric(), f.numeric().length + 1);
      v[v.length - 1] = categories.getOrDefault(t.category(), labels.length);
      double score = gbt.predictProbability(Vectors.dense(v)).apply(1);
      String decision =
          engine
              .decide(t.cardId(), t.amt(), f.numeric(), f.cardMeanAmt(), score, version)
              .decision();
      if (ddb != null) {
        ddb.putItem(
            p ->
                p.tableName(DynamoTables.TRANSACTIONS)
                    .item(
                        Map.of(
                            "card_id", AttributeValue.builder().s(t.cardId()).build(),
                            "event_time_trans_num",
                                AttributeValue.builder()
                                    .s(t.eventTime() + "#" + t.transNum())
                                    .build(),
                            "merchant", AttributeValue.builder().s(t.merchant()).build(),
                            "amt", AttributeValue.builder().n(Double.toString(t.amt())).build(),
                            "decision", AttributeValue.builder().s(decision).build())));
      }
      n++;
    }
    return n;
  }

  /** Kafka to one Delta table with the JSON parsed, 20,000 events a batch, until caught up. */
  static void sparkFloor(SparkSession spark, Path dir, String bootstrap) throws Exception {
    spark
        .readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrap)
        .option("subscribe", Topics.TRANSACTIONS)
        .option("startingOffsets", "earliest")
        .option("maxOffsetsPerTrigger", 20_000)
        .load()
        // The contract's tokenized transaction: the fields the topic's JSON carries.
        .select(
            functions
                .from_json(functions.col("value").cast("string"), TransactionSchema.TOKENIZED)
                .alias("t"))
        .select("t.*")
        .writeStream()
        .format("delta")
        .option("checkpointLocation", dir.resolve("checkpoint-floor").toUri().toString())
        .trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow())
        .start(dir.resolve("lake-floor").toUri().toString())
        .awaitTermination();
  }

  /**
   * Items per second the stream's BatchWriteItem writer (16 calls in flight, no Spark) puts into
   * DynamoDB Local: the transactions items of {@code messages}.
   */
  static double dynamoDbCeiling(List<String> messages, PanTokenizer tokenizer, Endpoints e) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (String m : messages) {
      TokenizedTransaction t =
          TokenizedTransaction.of(
              ((ParseResult.Valid) new JsonEventParser(ReaderOptions.defaults()).parse(m, 0))
                  .transaction(),
              tokenizer);
      items.add(
          Map.of(
              "card_id", AttributeValue.builder().s(t.cardId()).build(),
              "event_time_trans_num", AttributeValue.builder().s("ceiling#" + t.transNum()).build(),
              "merchant", AttributeValue.builder().s(t.merchant()).build(),
              "amt", AttributeValue.builder().n(Double.toString(t.amt())).build()));
    }
    try (DynamoDbBatchWriter w =
        new DynamoDbBatchWriter(e.dynamodb().client(Duration.ofSeconds(30)), 10, 50, 16)) {
      long c0 = System.nanoTime();
      w.putAll(DynamoTables.TRANSACTIONS, items, DynamoTables.TRANSACTIONS_KEY);
      return items.size() / ((System.nanoTime() - c0) / 1e9);
    }
  }
}

package io.cardstream.streaming;

import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.features.CardFeatures;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.registry.ModelRegistry;
import io.cardstream.common.testing.SparkTestSession;
import io.cardstream.streaming.control.Controls;
import io.cardstream.streaming.sink.BatchSink;
import io.cardstream.streaming.sink.ScoredBatch;
import io.cardstream.streaming.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The stream's defence in depth, on a MemoryStream with in-memory sinks: a row the champion model
 * fails on inside Spark is found by splitting the batch and quarantined while the rest is scored; a
 * champion that fails on every row is set aside for the rules; a sink outage is waited out.
 */
class StreamFaultsTest {

  private static final PanTokenizer TOKENIZER = PanTokenizer.fromEnvironment(Map.of());
  private static final double POISON_AMOUNT = 4242.42;
  private static SparkSession spark;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkTestSession.create("StreamFaultsTest");
    dir = Files.createTempDirectory("stream-faults-test-");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private record MemorySource(MemoryStream<String> stream) implements Source {
    @Override
    public Dataset<Row> read(SparkSession spark) {
      return stream
          .toDF()
          .select(
              org.apache.spark.sql.functions.col("value").as("payload"),
              lit("memory").as("source"),
              lit("0").as("source_partition"),
              lit("0").as("source_offset"),
              current_timestamp().as("produce_time"),
              current_timestamp().as("ingest_time"));
    }

    void add(List<String> payloads) {
      stream.addData(JavaConverters.asScalaBuffer(payloads).toSeq());
    }
  }

  /** Keeps silver and quarantine; fails with an outage the first {@code outages} times. */
  private static final class MemorySinks implements BatchSink {
    final List<Row> silver = Collections.synchronizedList(new ArrayList<>());
    final List<Row> quarantine = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger outages;
    final AtomicInteger calls = new AtomicInteger();

    MemorySinks(int outages) {
      this.outages = new AtomicInteger(outages);
    }

    @Override
    public List<Written> write(ScoredBatch b) {
      calls.incrementAndGet();
      if (outages.getAndDecrement() > 0) {
        throw new IllegalStateException(
            "writing failed",
            software.amazon.awssdk.core.exception.SdkClientException.create(
                "Unable to execute HTTP request: Connection refused"));
      }
      silver.addAll(b.silver().collectAsList());
      quarantine.addAll(b.quarantine().collectAsList());
      return List.of(new Written("memory", true, 0));
    }
  }

  private static String event(String id, String card, double amt) {
    return String.format(
        "{\"trans_num\":\"%s\",\"trans_date_trans_time\":\"2019-01-01 10:%02d:00\","
            + "\"cc_num\":\"%s\",\"merchant\":\"m\",\"category\":\"grocery_pos\",\"amt\":%s,"
            + "\"gender\":\"F\",\"city\":\"Columbus\",\"state\":\"OH\",\"lat\":40.0,"
            + "\"long\":-82.9,\"city_pop\":1000,\"dob\":\"1980-05-01\",\"merch_lat\":40.1,"
            + "\"merch_long\":-82.8}",
        id, Math.abs(id.hashCode()) % 60, card, amt);
  }

  /**
   * A registry whose champion is a logistic regression on the card features behind a SQL stage:
   * {@code statement} decides when the model fails (Spark's {@code raise_error}).
   */
  private static String registryWith(String name, String statement) throws Exception {
    StructType schema = new StructType();
    for (String f : CardFeatures.NUMERIC) {
      schema = schema.add(f, DataTypes.DoubleType);
    }
    schema = schema.add("amt", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Object[] v = new Object[schema.size()];
      for (int j = 0; j < CardFeatures.NUMERIC.size(); j++) {
        v[j] = (double) ((i * 7 + j) % 11);
      }
      v[schema.size() - 2] = 10.0 + i;
      v[schema.size() - 1] = i % 4 == 0 ? 1.0 : 0.0;
      rows.add(RowFactory.create(v));
    }
    PipelineModel model =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new SQLTransformer().setStatement("SELECT * FROM __THIS__"),
                  new VectorAssembler()
                      .setInputCols(CardFeatures.NUMERIC.toArray(String[]::new))
                      .setOutputCol("features"),
                  new LogisticRegression().setMaxIter(5)
                })
            .fit(spark.createDataFrame(rows, schema));
    ((SQLTransformer) model.stages()[0]).setStatement(statement);
    String root = dir.resolve(name).toString();
    ModelRegistry registry = new ModelRegistry(root, spark.sparkContext().hadoopConfiguration());
    model.save(registry.modelPath("v1").toString());
    registry.promote("v1");
    return root;
  }

  private static StreamingQuery start(
      MemorySource source, BatchSink sinks, String registry, String name) throws Exception {
    StreamConfig config =
        StreamConfig.builder()
            .kafkaBootstrap("unused:9092")
            .lakeRoot(dir.resolve(name + "-lake").toUri().toString())
            .checkpoint(dir.resolve(name + "-checkpoint").toUri().toString())
            .registry(registry)
            .statusFile(dir.resolve(name + "-status.json").toString())
            .triggerSeconds(1)
            .build();
    Controls controls = () -> new Controls.Snapshot(RuleSet.defaults(), Map.of(), null);
    return new ScoringStream(config, source, controls, sinks, TOKENIZER).start(spark);
  }

  private static MemorySource source() {
    return new MemorySource(
        new MemoryStream<>(1, spark.sqlContext(), Option.empty(), Encoders.STRING()));
  }

  @Test
  void aRowTheModelFailsOnIsIsolatedAndTheRestIsScored() throws Exception {
    String registry =
        registryWith(
            "poison-registry",
            "SELECT *, CASE WHEN amt = "
                + POISON_AMOUNT
                + " THEN raise_error('the model cannot score this row') ELSE 0 END AS guard"
                + " FROM __THIS__");
    MemorySource source = source();
    MemorySinks sinks = new MemorySinks(0);
    StreamingQuery q = start(source, sinks, registry, "poison");
    try {
      List<String> batch = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        batch.add(event("ok" + i, i % 2 == 0 ? "4111111111111111" : "5500000000000004", 10 + i));
      }
      batch.add(event("poison", "4012888888881881", POISON_AMOUNT));
      source.add(batch);
      q.processAllAvailable();
      source.add(List.of(event("after", "4111111111111111", 12)));
      q.processAllAvailable();
      assertThat(q.isActive()).isTrue();
    } finally {
      q.stop();
    }
    assertThat(sinks.silver).hasSize(31);
    assertThat(sinks.silver)
        .allSatisfy(r -> assertThat(r.<String>getAs("model_version")).isEqualTo("v1"));
    assertThat(sinks.silver).noneMatch(r -> "poison".equals(r.getAs("trans_num")));
    assertThat(sinks.quarantine).hasSize(1);
    Row q1 = sinks.quarantine.get(0);
    assertThat(q1.<String>getAs("reason")).isEqualTo("PROCESSING_ERROR");
    assertThat(q1.<String>getAs("detail"))
        .startsWith("deciding failed: ")
        .contains("the model cannot score this row");
    assertThat(q1.<String>getAs("payload"))
        .contains("\"trans_num\":\"poison\"")
        .contains("\"card_last4\":\"1881\"")
        .doesNotContain("4012888888881881");
  }

  @Test
  void aModelThatFailsOnEveryRowIsSetAsideForTheRules() throws Exception {
    String registry =
        registryWith(
            "broken-registry",
            "SELECT *, CASE WHEN amt >= 0 THEN raise_error('broken model') ELSE 0 END AS guard"
                + " FROM __THIS__");
    MemorySource source = source();
    MemorySinks sinks = new MemorySinks(0);
    StreamingQuery q = start(source, sinks, registry, "broken");
    try {
      source.add(List.of(event("a", "4111111111111111", 20), event("b", "4111111111111111", 1500)));
      q.processAllAvailable();
      source.add(List.of(event("c", "4111111111111111", 30)));
      q.processAllAvailable();
    } finally {
      q.stop();
    }
    assertThat(sinks.quarantine).isEmpty();
    assertThat(sinks.silver).hasSize(3);
    assertThat(sinks.silver)
        .allSatisfy(r -> assertThat(r.<String>getAs("model_version")).isEqualTo("none"));
    assertThat(sinks.silver)
        .filteredOn(r -> "b".equals(r.getAs("trans_num")))
        .singleElement()
        .satisfies(r -> assertThat(r.<String>getAs("decision")).isEqualTo("REVIEW"));
    String status = Files.readString(dir.resolve("broken-status.json"));
    assertThat(status)
        .contains("\"models_set_aside\"")
        .contains("\"version\" : \"v1\"")
        .contains("broken model");
  }

  @Test
  void aSinkOutageIsRetriedInsteadOfEndingTheQuery() throws Exception {
    MemorySource source = source();
    MemorySinks sinks = new MemorySinks(2);
    StreamingQuery q = start(source, sinks, dir.resolve("no-models").toString(), "outage");
    try {
      source.add(List.of(event("x", "4111111111111111", 20)));
      q.processAllAvailable();
      assertThat(q.isActive()).isTrue();
    } finally {
      q.stop();
    }
    assertThat(sinks.calls.get()).isEqualTo(3);
    assertThat(sinks.silver).extracting(r -> r.<String>getAs("trans_num")).containsExactly("x");
  }
}

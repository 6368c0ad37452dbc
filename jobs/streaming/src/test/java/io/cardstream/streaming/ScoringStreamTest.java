package io.cardstream.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.features.CardFeatureState;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.testing.SparkTestSession;
import io.cardstream.streaming.control.Controls;
import io.cardstream.streaming.sink.BatchSink;
import io.cardstream.streaming.sink.LakeMessages;
import io.cardstream.streaming.sink.ScoredBatch;
import io.cardstream.streaming.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The whole stream, every stage, on a {@link MemoryStream} with in-memory sinks: no broker, no
 * lake, no DynamoDB. Checks what reaches each sink, the per-card features across micro-batches, the
 * rules-only decisions and the stats the status listener gets.
 */
class ScoringStreamTest {

  private static final PanTokenizer TOKENIZER = PanTokenizer.fromEnvironment(Map.of());
  private static SparkSession spark;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkTestSession.create("ScoringStreamTest");
    dir = Files.createTempDirectory("scoring-stream-test-");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Payloads pushed into a MemoryStream, shaped as every source is ({@link Source#COLUMNS}). */
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

  /** Keeps what each batch would have written, by sink. */
  private static final class MemorySinks implements BatchSink {
    final List<Row> bronze = Collections.synchronizedList(new ArrayList<>());
    final List<Row> silver = Collections.synchronizedList(new ArrayList<>());
    final List<Row> quarantine = Collections.synchronizedList(new ArrayList<>());
    final List<Long> batches = Collections.synchronizedList(new ArrayList<>());
    // The lake topic's messages the topics sink would send for these rows.
    final List<String> lake = Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<Written> write(ScoredBatch b) {
      batches.add(b.batchId());
      bronze.addAll(b.bronze().collectAsList());
      silver.addAll(b.silver().collectAsList());
      for (Row r : b.silver().select(LakeMessages.silverJson()).collectAsList()) {
        lake.add(LakeMessages.value(LakeMessages.SILVER, r.getString(0)));
      }
      if (b.quarantined() > 0) {
        quarantine.addAll(b.quarantine().collectAsList());
        for (Row r : b.quarantine().select(LakeMessages.quarantineJson()).collectAsList()) {
          lake.add(LakeMessages.value(LakeMessages.QUARANTINE, r.getString(0)));
        }
      }
      return List.of(new Written("memory", true, 0));
    }
  }

  /** A control plane the test changes between micro-batches. */
  private static final class MemoryControls implements Controls {
    volatile Controls.Snapshot now = new Controls.Snapshot(RuleSet.defaults(), Map.of(), null);

    @Override
    public Controls.Snapshot current() {
      return now;
    }
  }

  private static String event(String id, String card, String time, double amt) {
    return String.format(
        "{\"trans_num\":\"%s\",\"trans_date_trans_time\":\"%s\",\"cc_num\":\"%s\","
            + "\"merchant\":\"fraud_Kirlin and Sons\",\"category\":\"grocery_pos\",\"amt\":%s,"
            + "\"first\":\"Jane\",\"last\":\"Doe\",\"gender\":\"F\",\"city\":\"Columbus\","
            + "\"state\":\"OH\",\"zip\":\"43004\",\"lat\":40.0,\"long\":-82.9,\"city_pop\":1000,"
            + "\"dob\":\"1980-05-01\",\"merch_lat\":40.1,\"merch_long\":-82.8,\"is_fraud\":0}",
        id, time, card, amt);
  }

  @Test
  void everyStageRunsOnAMemoryStreamWithInMemorySinks() throws Exception {
    String card = "4111111111111111";
    String other = "5500000000000004";
    MemorySource source =
        new MemorySource(
            new MemoryStream<>(1, spark.sqlContext(), Option.empty(), Encoders.STRING()));
    MemorySinks sinks = new MemorySinks();
    MemoryControls controls = new MemoryControls();
    StreamConfig config =
        StreamConfig.builder()
            .kafkaBootstrap("unused:9092")
            .lakeRoot(dir.resolve("lake").toUri().toString())
            .checkpoint(dir.resolve("checkpoint").toUri().toString())
            .registry(dir.resolve("no-models").toString())
            .triggerSeconds(1)
            .build();
    StreamingQuery q = new ScoringStream(config, source, controls, sinks, TOKENIZER).start(spark);
    try {
      source.add(
          List.of(
              event("t1", card, "2019-01-01 10:00:00", 20.0),
              event("t2", card, "2019-01-01 10:10:00", 30.0),
              "{\"trans_num\":\"bad-1\",\"cc_num\":\"" + card + "\",\"amt\":-5}",
              "not json " + card));
      q.processAllAvailable();
      // A second micro-batch: the card's state carries over, and the amount rule fires.
      source.add(List.of(event("t3", card, "2019-01-01 10:20:00", 1500.0)));
      q.processAllAvailable();

      // The control plane changes between batches: a flag, and new rules; both apply to the
      // very next batch. A redelivered event (t2 again) is not scored twice.
      String token = TOKENIZER.cardId(card);
      RuleSet strict =
          RuleSet.parse(
              "{\"version\": \"strict-2\", \"model\": {\"review_threshold\": 0.3,"
                  + " \"decline_threshold\": 0.9}, \"rules\": [{\"id\": \"amount_over_25\","
                  + " \"type\": \"amount_over\", \"amount\": 25, \"action\": \"REVIEW\"}]}",
              "test");
      controls.now =
          new Controls.Snapshot(
              strict,
              Map.of(
                  token,
                  new FlagEvent(token, true, "customer said: not me", Instant.EPOCH, "test")),
              null);
      source.add(
          List.of(
              event("t4", card, "2019-01-01 11:00:00", 10.0),
              event("u1", other, "2019-01-01 11:05:00", 40.0),
              event("t2", card, "2019-01-01 10:10:00", 30.0)));
      q.processAllAvailable();
      // Unflagged: the card is scored again.
      controls.now = new Controls.Snapshot(strict, Map.of(), null);
      source.add(List.of(event("t5", card, "2019-01-01 12:00:00", 12.0)));
      q.processAllAvailable();
    } finally {
      q.stop();
    }

    assertThat(sinks.batches).hasSize(4);
    assertThat(sinks.bronze).hasSize(6);
    assertThat(sinks.silver).hasSize(6);
    assertThat(sinks.quarantine)
        .extracting(r -> r.<String>getAs("reason"))
        .containsExactlyInAnyOrder("MISSING_TIME", "MALFORMED_RECORD", "DUPLICATE_ID");
    assertThat(sinks.quarantine)
        .allSatisfy(r -> assertThat(r.<String>getAs("payload")).doesNotContain(card));

    Map<String, Row> silver =
        sinks.silver.stream().collect(Collectors.toMap(r -> r.getAs("trans_num"), r -> r));
    // Features from the card's history, across batches: count before, and the 1 h window.
    assertThat(silver.get("t1").<Double>getAs("card_txn_count")).isEqualTo(0.0);
    assertThat(silver.get("t3").<Double>getAs("card_txn_count")).isEqualTo(2.0);
    assertThat(silver.get("t3").<Double>getAs("sum_1h")).isEqualTo(50.0);
    // No model in the registry: rules alone, said so in the reasons and the version.
    assertThat(silver.values())
        .allSatisfy(r -> assertThat(r.<String>getAs("model_version")).isEqualTo("none"));
    // The flag, from the next batch on, whatever the rules; the new rules for everyone.
    assertThat(silver.get("t4").<String>getAs("decision")).isEqualTo("DECLINE");
    assertThat(silver.get("t4").getList(silver.get("t4").fieldIndex("reasons")))
        .contains("flagged_card");
    assertThat(silver.get("t4").<String>getAs("flag_reason")).isEqualTo("customer said: not me");
    assertThat(silver.get("t4").<String>getAs("rules_version")).isEqualTo("strict-2");
    assertThat(silver.get("u1").<String>getAs("decision")).isEqualTo("REVIEW");
    assertThat(silver.get("u1").getList(silver.get("u1").fieldIndex("rule_ids")))
        .containsExactly("amount_over_25");
    assertThat(silver.get("u1").<String>getAs("flag_reason")).isNull();
    assertThat(silver.get("t5").<String>getAs("decision")).isEqualTo("APPROVE");
    assertThat(silver.get("t5").<String>getAs("flag_reason")).isNull();
    assertThat(silver.get("t1").<String>getAs("rules_version"))
        .isEqualTo(RuleSet.defaults().version());
    assertThat(silver.get("t1").<String>getAs("decision")).isEqualTo("APPROVE");
    assertThat(silver.get("t3").<String>getAs("decision")).isEqualTo("REVIEW");
    assertThat(silver.get("t3").getList(silver.get("t3").fieldIndex("rule_ids")))
        .contains("amount_over_1000");
    // Tokenized: the card is its HMAC token, never the number.
    assertThat(silver.get("t1").<String>getAs("card_id")).hasSize(64).doesNotContain(card);
    assertThat(sinks.silver.stream().map(Row::toString).collect(Collectors.joining()))
        .doesNotContain(card);
    assertThat(sinks.bronze.stream().map(Row::toString).collect(Collectors.joining()))
        .doesNotContain(card);

    // The lake query reads back from the lake topic exactly the rows the batches had.
    Dataset<Row> lake =
        spark
            .createDataset(sinks.lake, Encoders.STRING())
            .select(LakeMessages.parse(col("value")).as("m"));
    assertThat(strings(lake.filter("m.silver IS NOT NULL").select("m.silver.*").collectAsList()))
        .containsExactlyInAnyOrderElementsOf(strings(sinks.silver));
    assertThat(
            strings(
                lake.filter("m.quarantine IS NOT NULL").select("m.quarantine.*").collectAsList()))
        .containsExactlyInAnyOrderElementsOf(strings(sinks.quarantine));
  }

  private static List<String> strings(List<Row> rows) {
    return rows.stream().map(Row::toString).toList();
  }

  /**
   * A checkpoint from before the state was stored as {@link CardFeatureState#toBytes}: Spark kept
   * it with {@code Encoders.javaSerialization}. The binary encoder has the same state schema (one
   * binary column), so Spark accepts the checkpoint, and the stored bytes still decode.
   */
  @Test
  void aCheckpointWithJavaSerializedCardStateStillLoads() throws Exception {
    Path in = Files.createDirectories(dir.resolve("upgrade-in"));
    String checkpoint = dir.resolve("upgrade-checkpoint").toString();
    Files.writeString(in.resolve("1.txt"), "card-a\n");
    runGrouped(
        in,
        checkpoint,
        Encoders.javaSerialization(CardFeatureState.class),
        (FlatMapGroupsWithStateFunction<String, String, CardFeatureState, String>)
            (card, rows, state) -> {
              CardFeatureState s = new CardFeatureState();
              rows.forEachRemaining(r -> s.next(upgradeInput(0), r));
              state.update(s);
              return List.of(card).iterator();
            });

    Files.writeString(in.resolve("2.txt"), "card-a\n");
    List<String> out =
        runGrouped(
            in,
            checkpoint,
            Encoders.BINARY(),
            (FlatMapGroupsWithStateFunction<String, String, byte[], String>)
                (card, rows, state) -> {
                  CardFeatureState s = CardFeatureState.fromBytes(state.get());
                  double count = s.next(upgradeInput(60), card).numeric()[2];
                  state.update(s.toBytes());
                  return List.of(card + " after " + (long) count).iterator();
                });

    // The second run saw the first run's event in the card's state.
    assertThat(out).containsExactly("card-a after 1");
  }

  private static CardFeatureState.Input upgradeInput(long seconds) {
    return new CardFeatureState.Input(
        1_546_336_800L + seconds, 10, null, null, null, null, null, null, "misc_net");
  }

  /** One AvailableNow run of a per-line state function over the text files; its output rows. */
  private static <S> List<String> runGrouped(
      Path in,
      String checkpoint,
      org.apache.spark.sql.Encoder<S> stateEncoder,
      FlatMapGroupsWithStateFunction<String, String, S, String> fn)
      throws Exception {
    List<String> out = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    // As the stream sets it: else the processing-time timeout keeps AvailableNow running batches.
    spark.conf().set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
    spark
        .readStream()
        .text(in.toString())
        .as(Encoders.STRING())
        .groupByKey((MapFunction<String, String>) line -> line, Encoders.STRING())
        .flatMapGroupsWithState(
            fn,
            OutputMode.Append(),
            stateEncoder,
            Encoders.STRING(),
            GroupStateTimeout.ProcessingTimeTimeout())
        .writeStream()
        .option("checkpointLocation", checkpoint)
        .trigger(Trigger.AvailableNow())
        .foreachBatch(
            (VoidFunction2<Dataset<String>, Long>) (batch, id) -> out.addAll(batch.collectAsList()))
        .start()
        .awaitTermination();
    return out;
  }
}

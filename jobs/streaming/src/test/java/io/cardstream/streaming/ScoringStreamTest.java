package io.cardstream.streaming;

import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.testing.SparkTestSession;
import io.cardstream.streaming.sink.BatchSink;
import io.cardstream.streaming.sink.ScoredBatch;
import io.cardstream.streaming.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
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

    @Override
    public List<Written> write(ScoredBatch b) {
      batches.add(b.batchId());
      bronze.addAll(b.bronze().collectAsList());
      silver.addAll(b.silver().collectAsList());
      if (b.quarantined() > 0) {
        quarantine.addAll(b.quarantine().collectAsList());
      }
      return List.of(new Written("memory", true, 0));
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
    MemorySource source =
        new MemorySource(
            new MemoryStream<>(1, spark.sqlContext(), Option.empty(), Encoders.STRING()));
    MemorySinks sinks = new MemorySinks();
    StreamConfig config =
        StreamConfig.builder()
            .kafkaBootstrap("unused:9092")
            .lakeRoot(dir.resolve("lake").toUri().toString())
            .checkpoint(dir.resolve("checkpoint").toUri().toString())
            .registry(dir.resolve("no-models").toString())
            .triggerSeconds(1)
            .build();
    StreamingQuery q =
        new ScoringStream(config, source, sinks, PanTokenizer.fromEnvironment(Map.of()))
            .start(spark);
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
    } finally {
      q.stop();
    }

    assertThat(sinks.batches).hasSize(2);
    assertThat(sinks.bronze).hasSize(3);
    assertThat(sinks.silver).hasSize(3);
    assertThat(sinks.quarantine)
        .extracting(r -> r.<String>getAs("reason"))
        .containsExactlyInAnyOrder("MISSING_TIME", "MALFORMED_RECORD");
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
  }
}

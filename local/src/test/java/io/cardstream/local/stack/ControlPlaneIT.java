package io.cardstream.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.cli.LocalSpark;
import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.decision.RuleSet;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.DynamoTables;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The control plane against the real stack, while the stream runs: a flag declines the card from
 * the next micro-batch on (silver and fraud_audit say why), an unflag restores scoring, a published
 * rules document takes effect without a restart, an invalid one is refused and the rules in force
 * stay, and a flag survives a restart of the stream.
 */
class ControlPlaneIT {

  private static final PanTokenizer TOKENIZER = PanTokenizer.fromEnvironment(Map.of());
  private static final String CARD = "4111111111111111";
  private static final String OTHER = "5500000000000004";
  private static final PrintStream OUT =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private static Path stateDir;
  private static LocalStack stack;
  private static Endpoints endpoints;
  private static SparkSession spark;

  @BeforeAll
  static void up() throws Exception {
    Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    stateDir = Files.createTempDirectory("cardstream-control-it-");
    stack =
        new LocalStack(
            new StackConfig(
                home, stateDir, 22092, 22000, 22432, 22080, 22090, 22025, 22567, false, false,
                false));
    stack.up(OUT);
    endpoints = stack.endpoints();
    StackInit.run(endpoints, OUT);
    spark =
        LocalSpark.builder("ControlPlaneIT")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
  }

  @AfterAll
  static void down() {
    if (spark != null) {
      spark.stop();
    }
    if (stack != null) {
      stack.down(OUT);
    }
  }

  private static StreamConfig config() {
    return StreamConfig.builder()
        .kafkaBootstrap(endpoints.kafkaBootstrap())
        .dynamodb(endpoints.dynamodb())
        .lakeRoot(stateDir.resolve("lake").toUri().toString())
        .checkpoint(stateDir.resolve("checkpoint").toUri().toString())
        .registry(stateDir.resolve("lake/models/fraud").toString())
        .triggerSeconds(1)
        .statusFile(stateDir.resolve("status.json").toString())
        .build();
  }

  private static String event(String id, String card, String time, double amt) {
    return String.format(
        "{\"trans_num\":\"%s\",\"trans_date_trans_time\":\"%s\",\"cc_num\":\"%s\","
            + "\"merchant\":\"fraud_Kirlin and Sons\",\"category\":\"grocery_pos\",\"amt\":%s,"
            + "\"gender\":\"F\",\"city\":\"Columbus\",\"state\":\"OH\",\"lat\":40.0,"
            + "\"long\":-82.9,\"city_pop\":1000,\"merch_lat\":40.1,\"merch_long\":-82.8}",
        id, time, card, amt);
  }

  /** Sends events and waits until silver holds {@code expected} rows. */
  private static void send(long expected, String... events) throws Exception {
    try (KafkaProducer<String, String> p =
        KafkaClients.producer(endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), Map.of())) {
      for (String e : events) {
        p.send(new ProducerRecord<>(Topics.TRANSACTIONS, "k", e)).get();
      }
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (silverRows() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the stream did not score " + expected + " rows in time");
      }
      Thread.sleep(300);
    }
  }

  private static long silverRows() {
    String path = new Lake(stateDir.resolve("lake").toUri().toString()).path(LakeTable.SILVER);
    return io.delta.tables.DeltaTable.isDeltaTable(spark, path)
        ? spark.read().format("delta").load(path).count()
        : 0;
  }

  private static Row silver(String id) {
    return spark
        .read()
        .format("delta")
        .load(new Lake(stateDir.resolve("lake").toUri().toString()).path(LakeTable.SILVER))
        .where("trans_num = '" + id + "'")
        .first();
  }

  @Test
  void flagsAndRulesApplyFromTheNextBatchAndSurviveARestart() throws Exception {
    ControlTopics control = new ControlTopics(endpoints.kafkaBootstrap(), endpoints.kafkaAuth());
    String token = TOKENIZER.cardId(CARD);
    StreamingQuery q = ScoringStream.onServices(config(), TOKENIZER).start(spark);
    try {
      send(1, event("a1", CARD, "2019-01-01 10:00:00", 20.0));
      assertThat(silver("a1").<String>getAs("decision")).isEqualTo("APPROVE");

      control.publish(new FlagEvent(token, true, "lost card", Instant.now(), "test"));
      send(2, event("a2", CARD, "2019-01-01 11:00:00", 20.0));
      Row a2 = silver("a2");
      assertThat(a2.<String>getAs("decision")).isEqualTo("DECLINE");
      assertThat(a2.getList(a2.fieldIndex("reasons"))).contains("flagged_card");
      assertThat(a2.<String>getAs("flag_reason")).isEqualTo("lost card");
      try (DynamoDbClient ddb = AwsClients.dynamodb(endpoints)) {
        Map<String, AttributeValue> audit =
            ddb.getItem(
                    g ->
                        g.tableName(DynamoTables.FRAUD_AUDIT)
                            .key(
                                Map.of(
                                    "trans_num",
                                    AttributeValue.builder().s("a2").build(),
                                    "card_id",
                                    AttributeValue.builder().s(token).build())))
                .item();
        assertThat(audit.get("flag_reason").s()).isEqualTo("lost card");
        assertThat(audit.get("decision").s()).isEqualTo("DECLINE");
      }

      // An invalid document on the topic (the CLI and the API refuse to publish one) is refused
      // by the stream too: the rules in force stay, the status says why.
      try (KafkaProducer<String, String> p =
          KafkaClients.producer(endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), Map.of())) {
        p.send(new ProducerRecord<>(Topics.RULES, ControlTopics.RULES_KEY, "{\"version\":\"x\"}"))
            .get();
      }
      send(3, event("b1", OTHER, "2019-01-01 11:30:00", 30.0));
      assertThat(silver("b1").<String>getAs("rules_version"))
          .isEqualTo(RuleSet.defaults().version());
      assertThat(Files.readString(stateDir.resolve("status.json")))
          .contains("\"rules_refused\"")
          .contains("model thresholds");

      RuleSet strict =
          control.publishRules(
              "{\"version\": \"it-2\", \"model\": {\"review_threshold\": 0.3,"
                  + " \"decline_threshold\": 0.9}, \"rules\": [{\"id\": \"amount_over_25\","
                  + " \"type\": \"amount_over\", \"amount\": 25, \"action\": \"REVIEW\"}]}",
              "test");
      send(4, event("b2", OTHER, "2019-01-01 12:00:00", 30.0));
      Row b2 = silver("b2");
      assertThat(b2.<String>getAs("rules_version")).isEqualTo(strict.version());
      assertThat(b2.<String>getAs("decision")).isEqualTo("REVIEW");
    } finally {
      q.stop();
    }

    // A restart reads the whole compacted history: the flag and the rules are still in force.
    q = ScoringStream.onServices(config(), TOKENIZER).start(spark);
    try {
      send(5, event("a3", CARD, "2019-01-01 13:00:00", 10.0));
      assertThat(silver("a3").<String>getAs("decision")).isEqualTo("DECLINE");
      assertThat(silver("a3").<String>getAs("rules_version")).isEqualTo("it-2");

      control.publish(new FlagEvent(token, false, "found", Instant.now(), "test"));
      assertThat(control.flags()).doesNotContainKey(token);
      send(6, event("a4", CARD, "2019-01-01 14:00:00", 10.0));
      assertThat(silver("a4").<String>getAs("decision")).isEqualTo("APPROVE");
      assertThat(silver("a4").<String>getAs("flag_reason")).isNull();
    } finally {
      q.stop();
    }
    assertThat(List.of(control.rulesDocument())).allMatch(d -> d.contains("it-2"));
  }
}

package io.cardstream.local.stack;

import static io.cardstream.local.stack.StackChecks.count;
import static io.cardstream.local.stack.StackChecks.lastCommitted;
import static io.cardstream.local.stack.StackChecks.topicKeys;
import static io.cardstream.local.stack.StackChecks.topicValues;
import static io.cardstream.local.stack.StackChecks.waitForCommittedBatches;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.batch.GlueDefinitions;
import io.cardstream.common.aws.DynamoDbClients;
import io.cardstream.common.aws.DynamoDbTarget;
import io.cardstream.common.cli.LocalSpark;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.Transaction;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import io.cardstream.common.kafka.KafkaClients;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.generator.GeneratorConfig;
import io.cardstream.generator.TransactionGenerator;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.streaming.LakeStream;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import io.cardstream.streaming.sink.BatchSink;
import io.cardstream.training.TrainConfig;
import io.cardstream.training.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The scoring stream against the real local stack: 20k+ events and a mix of bad records, the query
 * stopped abruptly several times and failed once on purpose after its sinks wrote and before the
 * checkpoint commit; the model appears mid-stream. At the end every sink holds each event exactly
 * once and no card number is stored anywhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamIT {

  private static Path stateDir;
  private static LocalStack stack;
  private static Endpoints endpoints;
  private static SparkSession spark;
  private static final PrintStream OUT =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @BeforeAll
  static void up() throws IOException {
    Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    stateDir = Files.createTempDirectory("cardstream-stream-it-");
    stack =
        new LocalStack(
            new StackConfig(
                home, stateDir, 23092, 23000, 23432, 23080, 23090, 23025, 23567, false, false,
                false));
    stack.up(OUT);
    endpoints = stack.endpoints();
    StackInit.run(endpoints, OUT);
    spark =
        LocalSpark.builder("StreamIT").config("spark.sql.shuffle.partitions", "2").getOrCreate();
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
    return config("both");
  }

  /** The stack's stream, running {@code queries} (decisions, lake, both). */
  private static StreamConfig config(String queries) {
    return StreamConfig.builder()
        .queries(queries)
        .kafkaBootstrap(endpoints.kafkaBootstrap())
        .dynamodb(endpoints.dynamodb())
        .lakeRoot(stateDir.resolve("lake").toUri().toString())
        .checkpoint(stateDir.resolve("checkpoint").toUri().toString())
        .registry(stateDir.resolve("lake/models/fraud").toString())
        .triggerSeconds(1)
        .maxEventsPerTrigger(2500)
        .availableNow(true)
        .statusFile(stateDir.resolve("status.json").toString())
        .build();
  }

  /** The stream on the stack's Kafka, Delta, DynamoDB Local and topics. */
  private static StreamingQuery start() throws Exception {
    return ScoringStream.onServices(config(), PanTokenizer.fromEnvironment(Map.of())).start(spark);
  }

  /**
   * The same stream, failing once after every sink of batch {@code failOn} wrote and before Spark
   * commits the batch: the restart must replay it without writing anything twice. With {@code
   * lake}, the lake query's sinks fail so (its batch {@code failOn}); else the decisions query's.
   */
  private static StreamingQuery startFailingAfterTheSinksOf(long failOn, boolean lake)
      throws Exception {
    StreamConfig c = config(lake ? "lake" : "both");
    BatchSink decisions = ScoringStream.sinks(c.sinks());
    BatchSink lakeSinks = LakeStream.sinks(c.sinks());
    return new ScoringStream(
            c,
            ScoringStream.source(c.source()),
            ScoringStream.controls(c),
            lake ? decisions : StackChecks.failingOnceAfter(decisions, failOn),
            new LakeStream(c, lake ? StackChecks.failingOnceAfter(lakeSinks, failOn) : lakeSinks),
            PanTokenizer.fromEnvironment(Map.of()))
        .start(spark);
  }

  @Test
  @Order(1)
  void exactlyOnceAcrossAbruptStopsAndAnInjectedFailure() throws Exception {
    // 20k+ valid events and a mix of bad ones.
    Path csv = stateDir.resolve("events.csv");
    List<String> pans = new ArrayList<>();
    TransactionGenerator.writeKaggleCsv(
        new GeneratorConfig(220, 45, LocalDate.of(2019, 1, 1), 21L, 0.01), csv);
    Set<String> ids = new HashSet<>();
    TransactionFiles.read(
        csv,
        InputFormat.KAGGLE,
        ReaderOptions.defaults(),
        0,
        r -> {
          Transaction t = ((ParseResult.Valid) r).transaction();
          ids.add(t.transNum());
          pans.add(t.ccNum());
        });
    assertThat(ids.size()).isGreaterThanOrEqualTo(20_000);
    Replayer.Summary produced =
        new Replayer(PanTokenizer.fromEnvironment(Map.of()), OUT)
            .run(StackChecks.kaggleToTransactions(csv, endpoints.kafkaBootstrap()));
    assertThat(produced.sent()).isEqualTo(ids.size());
    String pan = pans.get(0);
    List<String> bad =
        List.of(
            "{\"trans_num\": \"bad-1\", \"cc_num\": \"" + pan + "\", \"amt\": ",
            "not json at all " + pan,
            "{\"trans_num\":\"bad-3\",\"event_time\":\"2019-01-02T00:00:00Z\",\"cc_num\":\""
                + pan
                + "\"}",
            "{\"trans_num\":\"bad-4\",\"event_time\":\"2019-01-02T00:00:00Z\",\"cc_num\":\""
                + pan
                + "\",\"amt\":-12.5}",
            "{\"trans_num\":\"bad-5\",\"event_time\":\"2019-01-02T00:00:00Z\",\"cc_num\":\""
                + pan
                + "\",\"amt\":{\"v\":1}}",
            "{\"trans_num\":\"bad-6\",\"event_time\":\"2019-01-02T00:00:00Z\",\"cc_num\":\""
                + pan
                + "\",\"amt\":5,\"pad\":\""
                + "x".repeat(70_000)
                + "\"}",
            "{\"event_time\":\"2019-01-02T00:00:00Z\",\"cc_num\":\"" + pan + "\",\"amt\":5}",
            "[1,2,3]");
    sendRaw(bad);
    // Records that once stopped the stream for good (issue 26), well-formed but extreme, sent while
    // it runs: they land behind valid events and must be quarantined without ending a batch.
    String time = "\"event_time\":\"2019-01-02T00:00:00Z\"";
    String card = "\"cc_num\":\"" + pan + "\"";
    List<String> poison =
        List.of(
            "{\"trans_num\":\"p-1\",\"event_time\":\"+999999-01-01T00:00:00Z\","
                + card
                + ",\"amt\":5}",
            "{\"trans_num\":\"p-2\"," + time + "," + card + ",\"amt\":1e200}",
            "{\"trans_num\":\"p-3\"," + time + "," + card + ",\"amt\":1e-300}",
            "{\"trans_num\":\"" + "p".repeat(1100) + "\"," + time + "," + card + ",\"amt\":5}",
            "{\"trans_num\":\"p-5\",\"event_time\":\"0001-01-01T00:00:00Z\","
                + card
                + ",\"amt\":5}",
            "{\"trans_num\":\"p-6\","
                + time
                + ","
                + card
                + ",\"amt\":5,\"merchant\":\"Shop "
                + pan
                + "\"}");
    long total = ids.size() + bad.size() + poison.size();

    // Run, stop abruptly twice, fail once after the sinks, then finish.
    StreamingQuery q = start();
    waitForCommittedBatches(q, stateDir.resolve("checkpoint"), 1);
    sendRaw(poison);
    waitForCommittedBatches(q, stateDir.resolve("checkpoint"), 1);
    q.stop();
    // The model appears while the stream is down: the next run must pick it up without a restart of
    // anything else.
    String champion = train(csv, TrainConfig.Promote.FORCE, 1L);
    // And a challenger beside it (same settings: never below the champion, so never refused):
    // scored in the shadow, deciding nothing.
    String challenger = train(csv, TrainConfig.Promote.SHADOW, 1L);
    q = start();
    waitForCommittedBatches(q, stateDir.resolve("checkpoint"), 1);
    Thread.sleep(700); // stop in the middle of a batch
    q.stop();
    long failOn = lastCommitted(stateDir.resolve("checkpoint")) + 2;
    StreamingQuery failing = startFailingAfterTheSinksOf(failOn, false);
    assertThatThrownBy(() -> failing.awaitTermination(300_000))
        .hasStackTraceContaining("injected failure after the sinks of batch " + failOn);
    // The lake query alone (--queries lake), failing after its first batch's writes (Delta,
    // DynamoDB) and before its commit; the next run replays that batch.
    long lakeFailOn = lastCommitted(stateDir.resolve("checkpoint/lake")) + 1;
    StreamingQuery failingLake = startFailingAfterTheSinksOf(lakeFailOn, true);
    assertThatThrownBy(() -> failingLake.awaitTermination(300_000))
        .hasStackTraceContaining("injected failure after the sinks of batch " + lakeFailOn);
    // Available-now: the query ends once it has processed what the topic held at its start.
    start().awaitTermination();

    // Every sink holds every event exactly once.
    String lake = stateDir.resolve("lake").toString();
    Dataset<Row> silver = spark.read().format("delta").load(lake + "/silver/scored_transactions");
    Dataset<Row> bronze = spark.read().format("delta").load(lake + "/bronze/transactions");
    Dataset<Row> quarantine = spark.read().format("delta").load(lake + "/quarantine/transactions");
    assertThat(silver.count()).isEqualTo(ids.size());
    assertThat(silver.select("trans_num").distinct().count()).isEqualTo(ids.size());
    assertThat(bronze.count()).isEqualTo(ids.size());
    assertThat(quarantine.count()).isEqualTo(bad.size() + poison.size());
    assertThat(silver.count() + quarantine.count()).isEqualTo(total);
    assertThat(
            quarantine.select("reason").distinct().collectAsList().stream()
                .map(r -> r.getString(0))
                .toList())
        .contains(
            "MALFORMED_RECORD",
            "MISSING_AMOUNT",
            "NON_POSITIVE_AMOUNT",
            "NON_NUMERIC_AMOUNT",
            "OVERSIZED_RECORD",
            "MISSING_ID",
            "TIME_OUT_OF_RANGE",
            "AMOUNT_OUT_OF_RANGE",
            "BAD_ID",
            "CARD_NUMBER_IN_FIELD");
    long flagged = silver.filter("decision <> 'APPROVE'").count();
    List<String> versions =
        silver.select("model_version").distinct().collectAsList().stream()
            .map(r -> r.getString(0))
            .toList();
    assertThat(versions).contains("none").hasSizeGreaterThanOrEqualTo(2);
    // The challenger scored every row the champion scored, and decided none of them.
    long byChampion = silver.filter(col("model_version").equalTo(champion)).count();
    assertThat(byChampion).isPositive();
    assertThat(
            silver
                .filter(col("model_version").equalTo(champion))
                .filter(col("challenger_version").equalTo(challenger))
                .filter(col("challenger_score").isNotNull())
                .count())
        .isEqualTo(byChampion);
    assertThat(silver.filter("model_version = 'none' AND challenger_score IS NOT NULL").count())
        .isZero();
    assertThat(versions).doesNotContain(challenger);
    // Every REVIEW/DECLINE the model scored names its top 3 contributions; APPROVE none.
    long modelFlagged = silver.filter("decision <> 'APPROVE' AND model_version <> 'none'").count();
    assertThat(modelFlagged).isPositive();
    assertThat(
            silver
                .filter("decision <> 'APPROVE' AND model_version <> 'none'")
                .filter(
                    "size(explanation) = 3 AND explanation[0].contribution >= explanation[2].contribution")
                .count())
        .isEqualTo(modelFlagged);
    assertThat(silver.filter("decision = 'APPROVE' AND size(explanation) > 0").count()).isZero();
    assertThat(topicValues(endpoints.kafkaBootstrap(), "alerts"))
        .anyMatch(v -> v.contains("\"explanation\":[{\"feature\":\""));

    try (DynamoDbClient ddb = AwsClients.dynamodb(endpoints)) {
      assertThat(count(ddb, "transactions")).isEqualTo(ids.size());
      assertThat(count(ddb, "fraud_audit")).isEqualTo(flagged);
    }
    Map<String, List<String>> topics =
        topicKeys(
            endpoints.kafkaBootstrap(),
            "decisions.approved",
            "decisions.declined",
            "alerts",
            "transactions.dlq");
    assertThat(topics.get("decisions.approved").size() + topics.get("decisions.declined").size())
        .isEqualTo(ids.size());
    assertThat(new HashSet<>(topics.get("decisions.approved")).size())
        .isEqualTo(topics.get("decisions.approved").size());
    assertThat(topics.get("decisions.declined")).hasSize((int) flagged).doesNotHaveDuplicates();
    assertThat(topics.get("transactions.dlq")).hasSize(bad.size() + poison.size());

    // The Glue definitions Athena uses describe exactly the tables the stream wrote.
    Map<String, GlueDefinitions.Table> glue =
        GlueDefinitions.load(Path.of("../glue/tables").toAbsolutePath().normalize());
    for (LakeTable t : LakeTable.writtenBy(LakeTable.Writer.SCORING_STREAM)) {
      GlueDefinitions.Table actual = GlueDefinitions.ofDeltaTable(spark, new Lake(lake), t);
      assertThat(GlueDefinitions.differences(glue.get(t.catalogName()), actual))
          .as(t.catalogName())
          .isEmpty();
    }

    // No card number from the input anywhere we wrote.
    StringBuilder stored = new StringBuilder();
    for (Dataset<Row> t : List.of(silver, bronze, quarantine)) {
      for (Row r : t.collectAsList()) {
        stored.append(r.mkString("|")).append('\n');
      }
    }
    try (DynamoDbClient ddb = AwsClients.dynamodb(endpoints)) {
      for (String table : List.of("transactions", "fraud_audit")) {
        ddb.scanPaginator(ScanRequest.builder().tableName(table).build())
            .items()
            .forEach(i -> stored.append(i).append('\n'));
      }
    }
    topicValues(
            endpoints.kafkaBootstrap(),
            "decisions.approved",
            "decisions.declined",
            "alerts",
            "transactions.dlq")
        .forEach(v -> stored.append(v).append('\n'));
    try (Stream<Path> files = Files.walk(stateDir.resolve("checkpoint"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        stored.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }
    stored.append(Files.readString(stateDir.resolve("status.json")));
    // The last run scored with the model: the status names the last hour's drift from its
    // training rows, for every feature and the category.
    com.fasterxml.jackson.databind.JsonNode status =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(stateDir.resolve("status.json").toFile());
    assertThat(status.at("/drift/psi"))
        .hasSize(io.cardstream.common.features.CardFeatures.NUMERIC.size() + 1);
    assertThat(status.at("/drift/rows").asLong()).isPositive();
    assertThat(status.at("/drift/window_minutes").asLong()).isEqualTo(60);
    // The job's log output in this JVM (log4j2-test.properties sends it to this file too).
    String log = Files.readString(Path.of("target/test-logs/test.log"));
    assertThat(log)
        .contains("scoring stream started")
        .containsPattern("last hour's highest PSI \\d+\\.\\d{3} \\([a-z_0-9]+\\)");
    stored.append(log);
    String haystack = stored.toString();
    Set<String> distinctPans = new HashSet<>(pans);
    for (String p : distinctPans) {
      assertThat(haystack).as("a card number was stored").doesNotContain(p);
    }
  }

  /**
   * DynamoDB unreachable while a batch is written: the batch waits the outage out (the status file
   * says so) and the query goes on when DynamoDB is back, instead of ending. Runs after the main
   * test: it writes to the same decision topics and tables.
   */
  @Test
  @Order(2)
  void anOutageOfDynamoDbIsWaitedOutAndTheQueryGoesOn() throws Exception {
    String topic = "transactions-outage";
    // Its own lake topic: the lake query of this lake must not read the first test's rows.
    String lakeTopic = "cardstream.lake-outage";
    try (var admin =
        KafkaClients.admin(endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), Map.of())) {
      admin
          .createTopics(
              List.of(
                  new org.apache.kafka.clients.admin.NewTopic(topic, 2, (short) 1),
                  new org.apache.kafka.clients.admin.NewTopic(lakeTopic, 2, (short) 1)))
          .all()
          .get();
    }
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      events.add(
          String.format(
              "{\"trans_num\":\"out-%d\",\"event_time\":\"2019-02-01T10:%02d:00Z\","
                  + "\"cc_num\":\"4111111111111111\",\"amt\":%d.25,\"category\":\"misc_net\"}",
              i, i % 60, 10 + i));
    }
    try (KafkaProducer<String, String> p =
        KafkaClients.producer(endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), Map.of())) {
      for (String e : events) {
        p.send(new ProducerRecord<>(topic, "k", e));
      }
    }
    Path dir = stateDir.resolve("outage");
    Path status = dir.resolve("status.json");
    try (ThrottlingProxy proxy = new ThrottlingProxy(endpoints.dynamodbEndpoint(), false)) {
      proxy.passThrough = true;
      proxy.down = true;
      StreamConfig c =
          StreamConfig.builder()
              .kafkaBootstrap(endpoints.kafkaBootstrap())
              .inputTopic(topic)
              .lakeTopic(lakeTopic)
              .dynamodb(DynamoDbTarget.local(proxy.endpoint()))
              .lakeRoot(dir.resolve("lake").toUri().toString())
              .checkpoint(dir.resolve("checkpoint").toUri().toString())
              .registry(dir.resolve("models").toString())
              .availableNow(true)
              .statusFile(status.toString())
              .sinkOutageMinutes(5)
              .build();
      StreamingQuery q =
          ScoringStream.onServices(c, PanTokenizer.fromEnvironment(Map.of())).start(spark);
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (!(Files.exists(status) && Files.readString(status).contains("\"outage\""))) {
        assertThat(System.nanoTime()).as("the status names the outage").isLessThan(deadline);
        assertThat(q.isActive()).as("the query waits, it does not end").isTrue();
        Thread.sleep(500);
      }
      Thread.sleep(3_000); // a further retry or two while DynamoDB is away
      assertThat(q.isActive()).isTrue();
      proxy.down = false;
      assertThat(q.awaitTermination(300_000)).isTrue();
      assertThat(q.exception().isDefined()).isFalse();
      assertThat(proxy.refused.get()).isPositive();
    }
    assertThat(Files.readString(status)).doesNotContain("\"outage\"");
    Dataset<Row> silver =
        spark
            .read()
            .format("delta")
            .load(dir.resolve("lake/silver/scored_transactions").toString());
    assertThat(silver.count()).isEqualTo(300);
    try (DynamoDbClient ddb = AwsClients.dynamodb(endpoints)) {
      long items =
          ddb
              .scanPaginator(
                  ScanRequest.builder()
                      .tableName("transactions")
                      .filterExpression("begins_with(trans_num, :p)")
                      .expressionAttributeValues(
                          Map.of(":p", AttributeValue.builder().s("out-").build()))
                      .build())
              .items()
              .stream()
              .count();
      assertThat(items).isEqualTo(300);
    }
  }

  @Test
  void batchWriterChunksDeduplicatesAndWritesEverything() {
    try (DynamoDbClient ddb = AwsClients.dynamodb(endpoints)) {
      ddb.createTable(
          t ->
              t.tableName("writer_probe")
                  .billingMode("PAY_PER_REQUEST")
                  .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                  .keySchema(k -> k.attributeName("id").keyType("HASH")));
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      for (int i = 0; i < 130; i++) {
        // ids repeat: 100 distinct keys, the later value must win
        items.add(
            Map.of(
                "id",
                AttributeValue.builder().s("k" + (i % 100)).build(),
                "v",
                AttributeValue.builder().n(Integer.toString(i)).build()));
      }
      try (io.cardstream.streaming.sink.DynamoDbBatchWriter w =
          new io.cardstream.streaming.sink.DynamoDbBatchWriter(
              DynamoDbClients.create(
                  endpoints.dynamodbEndpoint(), Endpoints.REGION, Duration.ofSeconds(30)),
              5,
              20)) {
        w.putAll("writer_probe", items, List.of("id"));
        // 130 items, 100 distinct keys (the last of each wins): four calls of 25.
        assertThat(w.calls()).isEqualTo(4L);
      }
      assertThat(count(ddb, "writer_probe")).isEqualTo(100);
      assertThat(
              ddb.getItem(
                      g ->
                          g.tableName("writer_probe")
                              .key(Map.of("id", AttributeValue.builder().s("k10").build())))
                  .item()
                  .get("v")
                  .n())
          .isEqualTo("110");
    }
  }

  @Test
  void batchWriterSurvivesThrottlingAndUnprocessedItems() throws Exception {
    try (DynamoDbClient ddb = AwsClients.dynamodb(endpoints);
        ThrottlingProxy proxy = new ThrottlingProxy(endpoints.dynamodbEndpoint(), false)) {
      ddb.createTable(
          t ->
              t.tableName("throttle_probe")
                  .billingMode("PAY_PER_REQUEST")
                  .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                  .keySchema(k -> k.attributeName("id").keyType("HASH")));
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        items.add(
            Map.of(
                "id",
                AttributeValue.builder().s("k" + i).build(),
                "v",
                AttributeValue.builder().n(Integer.toString(i * 7)).build()));
      }
      long retries;
      try (io.cardstream.streaming.sink.DynamoDbBatchWriter w =
          new io.cardstream.streaming.sink.DynamoDbBatchWriter(
              DynamoDbClients.create(proxy.endpoint(), Endpoints.REGION, Duration.ofSeconds(30)),
              12,
              5,
              4)) {
        w.putAll("throttle_probe", items, List.of("id"));
        retries = w.retries();
      }
      assertThat(proxy.throttled.get()).isPositive();
      assertThat(proxy.partial.get()).isPositive();
      assertThat(retries).isGreaterThanOrEqualTo(proxy.partial.get());
      assertThat(count(ddb, "throttle_probe")).isEqualTo(300);
      assertThat(
              ddb.getItem(
                      g ->
                          g.tableName("throttle_probe")
                              .key(Map.of("id", AttributeValue.builder().s("k299").build())))
                  .item()
                  .get("v")
                  .n())
          .isEqualTo("2093");
    }

    // A table that never accepts a write: the writer gives up after its attempts, loudly.
    try (ThrottlingProxy proxy = new ThrottlingProxy(endpoints.dynamodbEndpoint(), true);
        io.cardstream.streaming.sink.DynamoDbBatchWriter w =
            new io.cardstream.streaming.sink.DynamoDbBatchWriter(
                DynamoDbClients.create(proxy.endpoint(), Endpoints.REGION, Duration.ofSeconds(30)),
                2,
                5,
                2)) {
      assertThatThrownBy(
              () ->
                  w.putAll(
                      "throttle_probe",
                      List.of(Map.of("id", AttributeValue.builder().s("x").build())),
                      List.of("id")))
          .hasMessageContaining("throughput exceeded (injected by the test proxy)");
      assertThat(proxy.throttled.get()).isGreaterThanOrEqualTo(2);
    }
  }

  /** Trains a small model into the stream's registry; returns its version. */
  private static String train(Path csv, TrainConfig.Promote promote, long seed) throws IOException {
    return new Trainer(spark, PanTokenizer.fromEnvironment(Map.of()), OUT)
        .run(
            TrainConfig.builder()
                .input(csv.toString())
                .registry(stateDir.resolve("lake/models/fraud").toString())
                .promote(promote)
                .maxIter(5)
                .maxDepth(3)
                .seed(seed)
                .build())
        .version();
  }

  private static void sendRaw(List<String> messages) {
    try (KafkaProducer<String, String> producer =
        KafkaClients.producer(
            endpoints.kafkaBootstrap(),
            endpoints.kafkaAuth(),
            Map.of("max.request.size", 2_000_000))) {
      for (String m : messages) {
        producer.send(new ProducerRecord<>("transactions", "bad", m));
      }
    }
  }
}

package io.cardstream.local.stack;

import static io.cardstream.local.stack.StackChecks.count;
import static io.cardstream.local.stack.StackChecks.lastCommitted;
import static io.cardstream.local.stack.StackChecks.topicKeys;
import static io.cardstream.local.stack.StackChecks.waitForCommittedBatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.aws.KinesisWriter;
import io.cardstream.common.cli.LocalSpark;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import io.cardstream.common.lake.Topics;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.generator.GeneratorConfig;
import io.cardstream.generator.TransactionGenerator;
import io.cardstream.local.http.HttpReplayer;
import io.cardstream.local.kafka.KinesisReader;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.kafka.TopicReader;
import io.cardstream.streaming.LakeStream;
import io.cardstream.streaming.ScoringStream;
import io.cardstream.streaming.StreamConfig;
import io.cardstream.streaming.sink.BatchSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * StreamIT's exactly-once scenario on the Kinesis emulator and the project's own source: abrupt
 * stops, a failure after the sinks wrote and before the commit, and a shard split in the middle,
 * with events before and after it. At the end silver = bronze = distinct ids = DynamoDB items.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KinesisStreamIT {

  private static Path stateDir;
  private static LocalStack stack;
  private static Endpoints endpoints;
  private static SparkSession spark;
  private static final PrintStream OUT =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @BeforeAll
  static void up() throws IOException {
    Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    stateDir = Files.createTempDirectory("cardstream-kinesis-it-");
    stack =
        new LocalStack(
            new StackConfig(
                home, stateDir, 21092, 21000, 21432, 21080, 21090, 21025, 21567, false, true,
                false));
    stack.up(OUT);
    endpoints = stack.endpoints();
    StackInit.run(endpoints, OUT);
    spark =
        LocalSpark.builder("KinesisStreamIT")
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

  private static Path checkpoint() {
    return stateDir.resolve("checkpoint");
  }

  private static StreamConfig config() {
    return StreamConfig.builder()
        .source("kinesis")
        .kinesisStream(Topics.KINESIS_TRANSACTIONS)
        .kinesisRegion(Endpoints.REGION)
        .kinesisEndpoint(endpoints.kinesisEndpoint())
        .kafkaBootstrap(endpoints.kafkaBootstrap())
        .dynamodb(endpoints.dynamodb())
        .lakeRoot(stateDir.resolve("lake").toUri().toString())
        .checkpoint(checkpoint().toUri().toString())
        .registry(stateDir.resolve("lake/models/fraud").toString())
        .triggerSeconds(1)
        .maxEventsPerTrigger(1500)
        .availableNow(true)
        .build();
  }

  private static StreamingQuery start(BatchSink sink) throws Exception {
    StreamConfig c = config();
    return new ScoringStream(
            c,
            ScoringStream.source(c.source()),
            ScoringStream.controls(c),
            sink,
            new LakeStream(c, LakeStream.sinks(c.sinks())),
            PanTokenizer.fromEnvironment(Map.of()))
        .start(spark);
  }

  private static StreamingQuery start() throws Exception {
    return start(ScoringStream.sinks(config().sinks()));
  }

  /** The real sinks, failing once right after those of batch {@code failOn} wrote. */
  private static BatchSink failingAfter(long failOn) {
    return StackChecks.failingOnceAfter(ScoringStream.sinks(config().sinks()), failOn);
  }

  @Test
  @Order(1)
  void exactlyOnceAcrossAbruptStopsAFailureAndAReshard() throws Exception {
    // Two files: the first goes in before the shard split, the second after it.
    Path before = stateDir.resolve("before.csv");
    Path after = stateDir.resolve("after.csv");
    TransactionGenerator.writeKaggleCsv(
        new GeneratorConfig(60, 30, LocalDate.of(2019, 1, 1), 31L, 0.01), before);
    TransactionGenerator.writeKaggleCsv(
        new GeneratorConfig(60, 20, LocalDate.of(2019, 2, 1), 32L, 0.01), after);
    Set<String> ids = new HashSet<>();
    Set<String> pans = new HashSet<>();
    for (Path f : List.of(before, after)) {
      TransactionFiles.read(
          f,
          InputFormat.KAGGLE,
          ReaderOptions.defaults(),
          0,
          r -> {
            var t = ((ParseResult.Valid) r).transaction();
            ids.add(t.transNum());
            pans.add(t.ccNum());
          });
    }
    assertThat(ids.size()).isGreaterThan(6_000);
    long sent = replay(before);
    String pan = pans.iterator().next();
    List<String> bad =
        List.of(
            "not json at all " + pan,
            "{\"trans_num\":\"bad-2\",\"event_time\":\"2019-01-02T00:00:00Z\",\"cc_num\":\""
                + pan
                + "\",\"amt\":-3}",
            "{\"event_time\":\"2019-01-02T00:00:00Z\",\"cc_num\":\"" + pan + "\",\"amt\":5}");
    try (KinesisClient k = AwsClients.kinesis(endpoints)) {
      new KinesisWriter(k, Topics.KINESIS_TRANSACTIONS)
          .put(bad.stream().map(m -> KinesisWriter.Entry.of("bad", m)).toList());
    }

    StreamingQuery q = start();
    waitForCommittedBatches(q, checkpoint(), 2);
    q.stop();

    // Reshard while the stream is down: split the first shard, then write the second file.
    try (KinesisClient k = AwsClients.kinesis(endpoints)) {
      Shard parent = k.listShards(l -> l.streamName(Topics.KINESIS_TRANSACTIONS)).shards().get(0);
      BigInteger lo = new BigInteger(parent.hashKeyRange().startingHashKey());
      BigInteger hi = new BigInteger(parent.hashKeyRange().endingHashKey());
      k.splitShard(
          s ->
              s.streamName(Topics.KINESIS_TRANSACTIONS)
                  .shardToSplit(parent.shardId())
                  .newStartingHashKey(lo.add(hi).shiftRight(1).toString()));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (k.describeStreamSummary(d -> d.streamName(Topics.KINESIS_TRANSACTIONS))
              .streamDescriptionSummary()
              .streamStatus()
          != StreamStatus.ACTIVE) {
        assertThat(System.nanoTime()).as("the split finished").isLessThan(deadline);
        Thread.sleep(100);
      }
      assertThat(k.listShards(l -> l.streamName(Topics.KINESIS_TRANSACTIONS)).shards()).hasSize(4);
    }
    sent += replay(after);
    assertThat(sent).isEqualTo(ids.size());

    q = start();
    waitForCommittedBatches(q, checkpoint(), 1);
    Thread.sleep(500); // stop in the middle of a batch
    q.stop();
    long failOn = lastCommitted(checkpoint()) + 2;
    StreamingQuery failing = start(failingAfter(failOn));
    assertThatThrownBy(() -> failing.awaitTermination(300_000))
        .hasStackTraceContaining("injected failure after the sinks of batch " + failOn);
    start().awaitTermination();

    String lake = stateDir.resolve("lake").toString();
    Dataset<Row> silver = spark.read().format("delta").load(lake + "/silver/scored_transactions");
    Dataset<Row> bronze = spark.read().format("delta").load(lake + "/bronze/transactions");
    Dataset<Row> quarantine = spark.read().format("delta").load(lake + "/quarantine/transactions");
    assertThat(silver.count()).isEqualTo(ids.size());
    assertThat(silver.select("trans_num").distinct().count()).isEqualTo(ids.size());
    assertThat(bronze.count()).isEqualTo(ids.size());
    assertThat(quarantine.count()).isEqualTo(bad.size());
    // Bronze says where each event came from: the stream and the shard (parent or child).
    assertThat(
            bronze.select("source").distinct().collectAsList().stream()
                .map(r -> r.getString(0))
                .toList())
        .containsExactly("kinesis:" + Topics.KINESIS_TRANSACTIONS);
    assertThat(bronze.select("source_partition").distinct().count()).isEqualTo(4);
    long flagged = silver.filter("decision <> 'APPROVE'").count();
    try (DynamoDbClient ddb = AwsClients.dynamodb(endpoints)) {
      assertThat(count(ddb, "transactions")).isEqualTo(ids.size());
      assertThat(count(ddb, "fraud_audit")).isEqualTo(flagged);
    }
    Map<String, List<String>> topics =
        topicKeys(endpoints.kafkaBootstrap(), Topics.APPROVED, Topics.DECLINED, Topics.DLQ);
    assertThat(topics.get(Topics.APPROVED)).hasSize(ids.size() - (int) flagged);
    assertThat(topics.get(Topics.DECLINED)).hasSize((int) flagged).doesNotHaveDuplicates();
    assertThat(topics.get(Topics.DLQ)).hasSize(bad.size());
    for (Row r : silver.collectAsList()) {
      for (String p : pans) {
        assertThat(r.mkString("|")).doesNotContain(p);
      }
    }
  }

  @Test
  @Order(2)
  void theCollectorWritesWhatItAcceptsToTheStream() throws Exception {
    Path csv = stateDir.resolve("http.csv");
    TransactionGenerator.writeKaggleCsv(
        new GeneratorConfig(5, 5, LocalDate.of(2019, 3, 1), 33L, 0.01), csv);
    Instant since = Instant.now().minusMillis(500);
    String key = Files.readString(stack.layout().apiKeyFile("collector")).trim();
    HttpReplayer.Summary s =
        new HttpReplayer(OUT)
            .run(
                new HttpReplayer.Options(
                    csv, InputFormat.KAGGLE, endpoints.collectorUrl(), key, 100, 0));
    assertThat(s.accepted()).isEqualTo(s.read()).isPositive();
    try (KinesisClient k = AwsClients.kinesis(endpoints)) {
      TopicReader.Summary read = KinesisReader.readFrom(k, Topics.KINESIS_TRANSACTIONS, since);
      assertThat(read.messages()).isEqualTo(s.accepted());
      assertThat(read.valid()).isEqualTo(s.accepted());
      assertThat(read.distinctIds()).isEqualTo(s.accepted());
    }
  }

  private static long replay(Path csv) throws IOException {
    return new Replayer(PanTokenizer.fromEnvironment(Map.of()), OUT)
        .run(
            new Replayer.Options(
                csv, InputFormat.KAGGLE, null, null, 0, 0, endpoints.kinesis(), false, null))
        .sent();
  }
}

package io.cardstream.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.TokenizedTransaction;
import io.cardstream.common.contract.TransactionSchema;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.generator.GeneratorConfig;
import io.cardstream.generator.TransactionGenerator;
import io.cardstream.local.kafka.Replayer;
import io.cardstream.local.kafka.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Starts the real services through the same code as {@code cardstream stack up} (on ports of its
 * own, so a developer's running stack is not disturbed) and does a round trip through each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

  private static Path stateDir;
  private static LocalStack stack;
  private static Endpoints endpoints;
  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
  private static final PrintStream OUT = new PrintStream(LOG, true, StandardCharsets.UTF_8);

  @BeforeAll
  static void up() throws IOException {
    Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    stateDir = Files.createTempDirectory("cardstream-it-");
    StackConfig config =
        new StackConfig(
            home, stateDir, 29092, 28000, 25432, 28080, 28090, 28025, 28567, true, false, false);
    stack = new LocalStack(config);
    assertThat(stack.up(OUT)).isTrue();
    endpoints = stack.endpoints();
    StackInit.run(endpoints, OUT);
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.down(OUT);
    }
  }

  @Test
  @Order(1)
  void aSecondUpReusesTheRunningStack() {
    assertThat(stack.up(OUT)).isFalse();
    assertThat(stack.status())
        .containsOnlyKeys("kafka", "dynamodb", "postgres", "collector", "smtp", "s3");
    assertThat(stack.status().values()).allMatch(s -> s.startsWith("running on 127.0.0.1:"));
    // init is idempotent
    StackInit.run(endpoints, OUT);
    assertThat(LOG.toString(StandardCharsets.UTF_8)).contains("all present");
  }

  @Test
  @Order(2)
  void kafkaRoundTrip() throws IOException {
    Path file = stateDir.resolve("gen.csv");
    long rows = generate(file, 30, 5);
    Replayer.Summary s =
        new Replayer(PanTokenizer.fromEnvironment(Map.of()), OUT)
            .run(StackChecks.kaggleToTransactions(file, endpoints.kafkaBootstrap()));
    assertThat(s.sent()).isEqualTo(rows);
    assertThat(s.failed()).isZero();
    TopicReader.Summary back =
        TopicReader.readAll(endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), "transactions");
    assertThat(back.messages()).isEqualTo(rows);
    assertThat(back.valid()).isEqualTo(rows);
    assertThat(back.distinctIds()).isEqualTo(rows);
  }

  @Test
  @Order(2)
  void producingToAMissingTopicFailsAtOnceAndSaysHowToFixIt() throws IOException {
    Path file = stateDir.resolve("missing-topic.csv");
    generate(file, 2, 1);
    long t0 = System.nanoTime();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new Replayer(PanTokenizer.fromEnvironment(Map.of()), OUT)
                    .run(
                        new Replayer.Options(
                            file,
                            InputFormat.KAGGLE,
                            endpoints.kafkaBootstrap(),
                            "does-not-exist",
                            0,
                            0,
                            null,
                            false,
                            null)))
        .hasMessage(
            "topic 'does-not-exist' does not exist on "
                + endpoints.kafkaBootstrap()
                + ": create it (bin/cardstream stack init creates the pipeline's topics) or pick"
                + " another with --topic");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  @Order(3)
  void dynamodbPutAndQueryByCardAndByMerchantIndex() {
    try (DynamoDbClient ddb = AwsClients.dynamodb(endpoints)) {
      put(ddb, "card-a", "2019-01-01T10:00:00Z#t1", "fraud_Kirlin and Sons", 10.5);
      put(ddb, "card-a", "2019-01-02T10:00:00Z#t2", "fraud_Lind-Buckridge", 20.0);
      put(ddb, "card-b", "2019-01-02T11:00:00Z#t3", "fraud_Kirlin and Sons", 30.0);

      QueryResponse byCard =
          ddb.query(
              q ->
                  q.tableName("transactions")
                      .keyConditionExpression(
                          "card_id = :c AND event_time_trans_num BETWEEN :a AND :b")
                      .expressionAttributeValues(
                          Map.of(
                              ":c", s("card-a"),
                              ":a", s("2019-01-02"),
                              ":b", s("2019-01-03"))));
      assertThat(byCard.items())
          .extracting(i -> i.get("event_time_trans_num").s())
          .containsExactly("2019-01-02T10:00:00Z#t2");

      QueryResponse byMerchant =
          ddb.query(
              q ->
                  q.tableName("transactions")
                      .indexName("by_merchant")
                      .keyConditionExpression("merchant = :m")
                      .expressionAttributeValues(Map.of(":m", s("fraud_Kirlin and Sons"))));
      assertThat(byMerchant.items())
          .extracting(i -> i.get("card_id").s())
          .containsExactly("card-a", "card-b");
    }
  }

  @Test
  @Order(4)
  void postgresRoundTrip() throws Exception {
    try (Connection c =
            DriverManager.getConnection(endpoints.postgresJdbcUrl(), endpoints.postgresUser(), "");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE fraud.it_probe (id int primary key, amt numeric(12,2))");
      st.execute("INSERT INTO fraud.it_probe VALUES (1, 10.50), (2, 20.25)");
      try (ResultSet rs = st.executeQuery("SELECT count(*), sum(amt) FROM fraud.it_probe")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(2);
        assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("30.75");
      }
    }
  }

  @Test
  @Order(4)
  void initGivesTheWarehouseLoaderSchemaFraudAndNothingOutside() throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                endpoints.postgresJdbcUrl(), endpoints.warehouseUser(), "");
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE fraud.loader_probe (id int)");
      st.execute("INSERT INTO fraud.loader_probe VALUES (1)");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'fraud'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(endpoints.warehouseUser()).isNotEqualTo("postgres");
      }
      assertThatThrownBy(() -> st.execute("CREATE TABLE public.loader_probe (id int)"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"))
          .hasMessageContaining("permission denied for schema public");
    }
  }

  @Test
  @Order(5)
  void s3aDeltaWriteAndRead() throws IOException {
    Path file = stateDir.resolve("delta.csv");
    generate(file, 5, 3);
    PanTokenizer tokenizer = PanTokenizer.fromEnvironment(Map.of());
    List<Row> rows = new ArrayList<>();
    TransactionFiles.read(
        file,
        InputFormat.KAGGLE,
        ReaderOptions.defaults(),
        0,
        r ->
            rows.add(
                TransactionSchema.toRow(
                    TokenizedTransaction.of(((ParseResult.Valid) r).transaction(), tokenizer))));

    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("LocalStackIT")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.hadoop.fs.s3a.endpoint", endpoints.s3Endpoint())
            .config("spark.hadoop.fs.s3a.path.style.access", "true")
            .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
            .config("spark.hadoop.fs.s3a.endpoint.region", Endpoints.REGION)
            .config("spark.hadoop.fs.s3a.access.key", endpoints.s3AccessKey())
            .config("spark.hadoop.fs.s3a.secret.key", endpoints.s3SecretKey())
            .config(
                "spark.hadoop.fs.s3a.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
            .getOrCreate();
    try {
      String path = "s3a://" + endpoints.s3Bucket() + "/it/bronze/transactions";
      Dataset<Row> df = spark.createDataFrame(rows, TransactionSchema.TOKENIZED);
      df.write().format("delta").mode("overwrite").save(path);
      Dataset<Row> back = spark.read().format("delta").load(path);
      assertThat(back.count()).isEqualTo(rows.size());
      assertThat(back.schema().fieldNames())
          .containsExactly(TransactionSchema.TOKENIZED.fieldNames());
      double sum = back.agg(org.apache.spark.sql.functions.sum("amt")).first().getDouble(0);
      assertThat(sum)
          .isCloseTo(
              rows.stream().mapToDouble(r -> r.getDouble(6)).sum(),
              org.assertj.core.data.Offset.offset(1e-6));
      // The objects really are in the S3 server's store, Delta log included.
      assertThat(
              stateDir.resolve(
                  "data/s3/blobs/" + endpoints.s3Bucket() + "/it/bronze/transactions/_delta_log"))
          .isDirectory();
    } finally {
      spark.stop();
    }
  }

  @Test
  @Order(6)
  void downStopsExactlyWhatUpStarted() {
    List<ServiceState> services = new ArrayList<>(stack.state().orElseThrow().services().values());
    stack.down(OUT);
    assertThat(services).hasSize(6).noneMatch(ServiceState::isRunning);
    assertThat(services)
        .allMatch(s -> ProcessHandle.of(s.pid()).map(h -> !h.isAlive()).orElse(true));
    assertThat(stack.status()).isEmpty();
    assertThat(stack.isRunning()).isFalse();
  }

  private static long generate(Path file, int customers, int days) throws IOException {
    return TransactionGenerator.writeKaggleCsv(
            new GeneratorConfig(customers, days, LocalDate.of(2019, 1, 1), 5L, 0.01), file)
        .rows();
  }

  private static void put(DynamoDbClient ddb, String card, String sk, String merchant, double amt) {
    ddb.putItem(
        p ->
            p.tableName("transactions")
                .item(
                    Map.of(
                        "card_id", s(card),
                        "event_time_trans_num", s(sk),
                        "merchant", s(merchant),
                        "amt", AttributeValue.builder().n(Double.toString(amt)).build())));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.builder().s(v).build();
  }
}

package io.cardstream.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.delta.CommitEntry;
import io.cardstream.common.delta.DeltaLogTable;
import io.cardstream.common.delta.DynamoDbLogStore;
import io.cardstream.common.lake.DynamoTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Several writers on one Delta table on S3 (s3proxy), arbitrated by {@link DynamoDbLogStore} and
 * its ledger in DynamoDB Local: first the protocol through the LogStore API, then separate Spark
 * JVMs appending and compacting at once, then a writer killed between winning a version and putting
 * its commit file in the log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeltaMultiWriterIT {

  private static final String LEDGER = DynamoTables.DELTA_LOG;
  private static final Duration JVM_TIMEOUT = Duration.ofMinutes(4);

  /** Appends per writer JVM, and rows per append: micro-batches of the stream's kind. */
  private static final int COMMITS = 20;

  private static final int ROWS = 5;

  /**
   * How much longer the writer JVMs' S3A takes to upload a new log file after finding it absent
   * ({@link SlowLogS3AFileSystem}): a slower S3, to give the writers' races a chance to happen.
   */
  private static final long LOG_CREATE_DELAY_MS =
      Long.getLong("cardstream.it.logCreateDelayMs", 100);

  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
  private static final PrintStream OUT = new PrintStream(LOG, true, StandardCharsets.UTF_8);

  private static Path stateDir;
  private static LocalStack stack;
  private static Endpoints endpoints;
  private static DynamoDbClient ddb;
  private static Configuration hadoop;

  @BeforeAll
  static void up() throws IOException {
    Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    stateDir = Files.createTempDirectory("cardstream-delta-it-");
    stack =
        new LocalStack(
            new StackConfig(
                home, stateDir, 25292, 25200, 25632, 25280, 25290, 25225, 25267, true, false,
                false));
    assertThat(stack.up(OUT)).isTrue();
    endpoints = stack.endpoints();
    ddb = AwsClients.dynamodb(endpoints);
    assertThat(DeltaLogTable.createIfMissing(ddb, LEDGER)).isTrue();
    hadoop = DeltaLogs.hadoop(endpoints, LEDGER);
  }

  @AfterAll
  static void down() throws IOException {
    // Hadoop caches one FileSystem per scheme and bucket for the whole JVM: the next test class in
    // this fork would otherwise get this class's s3a client, bound to this stack's (stopped) port.
    FileSystem.closeAll();
    if (ddb != null) {
      ddb.close();
    }
    if (stack != null) {
      stack.down(OUT);
    }
  }

  @Test
  @Order(1)
  void theLedgerGivesEachVersionToOneWriterWhicheverSchemeNamesTheTable() throws IOException {
    String viaS3a = "s3a://" + endpoints.s3Bucket() + "/it/raw";
    String viaS3 = "s3://" + endpoints.s3Bucket() + "/it/raw";
    DynamoDbLogStore a = new DynamoDbLogStore(hadoop);
    DynamoDbLogStore b = new DynamoDbLogStore(hadoop);
    a.write(DeltaLogs.commit(viaS3a, 0), lines("a0"), false, hadoop);
    assertThatThrownBy(() -> b.write(DeltaLogs.commit(viaS3, 0), lines("b0"), false, hadoop))
        .isInstanceOf(FileAlreadyExistsException.class);

    // A writer that won version 1 and stopped before copying: the ledger alone keeps it its own.
    stalled().write(DeltaLogs.commit(viaS3, 1), lines("stalled1"), false, hadoop);
    assertThat(DeltaLogs.exists(hadoop, DeltaLogs.commit(viaS3a, 1))).isFalse();
    assertThatThrownBy(() -> a.write(DeltaLogs.commit(viaS3a, 1), lines("a1"), false, hadoop))
        .isInstanceOf(FileAlreadyExistsException.class);

    // A listing of the log completes it from the winner's staging file.
    List<String> listed = names(a.listFrom(DeltaLogs.commit(viaS3a, 0), hadoop));
    assertThat(listed).contains("00000000000000000000.json", "00000000000000000001.json");
    assertThat(read(a, viaS3a, 0)).containsExactly("a0");
    assertThat(read(b, viaS3, 1)).containsExactly("stalled1");

    Map<String, Map<String, AttributeValue>> entries =
        entries("s3://" + endpoints.s3Bucket() + "/it/raw");
    assertThat(entries).containsOnlyKeys("00000000000000000000.json", "00000000000000000001.json");
    long inADay = Instant.now().plus(Duration.ofHours(23)).getEpochSecond();
    assertThat(entries.values())
        .allSatisfy(
            e -> {
              assertThat(e.get("complete").s()).isEqualTo("true");
              assertThat(Long.parseLong(e.get(DynamoTables.DELTA_LOG_TTL).n()))
                  .isGreaterThan(inADay);
              assertThat(e.get("tempPath").s()).startsWith(".tmp/");
            });
  }

  @Test
  @Order(2)
  void aWriterCompletesAnUnfinishedPreviousVersionBeforeItsOwn() throws IOException {
    String table = "s3a://" + endpoints.s3Bucket() + "/it/raw";
    DynamoDbLogStore a = new DynamoDbLogStore(hadoop);
    stalled().write(DeltaLogs.commit(table, 2), lines("stalled2"), false, hadoop);
    assertThat(entries(key(table)).get("00000000000000000002.json").get("complete").s())
        .isEqualTo("false");

    a.write(DeltaLogs.commit(table, 3), lines("a3"), false, hadoop);
    assertThat(read(a, table, 2)).containsExactly("stalled2");
    assertThat(read(a, table, 3)).containsExactly("a3");
    assertThat(entries(key(table)).values()).allMatch(e -> e.get("complete").s().equals("true"));
    assertThat(DeltaLogs.versions(hadoop, table)).containsExactly(0L, 1L, 2L, 3L);

    // A table deleted and created again within the entries' TTL is refused, not silently stuck.
    FileSystem fs = DeltaLogs.fs(hadoop, table);
    fs.delete(new org.apache.hadoop.fs.Path(table), true);
    assertThatThrownBy(() -> a.write(DeltaLogs.commit(table, 0), lines("again"), false, hadoop))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("still has the entries of an earlier table");
  }

  @Test
  @Order(3)
  void twoAppendersAndAnOptimizeInThreeJvmsLoseNoCommit() throws Exception {
    String table = "s3a://" + endpoints.s3Bucket() + "/it/multi/events";
    Concurrent run = Concurrent.start(stateDir, common(table, "ledger"), "ledger", COMMITS, ROWS);
    Map<String, String> counted = run.awaitAll(JVM_TIMEOUT);
    System.out.println(
        "ledger run, log create delay " + LOG_CREATE_DELAY_MS + " ms: " + run.results());

    String all = Integer.toString(2 * COMMITS * ROWS);
    assertThat(run.exits().values()).as("exit codes %s", run.exits()).containsOnly("0");
    assertThat(run.appended()).as("appends each writer made").containsExactly(COMMITS, COMMITS);
    assertThat(counted).containsEntry("rows", all).containsEntry("distinct", all);
    assertThat(counted).containsEntry("valid", all);

    List<Long> versions = DeltaLogs.versions(hadoop, table);
    assertThat(versions).isEqualTo(LongStream.range(0, versions.size()).boxed().toList());
    Map<String, Integer> ops = DeltaLogs.operations(hadoop, table);
    int compactions = run.compactions();
    assertThat(compactions).as("OPTIMIZE commits the optimizer made").isPositive();
    assertThat(ops).containsEntry("WRITE", 2 * COMMITS).containsEntry("OPTIMIZE", compactions);
    assertThat(versions).hasSize(2 * COMMITS + compactions);

    Map<String, Map<String, AttributeValue>> entries = entries(key(table));
    assertThat(entries).hasSize(versions.size());
    assertThat(entries.values()).allMatch(e -> e.get("complete").s().equals("true"));
  }

  @Test
  @Order(4)
  void aWriterKilledAfterWinningAVersionIsCompletedByTheNextReader() throws Exception {
    String table = "s3a://" + endpoints.s3Bucket() + "/it/multi/crash";
    List<String> args = new ArrayList<>(common(table, "halting"));
    args.addAll(List.of("mode=append", "writer=7", "commits=3", "rows=4", "creates=true"));
    Map<String, String> killed =
        SparkJvm.start("halting", stateDir, List.of("-D" + HaltingLogStore.HALT_AT + "=2"), args)
            .await(JVM_TIMEOUT);
    assertThat(killed).containsEntry("exit", "" + HaltingLogStore.EXIT_CODE);
    String temp = killed.get("temp");

    Map<String, AttributeValue> entry = entries(key(table)).get("00000000000000000002.json");
    assertThat(entry.get("complete").s()).isEqualTo("false");
    assertThat(entry.get("tempPath").s()).isEqualTo(temp);
    assertThat(DeltaLogs.versions(hadoop, table)).containsExactly(0L, 1L);
    byte[] staged =
        DeltaLogs.bytes(hadoop, new org.apache.hadoop.fs.Path(table + "/_delta_log/" + temp));

    List<String> count = new ArrayList<>(common(table, "ledger"));
    count.addAll(List.of("mode=count", "writers=7", "commits=3", "rows=4"));
    Map<String, String> read =
        SparkJvm.start("reader", stateDir, List.of(), count).await(JVM_TIMEOUT);
    assertThat(read).containsEntry("exit", "0");
    assertThat(read)
        .containsEntry("rows", "12")
        .containsEntry("distinct", "12")
        .containsEntry("valid", "12");
    assertThat(DeltaLogs.versions(hadoop, table)).containsExactly(0L, 1L, 2L);
    assertThat(DeltaLogs.bytes(hadoop, DeltaLogs.commit(table, 2))).isEqualTo(staged);
    assertThat(entries(key(table)).values()).allMatch(e -> e.get("complete").s().equals("true"));
  }

  /**
   * What the ledger prevents, forced deterministically: S3 has no put-if-absent, so two writers
   * that both found a commit file absent (S3A's {@code create(path, false)} checks at once, the
   * upload happens at close) both publish it, and the first writer's commit is silently replaced.
   * Delta's own S3 store only locks within one JVM. Test 1 shows the ledger refusing the second
   * writer in the same position (its version taken but not yet in the log).
   */
  @Test
  @Order(5)
  void withoutTheLedgerS3LetsASecondWriterReplaceACommit() throws IOException {
    String table = "s3a://" + endpoints.s3Bucket() + "/it/plain/race";
    org.apache.hadoop.fs.Path v0 = DeltaLogs.commit(table, 0);
    FileSystem fs = DeltaLogs.fs(hadoop, table);
    FSDataOutputStream first = fs.create(v0, false);
    FSDataOutputStream second = fs.create(v0, false);
    first.write("{\"first\":0}\n".getBytes(StandardCharsets.UTF_8));
    first.close();
    second.write("{\"second\":0}\n".getBytes(StandardCharsets.UTF_8));
    second.close();
    assertThat(new String(DeltaLogs.bytes(hadoop, v0), StandardCharsets.UTF_8))
        .as("the first writer's commit is gone and neither writer was told")
        .isEqualTo("{\"second\":0}\n");
    assertThat(DeltaLogs.versions(hadoop, table)).containsExactly(0L);
  }

  private static List<String> common(String table, String logStore) {
    return List.of(
        "table=" + table,
        "logCreateDelayMs=" + LOG_CREATE_DELAY_MS,
        "logStore=" + logStore,
        "s3Endpoint=" + endpoints.s3Endpoint(),
        "s3AccessKey=" + endpoints.s3AccessKey(),
        "s3SecretKey=" + endpoints.s3SecretKey(),
        "ledger=" + LEDGER,
        "ddbEndpoint=" + endpoints.dynamodbEndpoint());
  }

  /** A store that wins its versions and then does nothing more, as if its JVM had died. */
  private static DynamoDbLogStore stalled() {
    return new DynamoDbLogStore(hadoop) {
      @Override
      protected void commitWon(FileSystem fs, org.apache.hadoop.fs.Path logDir, CommitEntry e) {}
    };
  }

  private static String key(String s3aTable) {
    return s3aTable.replaceFirst("^s3a:", "s3:");
  }

  private static Map<String, Map<String, AttributeValue>> entries(String tableKey) {
    return DeltaLogs.entries(ddb, LEDGER, tableKey);
  }

  private static Iterator<String> lines(String... l) {
    return List.of(l).iterator();
  }

  private static List<String> read(DynamoDbLogStore store, String table, long v)
      throws IOException {
    List<String> out = new ArrayList<>();
    try (var it = store.read(DeltaLogs.commit(table, v), hadoop)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static List<String> names(Iterator<FileStatus> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(f -> out.add(f.getPath().getName()));
    return out;
  }
}

package io.cardstream.common.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DeltaMultiWriterTest {

  @Test
  void theConfiguredClassIsTheLogStore() {
    assertThat(DeltaMultiWriter.LOG_STORE_CLASS).isEqualTo(DynamoDbLogStore.class.getName());
    assertThat(io.delta.storage.LogStore.class).isAssignableFrom(DynamoDbLogStore.class);
  }

  @Test
  void everyS3SchemeCommitsThroughTheLedger() {
    Map<String, String> conf =
        new DeltaMultiWriter("prod-delta_log", "eu-west-1", null).sparkConf();
    assertThat(conf)
        .containsEntry("spark.delta.logStore.s3.impl", DynamoDbLogStore.class.getName())
        .containsEntry("spark.delta.logStore.s3a.impl", DynamoDbLogStore.class.getName())
        .containsEntry("spark.delta.logStore.s3n.impl", DynamoDbLogStore.class.getName())
        .containsEntry(
            "spark.io.cardstream.common.delta.DynamoDbLogStore.ddb.tableName", "prod-delta_log")
        .containsEntry("spark.io.cardstream.common.delta.DynamoDbLogStore.ddb.region", "eu-west-1")
        .hasSize(5);
  }

  @Test
  void theStoreReadsWhatTheSessionSettingsSay() {
    // Spark copies the session's spark.* settings into the Hadoop configuration Delta hands over.
    Configuration hadoop = new Configuration(false);
    new DeltaMultiWriter("delta_log", "us-east-1", "http://127.0.0.1:25200")
        .sparkConf()
        .forEach(hadoop::set);
    assertThat(LogStoreSettings.from(hadoop))
        .isEqualTo(
            new LogStoreSettings("delta_log", "us-east-1", "http://127.0.0.1:25200", 86_400, 3));
  }

  @Test
  void withoutALedgerTheSessionIsUnchanged() {
    assertThatThrownBy(() -> new DeltaMultiWriter("", null, null))
        .hasMessageContaining("--delta-log-table");
  }

  @Test
  void theOptionsSayWhenAnS3LakeHasNoLedger() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(err, true, StandardCharsets.UTF_8);

    DeltaLogOptions none = parse();
    assertThat(none.multiWriter()).isNull();
    assertThat(none.sparkConf("file:///tmp/lake", out)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(none.sparkConf("s3://bucket/lake", out)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("warning: no --delta-log-table");

    DeltaLogOptions set =
        parse("--delta-log-table", "cs-delta_log", "--delta-log-endpoint", "http://x:1");
    assertThat(set.multiWriter())
        .isEqualTo(new DeltaMultiWriter("cs-delta_log", null, "http://x:1"));
    assertThat(set.sparkConf("s3a://bucket/lake", out))
        .containsEntry("spark.delta.logStore.s3a.impl", DeltaMultiWriter.LOG_STORE_CLASS);
  }

  @Test
  void onlyS3RootsAreOnS3() {
    assertThat(DeltaMultiWriter.onS3("s3://b/lake")).isTrue();
    assertThat(DeltaMultiWriter.onS3("S3A://b/lake")).isTrue();
    assertThat(DeltaMultiWriter.onS3("file:///lake")).isFalse();
    assertThat(DeltaMultiWriter.onS3("/tmp/s3://")).isFalse();
  }

  private static DeltaLogOptions parse(String... args) {
    @CommandLine.Command(name = "t")
    class Job {
      @CommandLine.Mixin DeltaLogOptions options;
    }
    Job job = new Job();
    new CommandLine(job).parseArgs(args);
    return job.options;
  }
}

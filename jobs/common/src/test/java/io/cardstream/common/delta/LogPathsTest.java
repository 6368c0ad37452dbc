package io.cardstream.common.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class LogPathsTest {

  @Test
  void oneTableHasOneKeyWhicheverS3ConnectorReachesIt() {
    String key = "s3://lake-bucket/lake/silver/transactions";
    assertThat(LogPaths.tableKey(new Path("s3a://lake-bucket/lake/silver/transactions")))
        .isEqualTo(key);
    assertThat(LogPaths.tableKey(new Path("s3://lake-bucket/lake/silver/transactions/")))
        .isEqualTo(key);
    assertThat(LogPaths.tableKey(new Path("S3N://lake-bucket/lake/silver/transactions")))
        .isEqualTo(key);
    assertThat(
            LogPaths.tableKey(new Path("s3a://AKIA:secret@lake-bucket/lake/silver/transactions")))
        .as("user info never reaches the ledger")
        .isEqualTo(key);
    assertThat(LogPaths.tableKey(new Path("s3a://lake-bucket/lake/gold/transactions")))
        .isNotEqualTo(key);
    assertThat(LogPaths.tableKey(new Path("s3a://other-bucket/lake/silver/transactions")))
        .isNotEqualTo(key);
  }

  @Test
  void otherSchemesKeepTheirName() {
    assertThat(LogPaths.tableKey(new Path("file:/tmp/lake/bronze")))
        .isEqualTo("file:/tmp/lake/bronze");
    assertThat(LogPaths.tableKey(new Path("hdfs://nn:8020/lake/bronze")))
        .isEqualTo("hdfs://nn:8020/lake/bronze");
  }

  @Test
  void onlyTwentyDigitJsonFilesInTheLogAreCommits() {
    Path log = new Path("s3a://b/t/_delta_log");
    assertThat(LogPaths.isCommitFile(new Path(log, "00000000000000000042.json"))).isTrue();
    assertThat(LogPaths.version(new Path(log, "00000000000000000042.json"))).isEqualTo(42);
    assertThat(LogPaths.isCommitFile(new Path(log, "00000000000000000042.crc"))).isFalse();
    assertThat(LogPaths.isCommitFile(new Path(log, "00000000000000000040.checkpoint.parquet")))
        .isFalse();
    assertThat(LogPaths.isCommitFile(new Path(log, "_last_checkpoint"))).isFalse();
    assertThat(LogPaths.isCommitFile(new Path(log, "0042.json"))).isFalse();
    assertThat(
            LogPaths.isCommitFile(
                new Path("s3a://b/t/_delta_log/_commits/00000000000000000042.json")))
        .isFalse();
    assertThat(LogPaths.isCommitFile(new Path("s3a://b/t/00000000000000000042.json"))).isFalse();
    assertThatThrownBy(() -> LogPaths.version(new Path(log, "x.json")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listingsOfTheLogItselfAreTold() {
    assertThat(LogPaths.isInLog(new Path("s3a://b/t/_delta_log/00000000000000000000"))).isTrue();
    assertThat(LogPaths.isInLog(new Path("s3a://b/t/part-0000.parquet"))).isFalse();
    assertThat(LogPaths.isInLog(new Path("s3a://b/t/_delta_log/.tmp/x"))).isFalse();
    assertThat(LogPaths.tableRoot(new Path("s3a://b/t/_delta_log/00000000000000000003.json")))
        .isEqualTo(new Path("s3a://b/t"));
  }

  @Test
  void commitNamesAreZeroPaddedToTwentyDigits() {
    assertThat(LogPaths.commitFileName(0)).isEqualTo("00000000000000000000.json");
    assertThat(LogPaths.commitFileName(1234567)).isEqualTo("00000000000001234567.json");
    assertThatThrownBy(() -> LogPaths.commitFileName(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stagingNamesAreUniqueAndStayUnderTmp() {
    String a = LogPaths.newTempName("00000000000000000007.json");
    String b = LogPaths.newTempName("00000000000000000007.json");
    assertThat(a).startsWith(".tmp/00000000000000000007.json.").isNotEqualTo(b);
    Path log = new Path("s3a://b/t/_delta_log");
    assertThat(LogPaths.resolveTemp(log, a)).isEqualTo(new Path("s3a://b/t/_delta_log/" + a));
    assertThatThrownBy(() -> LogPaths.resolveTemp(log, "../../other/_delta_log/x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LogPaths.resolveTemp(log, ".tmp/../00000000000000000007.json"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LogPaths.resolveTemp(log, "00000000000000000007.json"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

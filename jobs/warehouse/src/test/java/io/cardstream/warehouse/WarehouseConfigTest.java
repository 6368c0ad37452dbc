package io.cardstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.lake.RunDates;
import io.cardstream.common.lake.WarehouseTable;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option parsing and validation messages. */
class WarehouseConfigTest {

  private static final String ROLE = "arn:aws:iam::123456789012:role/cardstream-copy";

  private static WarehouseConfig parse(String... args) {
    WarehouseLoadJob job = new WarehouseLoadJob();
    new CommandLine(job).parseArgs(args);
    return job.config();
  }

  @Test
  void postgresDefaults() {
    WarehouseConfig c =
        parse(
            "--lake",
            "file:///tmp/lake/",
            "--run-date",
            "2020-06-01",
            "--jdbc-url",
            "jdbc:postgresql://127.0.0.1:15432/postgres");

    assertThat(c.target()).isEqualTo(WarehouseConfig.Target.POSTGRES);
    assertThat(c.dates()).isEqualTo(RunDates.of(LocalDate.of(2020, 6, 1)));
    assertThat(c.lake()).isEqualTo("file:///tmp/lake");
    assertThat(c.staging()).isEqualTo("file:///tmp/lake/staging/warehouse");
    assertThat(c.passwordEnv()).isEqualTo("CARDSTREAM_WAREHOUSE_PASSWORD");
    assertThat(c.keepStaging()).isFalse();
    assertThat(c.stagingDir(WarehouseTable.SEGMENT_DAILY, "L1"))
        .isEqualTo("file:///tmp/lake/staging/warehouse/2020-06-01/segment_daily/L1");
    assertThat(c.sourcePath(WarehouseTable.FACT_TRANSACTIONS))
        .isEqualTo("file:///tmp/lake/silver/scored_transactions");
  }

  @Test
  void redshiftWithEveryOption() {
    WarehouseConfig c =
        parse(
            "--lake",
            "s3a://bucket/lake",
            "--run-date",
            "2020-06-01",
            "--target",
            "redshift",
            "--jdbc-url",
            "jdbc:redshift://c.abc.eu-west-1.redshift.amazonaws.com:5439/dev",
            "--user",
            "loader",
            "--password-env",
            "RS_PW",
            "--password-secret-id",
            "cardstream/rs",
            "--iam-role",
            ROLE,
            "--region",
            "eu-west-1",
            "--staging",
            "s3://other/staging",
            "--keep-staging");

    assertThat(c.target()).isEqualTo(WarehouseConfig.Target.REDSHIFT);
    assertThat(c.user()).isEqualTo("loader");
    assertThat(c.passwordEnv()).isEqualTo("RS_PW");
    assertThat(c.passwordSecretId()).isEqualTo("cardstream/rs");
    assertThat(c.iamRole()).isEqualTo(ROLE);
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.staging()).isEqualTo("s3://other/staging");
    assertThat(c.keepStaging()).isTrue();
  }

  @Test
  void redshiftWithoutIamRoleSaysWhatTheRoleIsFor() {
    assertThatThrownBy(
            () ->
                parse(
                    "--lake",
                    "s3://bucket/lake",
                    "--run-date",
                    "2020-06-01",
                    "--target",
                    "redshift",
                    "--jdbc-url",
                    "jdbc:redshift://h:5439/dev"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--iam-role is required for --target redshift: the ARN of the IAM role Redshift"
                + " assumes to read the staging files from S3"
                + " (arn:aws:iam::<account>:role/<name>)");
  }

  @Test
  void redshiftNeedsS3Staging() {
    assertThatThrownBy(
            () ->
                parse(
                    "--lake",
                    "file:///tmp/lake",
                    "--run-date",
                    "2020-06-01",
                    "--target",
                    "redshift",
                    "--jdbc-url",
                    "jdbc:redshift://h:5439/dev",
                    "--iam-role",
                    ROLE))
        .hasMessage(
            "--target redshift loads with COPY from S3, so the staging location must be an s3://"
                + " or s3a:// URI (set --staging or use an S3 --lake), got"
                + " 'file:///tmp/lake/staging/warehouse'");
  }

  @Test
  void rejectsMismatchedUrlsUnknownTargetsAndUnsafeLiterals() {
    assertThatThrownBy(
            () ->
                parse(
                    "--lake",
                    "/l",
                    "--run-date",
                    "2020-06-01",
                    "--jdbc-url",
                    "jdbc:redshift://h:5439/dev"))
        .hasMessage(
            "--target postgres needs a jdbc:postgresql:// JDBC URL, got 'jdbc:redshift://h:5439/dev'");
    assertThatThrownBy(
            () ->
                parse(
                    "--lake",
                    "/l",
                    "--run-date",
                    "2020-06-01",
                    "--target",
                    "snowflake",
                    "--jdbc-url",
                    "jdbc:postgresql://h/db"))
        .hasMessage("--target must be postgres or redshift, got 'snowflake'");
    assertThatThrownBy(
            () ->
                parse(
                    "--lake",
                    "s3://b/l",
                    "--run-date",
                    "2020-06-01",
                    "--target",
                    "redshift",
                    "--jdbc-url",
                    "jdbc:redshift://h:5439/dev",
                    "--iam-role",
                    "arn:aws:iam::123456789012:role/x' CREDENTIALS 'y"))
        .hasMessageStartingWith("--iam-role must be an IAM role ARN");
    assertThatThrownBy(
            () ->
                parse(
                    "--lake",
                    "/l",
                    "--run-date",
                    "2020-06-01",
                    "--jdbc-url",
                    "jdbc:postgresql://h/db",
                    "--region",
                    "eu-west-1'"))
        .hasMessage("--region must be an AWS region name like eu-west-1, got 'eu-west-1''");
  }

  @Test
  void requiredOptionsAreEnforcedByTheCommandLine() {
    assertThatThrownBy(() -> parse("--lake", "/l", "--run-date", "2020-06-01"))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("--jdbc-url");
  }
}

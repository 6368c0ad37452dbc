package io.cardstream.warehouse;

import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.RunDates;
import io.cardstream.common.lake.WarehouseTable;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Everything one warehouse load needs; validated on construction with messages that say how to fix
 * the problem. Holds no password: that is resolved separately ({@link Credentials}) so this record
 * can be printed.
 *
 * @param lake lake root (path, file:, s3a: or s3: URI)
 * @param dates the event dates to load: one run date, or a backfill range loaded in one pass
 * @param target postgres or redshift
 * @param jdbcUrl jdbc:postgresql://... or jdbc:redshift://...
 * @param user database user; null = the secret's "username" or the driver's default
 * @param passwordEnv name of the environment variable holding the password
 * @param passwordSecretId optional AWS Secrets Manager secret id (wins over the env variable)
 * @param iamRole IAM role ARN Redshift assumes to read the staging files (redshift only)
 * @param region AWS region of the staging bucket and the secret; null = the SDK default chain
 * @param staging root of the staging files (default {@code <lake>/staging/warehouse})
 * @param keepStaging keep a successful load's staging files (failed loads always keep them)
 */
public record WarehouseConfig(
    String lake,
    RunDates dates,
    Target target,
    String jdbcUrl,
    String user,
    String passwordEnv,
    String passwordSecretId,
    String iamRole,
    String region,
    String staging,
    boolean keepStaging) {

  public static final String DEFAULT_PASSWORD_ENV = "CARDSTREAM_WAREHOUSE_PASSWORD";

  /** Where the warehouse lives. */
  public enum Target {
    POSTGRES,
    REDSHIFT;

    public static Target fromName(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(
            "--target must be postgres or redshift, got '" + s + "'");
      }
    }

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  // The ARN and region end up inside SQL string literals: accept only what they can contain.
  private static final Pattern IAM_ROLE =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]+");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  public WarehouseConfig {
    if (lake == null || lake.isBlank()) {
      throw new IllegalArgumentException("--lake is required: the lake root (path or URI)");
    }
    lake = stripSlash(lake.trim());
    if (dates == null) {
      throw new IllegalArgumentException("--run-date is required (yyyy-MM-dd)");
    }
    if (target == null) {
      target = Target.POSTGRES;
    }
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      throw new IllegalArgumentException(
          "--jdbc-url is required, e.g. jdbc:postgresql://127.0.0.1:15432/postgres");
    }
    String expectedPrefix = target == Target.REDSHIFT ? "jdbc:redshift:" : "jdbc:postgresql:";
    if (!jdbcUrl.startsWith(expectedPrefix)) {
      throw new IllegalArgumentException(
          "--target "
              + target.cliName()
              + " needs a "
              + expectedPrefix
              + "// JDBC URL, got '"
              + jdbcUrl
              + "'");
    }
    if (user != null && user.isBlank()) {
      user = null;
    }
    if (passwordEnv == null || passwordEnv.isBlank()) {
      passwordEnv = DEFAULT_PASSWORD_ENV;
    }
    if (passwordSecretId != null && passwordSecretId.isBlank()) {
      passwordSecretId = null;
    }
    if (region != null && region.isBlank()) {
      region = null;
    }
    if (region != null && !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException(
          "--region must be an AWS region name like eu-west-1, got '" + region + "'");
    }
    if (iamRole != null && iamRole.isBlank()) {
      iamRole = null;
    }
    staging =
        staging == null || staging.isBlank()
            ? new Lake(lake).path(Lake.WAREHOUSE_STAGING)
            : stripSlash(staging);
    if (target == Target.REDSHIFT) {
      if (iamRole == null) {
        throw new IllegalArgumentException(
            "--iam-role is required for --target redshift: the ARN of the IAM role Redshift assumes"
                + " to read the staging files from S3 (arn:aws:iam::<account>:role/<name>)");
      }
      if (!staging.startsWith("s3://") && !staging.startsWith("s3a://")) {
        throw new IllegalArgumentException(
            "--target redshift loads with COPY from S3, so the staging location must be an s3://"
                + " or s3a:// URI (set --staging or use an S3 --lake), got '"
                + staging
                + "'");
      }
    }
    if (iamRole != null && !IAM_ROLE.matcher(iamRole).matches()) {
      throw new IllegalArgumentException(
          "--iam-role must be an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>), got '"
              + iamRole
              + "'");
    }
  }

  /**
   * A load of {@code dates} into PostgreSQL (the local warehouse) with the defaults: password from
   * {@link #DEFAULT_PASSWORD_ENV}, staging under the lake, staging files removed afterwards.
   */
  public static WarehouseConfig postgres(String lake, RunDates dates, String jdbcUrl, String user) {
    return new WarehouseConfig(
        lake, dates, Target.POSTGRES, jdbcUrl, user, null, null, null, null, null, false);
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }

  /** The lake path of one source table. */
  public String sourcePath(WarehouseTable table) {
    return new Lake(lake).path(table.source());
  }

  /** The directory of one table's staging files for one load. */
  public String stagingDir(WarehouseTable table, String loadId) {
    return staging + "/" + dates + "/" + table.tableName() + "/" + loadId;
  }
}

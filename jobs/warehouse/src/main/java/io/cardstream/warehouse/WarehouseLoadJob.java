package io.cardstream.warehouse;

import io.cardstream.common.cli.JobMain;
import io.cardstream.common.cli.RunDateOptions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * spark-submit entry point: parses options into a {@link WarehouseConfig}, resolves the password
 * and runs a {@link WarehouseLoad} on the session spark-submit provides.
 *
 * <pre>
 * spark-submit --class io.cardstream.warehouse.WarehouseLoadJob cardstream-warehouse-emr.jar \
 *   --lake s3://bucket/lake --run-date 2020-06-01 --target redshift \
 *   --jdbc-url jdbc:redshift://cluster.xxxx.eu-west-1.redshift.amazonaws.com:5439/dev \
 *   --user loader --password-secret-id cardstream/redshift \
 *   --iam-role arn:aws:iam::123456789012:role/cardstream-redshift-copy --region eu-west-1
 * </pre>
 */
@Command(
    name = "warehouse-load",
    mixinStandardHelpOptions = true,
    description =
        "Load the run date's (or a backfill range's) facts and gold aggregates into the warehouse (Redshift COPY or local"
            + " PostgreSQL) through staging files and a manifest; migrates the schema first.")
public final class WarehouseLoadJob implements Callable<Integer> {

  @Option(names = "--lake", required = true, description = "Lake root (path or URI).")
  String lake;

  @Mixin RunDateOptions dates;

  @Option(
      names = "--target",
      defaultValue = "postgres",
      description = "postgres | redshift (default ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--jdbc-url",
      required = true,
      description = "jdbc:postgresql:// or jdbc:redshift:// URL.")
  String jdbcUrl;

  @Option(names = "--user", description = "Database user.")
  String user;

  @Option(
      names = "--password-env",
      defaultValue = WarehouseConfig.DEFAULT_PASSWORD_ENV,
      description =
          "Name of the environment variable holding the password (default ${DEFAULT-VALUE});"
              + " empty or unset = no password.")
  String passwordEnv;

  @Option(
      names = "--password-secret-id",
      description =
          "AWS Secrets Manager secret holding the password (plain, or JSON with \"password\").")
  String passwordSecretId;

  @Option(
      names = "--iam-role",
      description =
          "IAM role ARN Redshift assumes to read the staging files (required for redshift).")
  String iamRole;

  @Option(names = "--region", description = "AWS region of the staging bucket and the secret.")
  String region;

  @Option(
      names = "--staging",
      description =
          "Staging root for the CSV files and manifests (default <lake>/staging/warehouse).")
  String staging;

  @Option(
      names = "--keep-staging",
      description = "Keep a successful load's staging files (failed loads always keep them).")
  boolean keepStaging;

  private SparkSession session;

  /** Uses the given session instead of the one spark-submit provides (the local CLI). */
  public WarehouseLoadJob withSession(SparkSession spark) {
    this.session = spark;
    return this;
  }

  public WarehouseConfig config() {
    return new WarehouseConfig(
        lake,
        dates.dates(),
        WarehouseConfig.Target.fromName(target),
        jdbcUrl,
        user,
        passwordEnv,
        passwordSecretId,
        iamRole,
        region,
        staging,
        keepStaging);
  }

  @Override
  public Integer call() {
    WarehouseConfig config = config();
    Credentials credentials =
        Credentials.resolve(config, System.getenv(), Credentials.secretsManager(config.region()));
    SparkSession spark = session != null ? session : JobMain.session("cardstream-warehouse-load");
    new WarehouseLoad(spark, config, credentials, System.out).run();
    return 0;
  }

  public static void main(String[] args) {
    JobMain.run(new WarehouseLoadJob(), args);
  }
}

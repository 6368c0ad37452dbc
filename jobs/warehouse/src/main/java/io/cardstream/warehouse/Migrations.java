package io.cardstream.warehouse;

import io.cardstream.common.lake.WarehouseTable;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies redshift-ddl/ (packaged in the jar under {@code redshift-ddl/}) with Flyway: the portable
 * migrations everywhere, plus the PostgreSQL-only or the Redshift-only ones. The schema history
 * table is {@code fraud.flyway_schema_history}. Idempotent: already applied versions are skipped,
 * so every load starts with it.
 */
public final class Migrations {

  public static final String PORTABLE = "classpath:redshift-ddl/portable";
  public static final String REDSHIFT = "classpath:redshift-ddl/redshift";
  public static final String POSTGRES = "classpath:redshift-ddl/postgres";
  public static final String HISTORY_TABLE = "flyway_schema_history";

  private Migrations() {}

  /** Flyway locations for a target. */
  public static List<String> locations(WarehouseConfig.Target target) {
    return target == WarehouseConfig.Target.REDSHIFT
        ? List.of(PORTABLE, REDSHIFT)
        : List.of(PORTABLE, POSTGRES);
  }

  /**
   * Migrates the warehouse at {@code jdbcUrl}.
   *
   * @param iamRole the Spectrum role for the Redshift-only migrations' ${iam_role}; ignored on
   *     PostgreSQL
   */
  public static MigrateResult migrate(
      WarehouseConfig.Target target, String jdbcUrl, Credentials credentials, String iamRole) {
    var configuration =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(jdbcUrl, credentials.user(), credentials.password())
            .schemas(WarehouseTable.SCHEMA)
            .defaultSchema(WarehouseTable.SCHEMA)
            .table(HISTORY_TABLE)
            .locations(locations(target).toArray(String[]::new))
            .failOnMissingLocations(true)
            // Redshift-only versions are 100+, PostgreSQL-only 200+: a portable V3 written later
            // must still apply where one of those already ran.
            .outOfOrder(true);
    if (target == WarehouseConfig.Target.REDSHIFT) {
      configuration.placeholders(Map.of("iam_role", iamRole));
    }
    return configuration.load().migrate();
  }
}

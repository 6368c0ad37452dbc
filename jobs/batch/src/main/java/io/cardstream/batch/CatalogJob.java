package io.cardstream.batch;

import io.cardstream.common.cli.JobMain;
import io.cardstream.common.cli.LakeOption;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Registers the lake's Delta tables in the session's metastore by name. On EMR configured with the
 * Glue Data Catalog as its Hive metastore they land in Glue; locally they land in Spark's embedded
 * catalog. Athena reads the same tables through the definitions in glue/ (see glue/README.md).
 */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description =
        "Register (or re-point) the lake's Delta tables in the metastore: on EMR with Glue as the"
            + " metastore, in the Glue Data Catalog.")
public final class CatalogJob implements Callable<Integer> {

  @Mixin LakeOption lake;

  /** The catalog database of the lake's tables (glue/database.json). */
  public static final String DEFAULT_DATABASE = "cardstream";

  @Option(
      names = "--database",
      defaultValue = DEFAULT_DATABASE,
      description = "Database to register into (default ${DEFAULT-VALUE}).")
  String database;

  /**
   * Registers every table that exists in the lake; returns one line per table saying what happened.
   * Tables not written yet are skipped (a later run registers them).
   */
  public static List<String> register(SparkSession spark, Lake lake, String database) {
    if (!database.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "database name '" + database + "' is not valid: use lower-case letters, digits and _");
    }
    spark.sql("CREATE DATABASE IF NOT EXISTS " + database);
    List<String> done = new ArrayList<>();
    // The catalog names match glue/tables/*.json.
    for (LakeTable table : LakeTable.values()) {
      String name = database + "." + table.catalogName();
      String location = lake.path(table);
      if (!DeltaTable.isDeltaTable(spark, location)) {
        done.add(name + ": skipped, no Delta table at " + location);
        continue;
      }
      if (spark.catalog().tableExists(name)) {
        String current = location(spark, name);
        if (sameLocation(current, location)) {
          done.add(name + ": up to date");
          continue;
        }
        // Dropping an external table leaves its files alone; only the pointer moves.
        spark.sql("DROP TABLE " + name);
        done.add(name + ": moved from " + current);
      }
      spark.sql(
          "CREATE TABLE IF NOT EXISTS "
              + name
              + " USING DELTA LOCATION '"
              + location.replace("'", "\\'")
              + "'");
      done.add(name + ": registered at " + location);
    }
    return done;
  }

  private static String location(SparkSession spark, String table) {
    return spark.sql("DESCRIBE DETAIL " + table).select("location").first().getString(0);
  }

  private static boolean sameLocation(String a, String b) {
    return normalize(a).equals(normalize(b));
  }

  private static String normalize(String uri) {
    return uri.replaceAll("/+$", "").replaceFirst("^file:/+", "/");
  }

  @Override
  public Integer call() {
    register(JobMain.session("cardstream-catalog"), lake.lake(), database)
        .forEach(l -> System.out.println("  " + l));
    return 0;
  }

  public static void main(String[] args) {
    JobMain.run(new CatalogJob(), args);
  }
}

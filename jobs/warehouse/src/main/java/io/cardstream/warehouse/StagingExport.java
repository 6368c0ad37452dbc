package io.cardstream.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import io.cardstream.common.lake.Segments;
import io.cardstream.common.lake.SilverSchema;
import io.cardstream.common.lake.WarehouseTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark side of the load: one run date of a lake table as gzip CSV in the warehouse's column order.
 *
 * <p>The CSV dialect is the one both COPYs read: no header, RFC 4180 quoting (a quote inside a
 * value is doubled, never backslash-escaped), nulls as {@link Dialect#NULL_MARKER} unquoted, empty
 * strings as {@code ""}, whitespace kept, timestamps as UTC {@code yyyy-MM-dd HH:mm:ss.SSSSSS}
 * (Redshift's TIMEFORMAT 'YYYY-MM-DD HH:MI:SS' reads the fraction).
 */
public final class StagingExport {

  private StagingExport() {}

  /** The stream stores an unknown age as -1; the warehouse says NULL. */
  static Column age(Column age) {
    return when(Segments.unknownAge(age), lit(null).cast("double")).otherwise(age);
  }

  /** The export projection: the lake rows of one table mapped onto its warehouse columns. */
  public static Dataset<Row> project(WarehouseTable table, Dataset<Row> lakeRows) {
    List<Column> cols = new ArrayList<>();
    for (String name : table.columns()) {
      cols.add(column(table, name).as(name));
    }
    return lakeRows.select(cols.toArray(Column[]::new));
  }

  private static Column column(WarehouseTable table, String name) {
    if (table != WarehouseTable.FACT_TRANSACTIONS) {
      return col(name);
    }
    return switch (name) {
      case "age" -> age(col("age"));
      // The segment bands of gold/segment_daily, so facts and the gold table group alike.
      case "age_band" -> Segments.ageBand(col("age"));
      // No reasons (APPROVE) is NULL, not an empty string.
      case SilverSchema.REASONS ->
          when(
                  col(SilverSchema.REASONS).isNull().or(size(col(SilverSchema.REASONS)).equalTo(0)),
                  lit(null).cast("string"))
              .otherwise(concat_ws(",", col(SilverSchema.REASONS)));
      case "is_fraud" -> col("is_fraud").cast("int");
      case "city_pop" -> col("city_pop").cast("long");
      default -> col(name);
    };
  }

  /** The run dates' rows of {@code table} from the lake, projected. */
  public static Dataset<Row> rows(
      SparkSession spark, WarehouseConfig config, WarehouseTable table) {
    Dataset<Row> lake = spark.read().format("delta").load(config.sourcePath(table));
    // The partition filter first, so Delta reads only the date's files.
    Dataset<Row> dated =
        lake.where(expr(config.dates().predicate(table.source().partitionColumn())));
    return project(
        table, table == WarehouseTable.FACT_TRANSACTIONS ? firstOfEachKey(dated) : dated);
  }

  /**
   * One row per key: a card's id sent again after the stream's 24-hour redelivery window is scored
   * twice, but the warehouse's key holds it once (the first scoring: lowest batch, then offset).
   */
  static Dataset<Row> firstOfEachKey(Dataset<Row> silver) {
    Column[] key =
        WarehouseTable.FACT_KEY.stream()
            .map(org.apache.spark.sql.functions::col)
            .toArray(Column[]::new);
    return silver
        .withColumn(
            "key_rank",
            org.apache
                .spark
                .sql
                .functions
                .row_number()
                .over(
                    org.apache.spark.sql.expressions.Window.partitionBy(key)
                        .orderBy(
                            col(SilverSchema.BATCH_ID),
                            col("source_partition"),
                            col("source_offset"))))
        .where(col("key_rank").equalTo(1))
        .drop("key_rank");
  }

  /** Writes rows as gzip CSV part files into {@code dir} (which must not exist). */
  public static void write(Dataset<Row> rows, String dir) {
    rows.write()
        .option("header", "false")
        .option("compression", "gzip")
        .option("sep", ",")
        .option("quote", "\"")
        .option("escape", "\"")
        .option("nullValue", Dialect.NULL_MARKER)
        .option("emptyValue", "\"\"")
        .option("ignoreLeadingWhiteSpace", "false")
        .option("ignoreTrailingWhiteSpace", "false")
        .option("timeZone", "UTC")
        .option("timestampFormat", "yyyy-MM-dd HH:mm:ss.SSSSSS")
        .option("dateFormat", "yyyy-MM-dd")
        .option("lineSep", "\n")
        .option("encoding", "UTF-8")
        .mode("errorifexists")
        .csv(dir);
  }

  /** Exports the run dates of one table into {@code dir}. */
  public static void export(
      SparkSession spark, WarehouseConfig config, WarehouseTable table, String dir) {
    write(rows(spark, config, table), dir);
  }
}

package io.cardstream.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.lake.Lake;
import io.cardstream.common.lake.LakeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The table definitions in glue/tables (the {@code aws glue create-table} input shape), and their
 * comparison with the schema of the Delta table a job actually writes.
 */
public final class GlueDefinitions {

  /** A column as Glue (Hive types) sees it. */
  public record Column(String name, String type) {
    @Override
    public String toString() {
      return name + " " + type;
    }
  }

  /** One table definition; {@code location} keeps the {@code ${lake_root}} placeholder. */
  public record Table(
      String name, String location, List<Column> columns, List<Column> partitions) {}

  public static final String LAKE_ROOT = "${lake_root}";

  private GlueDefinitions() {}

  /** Every {@code *.json} definition in {@code dir}, by table name. */
  public static Map<String, Table> load(Path dir) {
    Map<String, Table> tables = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode t = new ObjectMapper().readTree(f.toFile()).path("TableInput");
        JsonNode sd = t.path("StorageDescriptor");
        tables.put(
            t.path("Name").asText(),
            new Table(
                t.path("Name").asText(),
                sd.path("Location").asText(),
                columns(sd.path("Columns")),
                columns(t.path("PartitionKeys"))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading Glue definitions in " + dir + " failed", e);
    }
    return tables;
  }

  private static List<Column> columns(JsonNode array) {
    List<Column> out = new ArrayList<>();
    array.forEach(c -> out.add(new Column(c.path("Name").asText(), c.path("Type").asText())));
    return out;
  }

  /** The columns of a Delta schema as Glue would list them: data columns, then partitions. */
  public static Table fromSchema(
      LakeTable table, StructType schema, List<String> partitionColumns) {
    List<Column> columns = new ArrayList<>();
    List<Column> partitions = new ArrayList<>();
    for (StructField f : schema.fields()) {
      Column c = new Column(f.name(), f.dataType().catalogString());
      if (!partitionColumns.contains(f.name())) {
        columns.add(c);
      }
    }
    for (String p : partitionColumns) {
      partitions.add(new Column(p, schema.apply(p).dataType().catalogString()));
    }
    return new Table(
        table.catalogName(), LAKE_ROOT + "/" + table.path() + "/", columns, partitions);
  }

  /**
   * The definition Glue should hold for {@code table}, read from the Delta log under {@code lake}.
   */
  public static Table ofDeltaTable(SparkSession spark, Lake lake, LakeTable table) {
    String path = lake.path(table);
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").first();
    return fromSchema(
        table,
        spark.read().format("delta").load(path).schema(),
        detail.getList(detail.fieldIndex("partitionColumns")));
  }

  /** What differs between a definition and the table the job writes; empty when they agree. */
  public static List<String> differences(Table defined, Table actual) {
    List<String> d = new ArrayList<>();
    if (!defined.location().equals(actual.location())) {
      d.add("location " + defined.location() + " but the job writes " + actual.location());
    }
    if (!defined.columns().equals(actual.columns())) {
      d.add("columns " + defined.columns() + " but the Delta table has " + actual.columns());
    }
    if (!defined.partitions().equals(actual.partitions())) {
      d.add(
          "partition keys "
              + defined.partitions()
              + " but the Delta table has "
              + actual.partitions());
    }
    return d;
  }
}

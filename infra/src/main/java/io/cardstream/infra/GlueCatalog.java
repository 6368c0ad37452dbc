package io.cardstream.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnResource;
import software.constructs.Construct;

/**
 * The Glue database and tables, read from glue/ at synth time (one source of truth, contract-tested
 * against the Delta tables the jobs write). The files are in the Glue API's shape, which is also
 * CloudFormation's ({@code DatabaseInput}, {@code TableInput}), so they pass through verbatim with
 * {@code ${lake_root}} replaced by the lake root.
 */
final class GlueCatalog extends Construct {

  static final String DATABASE_FILE = "glue/database.json";
  static final String TABLES_DIR = "glue/tables";
  static final String LAKE_ROOT_PLACEHOLDER = "${lake_root}";

  private static final ObjectMapper JSON = new ObjectMapper();

  final String databaseName;

  /** Catalog name -> table resource. */
  final Map<String, CfnResource> tables = new LinkedHashMap<>();

  GlueCatalog(Construct scope, String id, Path repo, String lakeRoot) {
    super(scope, id);
    JsonNode database = read(repo.resolve(DATABASE_FILE)).get("DatabaseInput");
    databaseName = database.get("Name").asText();
    CfnResource db =
        CfnResource.Builder.create(this, "Database")
            .type("AWS::Glue::Database")
            .properties(Ordered.map("CatalogId", Aws.ACCOUNT_ID, "DatabaseInput", plain(database)))
            .build();
    for (Path file : tableFiles(repo)) {
      JsonNode def = substitute(read(file), lakeRoot);
      String name = def.get("TableInput").get("Name").asText();
      if (!databaseName.equals(def.get("DatabaseName").asText())) {
        throw new IllegalArgumentException(
            file + " names database " + def.get("DatabaseName") + ", not " + databaseName);
      }
      CfnResource table =
          CfnResource.Builder.create(this, name)
              .type("AWS::Glue::Table")
              .properties(
                  Ordered.map(
                      "CatalogId",
                      Aws.ACCOUNT_ID,
                      "DatabaseName",
                      databaseName,
                      "TableInput",
                      plain(def.get("TableInput"))))
              .build();
      table.addResourceDependency(db);
      tables.put(name, table);
    }
  }

  static List<Path> tableFiles(Path repo) {
    try (Stream<Path> files = Files.list(repo.resolve(TABLES_DIR))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + TABLES_DIR, e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Every string with the placeholder gets the lake root (a deploy-time token). */
  private static JsonNode substitute(JsonNode node, String lakeRoot) {
    if (node.isTextual()) {
      return TextNode.valueOf(node.asText().replace(LAKE_ROOT_PLACEHOLDER, lakeRoot));
    }
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      node.fields().forEachRemaining(e -> copy.set(e.getKey(), substitute(e.getValue(), lakeRoot)));
      return copy;
    }
    if (node.isArray()) {
      var copy = JSON.createArrayNode();
      node.forEach(n -> copy.add(substitute(n, lakeRoot)));
      return copy;
    }
    return node;
  }

  /** Plain maps and lists for the jsii bridge. */
  private static Object plain(JsonNode node) {
    return JSON.convertValue(node, Object.class);
  }
}

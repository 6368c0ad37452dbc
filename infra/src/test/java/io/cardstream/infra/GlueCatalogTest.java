package io.cardstream.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.lake.LakeTable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlueCatalogTest {

  private final Synthesized s = Synthesized.kinesis();
  private final BaseStack base = s.stacks.base();
  private final Cfn cfn = new Cfn(s.json);
  private final String lakeRoot = cfn.output(base.getStackName(), "LakeRoot");

  @Test
  void theDatabaseIsGluesDatabaseFile() {
    JsonNode file = GlueCatalog.read(Synthesized.REPO.resolve(GlueCatalog.DATABASE_FILE));
    JsonNode db = s.resource(base.glue.getNode().findChild("Database")).path("Properties");
    assertThat(db.path("DatabaseInput")).isEqualTo(file.path("DatabaseInput"));
    assertThat(cfn.resolve(base.getStackName(), db.path("CatalogId")))
        .isEqualTo("{AWS::AccountId}");
  }

  @Test
  void everyTableFileBecomesATableVerbatimWithTheLakeRootFilledIn() {
    List<Path> files = GlueCatalog.tableFiles(Synthesized.REPO);
    assertThat(files).isNotEmpty();
    assertThat(base.glue.tables).hasSameSizeAs(files);
    for (Path f : files) {
      JsonNode expected = GlueCatalog.read(f);
      String name = expected.at("/TableInput/Name").asText();
      JsonNode table = s.resource(base.glue.tables.get(name)).path("Properties");
      assertThat(table.path("DatabaseName").asText()).isEqualTo(base.glue.databaseName);
      JsonNode input = table.path("TableInput");
      assertThat(input.at("/StorageDescriptor/Columns"))
          .isEqualTo(expected.at("/TableInput/StorageDescriptor/Columns"));
      assertThat(input.path("PartitionKeys")).isEqualTo(expected.at("/TableInput/PartitionKeys"));
      assertThat(input.path("Parameters")).isEqualTo(expected.at("/TableInput/Parameters"));
      String location = expected.at("/TableInput/StorageDescriptor/Location").asText();
      assertThat(cfn.resolve(base.getStackName(), input.at("/StorageDescriptor/Location")))
          .isEqualTo(location.replace(GlueCatalog.LAKE_ROOT_PLACEHOLDER, lakeRoot));
    }
  }

  @Test
  void everyCatalogedTableIsALakeTableAtItsContractPath() {
    assertThat(base.glue.tables).isNotEmpty();
    for (String name : base.glue.tables.keySet()) {
      LakeTable t =
          Arrays.stream(LakeTable.values())
              .filter(x -> x.catalogName().equals(name))
              .findFirst()
              .orElseThrow(() -> new AssertionError(name + " is no LakeTable's catalog name"));
      JsonNode input = s.resource(base.glue.tables.get(name)).at("/Properties/TableInput");
      assertThat(cfn.resolve(base.getStackName(), input.at("/StorageDescriptor/Location")))
          .isEqualTo(lakeRoot + "/" + t.path() + "/");
      assertThat(input.at("/PartitionKeys/0/Name").asText()).isEqualTo(t.partitionColumn());
    }
  }
}

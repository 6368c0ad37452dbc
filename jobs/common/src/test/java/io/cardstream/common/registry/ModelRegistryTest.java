package io.cardstream.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

  @Test
  void championPointerIsReplacedAndReadBack(@TempDir Path dir) throws Exception {
    ModelRegistry r = new ModelRegistry(dir.toString(), new Configuration());
    assertThat(r.champion()).isEmpty();
    Files.createDirectories(dir.resolve("v1/model"));
    Files.createDirectories(dir.resolve("v2/model"));
    r.promote("v1");
    assertThat(r.champion()).contains("v1");
    r.promote("v2");
    assertThat(r.champion()).contains("v2");
    assertThat(Files.readString(dir.resolve("CHAMPION"))).isEqualTo("v2\n");
    assertThat(dir.resolve("CHAMPION.tmp")).doesNotExist();
  }

  @Test
  void cannotPromoteAVersionWithoutAModel(@TempDir Path dir) {
    ModelRegistry r = new ModelRegistry(dir.toString(), new Configuration());
    assertThatThrownBy(() -> r.promote("v9")).hasMessageContaining("cannot point CHAMPION at v9");
    assertThatThrownBy(() -> r.challenge("v9"))
        .hasMessageContaining("cannot point CHALLENGER at v9");
  }

  @Test
  void challengerPointerSitsBesideTheChampionAndCanBeCleared(@TempDir Path dir) throws Exception {
    ModelRegistry r = new ModelRegistry(dir.toString(), new Configuration());
    Files.createDirectories(dir.resolve("v1/model"));
    Files.createDirectories(dir.resolve("v2/model"));
    r.promote("v1");
    assertThat(r.challenger()).isEmpty();
    r.challenge("v2");
    assertThat(r.challenger()).contains("v2");
    assertThat(r.champion()).contains("v1");
    assertThat(Files.readString(dir.resolve("CHALLENGER"))).isEqualTo("v2\n");
    r.clearChallenger();
    assertThat(r.challenger()).isEmpty();
    r.clearChallenger(); // nothing to clear: no error
  }

  @Test
  void newVersionsNeverCollide(@TempDir Path dir) throws Exception {
    ModelRegistry r = new ModelRegistry(dir.toString(), new Configuration());
    assertThat(r.newVersion("v20200101-000000")).isEqualTo("v20200101-000000");
    r.write("v20200101-000000", "metrics.json", "{\"version\":\"v20200101-000000\"}".getBytes());
    assertThat(r.newVersion("v20200101-000000")).isEqualTo("v20200101-000000-2");
    assertThat(r.metrics("v20200101-000000").orElseThrow().get("version").asText())
        .isEqualTo("v20200101-000000");
  }
}

package io.cardstream.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.features.FeatureProfile;
import io.cardstream.common.json.JsonFields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    assertThat(r.metrics("v20200101-000000").orElseThrow().version()).isEqualTo("v20200101-000000");
  }

  @Test
  void metricsAndProfileLieWhereTheLayoutSays(@TempDir Path dir) throws Exception {
    ModelRegistry r = new ModelRegistry(dir.toString(), new Configuration());
    String text = ModelMetricsTest.resource("metrics-feedback.json");
    ModelMetrics m = ModelMetrics.fromJson(JsonFields.parse(text));
    r.writeMetrics("v1", m);
    assertThat(dir.resolve("v1").resolve(RegistryLayout.METRICS)).hasContent(text);
    assertThat(r.metrics("v1")).contains(m);
    assertThat(r.metrics("v2")).isEmpty();
    FeatureProfile p =
        new FeatureProfile(
            Map.of("log_amt", new double[] {1, 2}),
            Map.of("log_amt", new double[] {0.3, 0.3, 0.4}),
            Map.of("grocery_pos", 1.0),
            10);
    assertThat(r.profile("v1")).isEmpty();
    r.writeProfile("v1", p);
    assertThat(dir.resolve("v1").resolve(RegistryLayout.PROFILE)).exists();
    assertThat(r.profile("v1").orElseThrow().categories()).isEqualTo(p.categories());
  }
}

package io.cardstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest JSON, URL mapping and the listing of Spark's output directory. */
class ManifestTest {

  @TempDir Path dir;

  @Test
  void jsonHasRedshiftsManifestShape() throws Exception {
    Manifest m =
        new Manifest(
            List.of(
                new Manifest.Entry("s3://b/x/part-00000.csv.gz", 120),
                new Manifest.Entry("s3://b/x/part-00001.csv.gz", 80)));

    JsonNode json = new ObjectMapper().readTree(m.toJson());

    assertThat(json.fieldNames()).toIterable().containsExactly("entries");
    assertThat(json.get("entries")).hasSize(2);
    JsonNode first = json.get("entries").get(0);
    assertThat(first.get("url").asText()).isEqualTo("s3://b/x/part-00000.csv.gz");
    assertThat(first.get("mandatory").asBoolean()).isTrue();
    assertThat(first.at("/meta/content_length").asLong()).isEqualTo(120);
    assertThat(Manifest.parse(m.toJson())).isEqualTo(m);
    assertThat(m.totalBytes()).isEqualTo(200);
  }

  @Test
  void parsesAHandWrittenManifestAndRejectsBrokenOnes() {
    assertThat(
            Manifest.parse(
                    "{\"entries\":[{\"url\":\"s3://b/a.gz\",\"mandatory\":true,"
                        + "\"meta\":{\"content_length\":5}}]}")
                .entries())
        .containsExactly(new Manifest.Entry("s3://b/a.gz", 5));
    assertThatThrownBy(() -> Manifest.parse("{\"files\":[]}"))
        .hasMessage("manifest has no \"entries\" array");
    assertThatThrownBy(() -> Manifest.parse("{\"entries\":[{\"mandatory\":true}]}"))
        .hasMessageStartingWith("manifest entry without \"url\"");
    assertThatThrownBy(() -> Manifest.parse("not json"))
        .hasMessageStartingWith("manifest is not JSON");
  }

  @Test
  void redshiftGetsS3UrlsForS3aAndS3nLakes() {
    assertThat(Manifest.warehouseUrl("s3a://bucket/lake/x.gz")).isEqualTo("s3://bucket/lake/x.gz");
    assertThat(Manifest.warehouseUrl("s3n://bucket/x.gz")).isEqualTo("s3://bucket/x.gz");
    assertThat(Manifest.warehouseUrl("s3://bucket/x.gz")).isEqualTo("s3://bucket/x.gz");
    assertThat(Manifest.warehouseUrl("file:/tmp/x.gz")).isEqualTo("file:/tmp/x.gz");
    // And back: outside EMR nothing serves s3:, so the PostgreSQL path reads it through s3a.
    StagingArea staging = new StagingArea(new Configuration());
    assertThat(staging.hadoopUrl("s3://bucket/x.gz")).isEqualTo("s3a://bucket/x.gz");
    Configuration emr = new Configuration();
    emr.set("fs.s3.impl", "com.amazon.ws.emr.hadoop.fs.EmrFileSystem");
    assertThat(new StagingArea(emr).hadoopUrl("s3://bucket/x.gz")).isEqualTo("s3://bucket/x.gz");
  }

  @Test
  void listsExactlyTheNonEmptyPartFilesSparkWrote() throws Exception {
    Files.write(dir.resolve("part-00001-abc.csv.gz"), new byte[30]);
    Files.write(dir.resolve("part-00000-abc.csv.gz"), new byte[20]);
    Files.write(dir.resolve("part-00002-abc.csv.gz"), new byte[0]);
    Files.write(dir.resolve("_SUCCESS"), new byte[0]);
    Files.write(dir.resolve(".part-00000-abc.csv.gz.crc"), new byte[12]);
    Files.createDirectories(dir.resolve("_temporary/0"));
    Files.write(dir.resolve("_temporary/0/part-00009-abc.csv.gz"), new byte[9]);
    StagingArea staging = new StagingArea(new Configuration());

    StagingArea.ManifestFile written = staging.writeManifest(dir.toUri().toString());

    String base = "file:" + dir.toAbsolutePath();
    assertThat(written.url()).isEqualTo(base + "/manifest.json");
    assertThat(written.manifest().entries())
        .containsExactly(
            new Manifest.Entry(base + "/part-00000-abc.csv.gz", 20),
            new Manifest.Entry(base + "/part-00001-abc.csv.gz", 30));
    assertThat(
            Manifest.parse(Files.readString(dir.resolve("manifest.json"), StandardCharsets.UTF_8)))
        .isEqualTo(written.manifest());
    assertThat(staging.readManifest(written.url())).isEqualTo(written.manifest());
  }
}

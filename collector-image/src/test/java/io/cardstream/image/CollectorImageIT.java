package io.cardstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image Jib wrote (docker-archive tar): its config names the collector and a non-root user, its
 * layers hold the application and a runtime, and its entrypoint runs in the unpacked root file
 * system alone (a chroot with its own /proc, as a container runtime gives it), so the image needs
 * nothing from the host that built it.
 */
class CollectorImageIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static Path root;
  static JsonNode config;

  @BeforeAll
  static void unpack() throws Exception {
    Path tar = Path.of(System.getProperty("image.tar", "target/collector-image.tar"));
    assertThat(tar).isRegularFile();
    Path image = Files.createDirectories(work.resolve("image"));
    run(List.of("tar", "-xf", tar.toString(), "-C", image.toString()));
    JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
    config = JSON.readTree(image.resolve(manifest.get("Config").asText()).toFile());
    root = Files.createDirectories(work.resolve("root"));
    for (JsonNode layer : manifest.get("Layers")) {
      run(List.of("tar", "-xzf", image.resolve(layer.asText()).toString(), "-C", root.toString()));
    }
  }

  @Test
  void configRunsTheCollectorAsANonRootUser() {
    JsonNode c = config.get("config");
    assertThat(texts(c.get("Entrypoint")))
        .startsWith("/opt/java/bin/java")
        .endsWith("io.cardstream.ingest.CollectorMain");
    assertThat(c.get("User").asText()).isEqualTo("65532:65532");
    assertThat(c.get("ExposedPorts").has("18090/tcp")).isTrue();
    assertThat(config.get("architecture").asText()).isEqualTo("amd64");
    assertThat(config.get("os").asText()).isEqualTo("linux");
  }

  @Test
  void layersHoldTheApplicationAndARuntime() throws IOException {
    assertThat(root.resolve("opt/java/bin/java")).isExecutable();
    assertThat(root.resolve("opt/java/lib/security/cacerts")).isRegularFile();
    assertThat(root.resolve("etc/passwd")).content().contains("collector:x:65532:");
    List<String> libs;
    try (Stream<Path> s = Files.list(root.resolve("app/libs"))) {
      libs = s.map(p -> p.getFileName().toString()).toList();
    }
    assertThat(libs)
        .anyMatch(n -> n.startsWith("cardstream-ingest-"))
        .anyMatch(n -> n.startsWith("cardstream-service-"))
        .anyMatch(n -> n.startsWith("kafka-clients-"))
        .anyMatch(n -> n.startsWith("slf4j-simple-"))
        .noneMatch(n -> n.startsWith("spark-"));
    assertThat(root.resolve("app/jib-classpath-file")).content().contains("/app/libs/");
  }

  @Test
  void entrypointRunsInTheImageAlone() throws Exception {
    Files.createDirectories(root.resolve("proc"));
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc=/proc",
                "--root=" + root,
                "--setuid=65532",
                "--setgid=65532"));
    command.addAll(texts(config.get("config").get("Entrypoint")));
    command.add("--help");
    String out = run(command);
    assertThat(out).contains("--api-keys-secret-id").contains("--kafka-bootstrap");
  }

  private static List<String> texts(JsonNode array) {
    List<String> t = new ArrayList<>();
    array.forEach(n -> t.add(n.asText()));
    return t;
  }

  /** Runs {@code command}; its output, or a failure with it when the exit code is not 0. */
  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s: %s", command, text).isZero();
    return text;
  }
}

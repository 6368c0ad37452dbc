package io.cardstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A benchmark's figures, written as {@code bench/target/<name>.json} for scripts and reviews. */
final class BenchReport {

  private final String name;
  private final Map<String, Object> figures = new LinkedHashMap<>();

  BenchReport(String name) {
    this.name = name;
    figures.put("benchmark", name);
    figures.put("at", Instant.now().toString());
    figures.put("cores", Runtime.getRuntime().availableProcessors());
  }

  BenchReport put(String key, Object value) {
    figures.put(key, value);
    return this;
  }

  /** Writes the file under the repository's bench/target; returns its path. */
  Path write() throws IOException {
    return write(figures);
  }

  /** Writes these figures over the same keys of the file, keeping its others (a partial run). */
  @SuppressWarnings("unchecked")
  Path update() throws IOException {
    Path file = file();
    Map<String, Object> all = new LinkedHashMap<>();
    if (Files.exists(file)) {
      all.putAll(new ObjectMapper().readValue(file.toFile(), Map.class));
    }
    all.putAll(figures);
    return write(all);
  }

  private Path write(Map<String, Object> values) throws IOException {
    Path file = file();
    Files.createDirectories(file.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), values);
    return file;
  }

  private Path file() {
    Path home = Path.of(System.getProperty("cardstream.home", ".")).toAbsolutePath();
    return home.resolve("bench/target").resolve(name + ".json");
  }
}

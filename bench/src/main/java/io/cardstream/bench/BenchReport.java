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
    Path home = Path.of(System.getProperty("cardstream.home", ".")).toAbsolutePath();
    Path file = home.resolve("bench/target").resolve(name + ".json");
    Files.createDirectories(file.getParent());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), figures);
    return file;
  }
}

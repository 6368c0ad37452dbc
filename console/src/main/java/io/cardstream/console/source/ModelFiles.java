package io.cardstream.console.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The model registry on a local file system, as training writes it (docs/model.md): {@code
 * <root>/<version>/metrics.json}, {@code <root>/<version>/report/{pr_curve,roc_curve}.png} and the
 * {@code CHAMPION} pointer.
 */
public final class ModelFiles {

  /** The report images a page may ask for. */
  public static final Set<String> IMAGES = Set.of("pr_curve.png", "roc_curve.png");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  /** A version with its metrics. */
  public record Version(String name, Path dir, JsonNode metrics) {
    public String createdAt() {
      return metrics.path("created_at").asText("");
    }
  }

  private final Path root;

  public ModelFiles(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** The promoted version, if any. */
  public Optional<String> champion() throws IOException {
    try {
      String v = Files.readString(root.resolve("CHAMPION"), StandardCharsets.UTF_8).trim();
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Every version with a metrics.json, newest first (by created_at, then name). */
  public List<Version> versions() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Version> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      for (Path dir : s.filter(Files::isDirectory).toList()) {
        String name = dir.getFileName().toString();
        Path m = dir.resolve("metrics.json");
        if (name.matches(VERSION) && Files.isRegularFile(m)) {
          out.add(new Version(name, dir, JSON.readTree(m.toFile())));
        }
      }
    }
    out.sort(Comparator.comparing(Version::createdAt).thenComparing(Version::name).reversed());
    return out;
  }

  /** One version, if it is one (the name is checked: no path tricks). */
  public Optional<Version> version(String name) throws IOException {
    if (name == null || !name.matches(VERSION)) {
      return Optional.empty();
    }
    Path dir = root.resolve(name);
    Path m = dir.resolve("metrics.json");
    if (!Files.isRegularFile(m)) {
      return Optional.empty();
    }
    return Optional.of(new Version(name, dir, JSON.readTree(m.toFile())));
  }

  /** A report image of a version ({@link #IMAGES}), if it is there. */
  public Optional<byte[]> image(String version, String image) throws IOException {
    if (!IMAGES.contains(image)) {
      return Optional.empty();
    }
    Optional<Version> v = version(version);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Path p = v.get().dir().resolve("report").resolve(image);
    return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
  }
}

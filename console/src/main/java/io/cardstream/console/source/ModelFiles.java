package io.cardstream.console.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.registry.ModelMetrics;
import io.cardstream.common.registry.RegistryLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The model registry on a local file system, as training writes it ({@link RegistryLayout}): each
 * version's {@link ModelMetrics} and report curves, and the {@code CHAMPION} pointer. Plain file
 * paths: the console has no Hadoop.
 */
public final class ModelFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A version with its metrics. */
  public record Version(String name, Path dir, ModelMetrics metrics) {
    /** When it was trained, as the document says ("" when it does not). */
    public String createdAt() {
      return metrics.createdAt() == null ? "" : metrics.createdAt().toString();
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
      String v =
          Files.readString(
                  root.resolve(RegistryLayout.Pointer.CHAMPION.file()), StandardCharsets.UTF_8)
              .trim();
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
        version(dir.getFileName().toString()).ifPresent(out::add);
      }
    }
    out.sort(Comparator.comparing(Version::createdAt).thenComparing(Version::name).reversed());
    return out;
  }

  /** One version, if it is one (the name is checked: no path tricks). */
  public Optional<Version> version(String name) throws IOException {
    if (!RegistryLayout.isVersion(name)) {
      return Optional.empty();
    }
    Path dir = root.resolve(name);
    Path m = dir.resolve(RegistryLayout.METRICS);
    if (!Files.isRegularFile(m)) {
      return Optional.empty();
    }
    return Optional.of(new Version(name, dir, ModelMetrics.fromJson(JSON.readTree(m.toFile()))));
  }

  /** A report image of a version ({@link RegistryLayout.ReportFile#curve}), if it is there. */
  public Optional<byte[]> image(String version, String image) throws IOException {
    Optional<RegistryLayout.ReportFile> curve = RegistryLayout.ReportFile.curve(image);
    Optional<Version> v = curve.isEmpty() ? Optional.empty() : version(version);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Path p = v.get().dir().resolve(curve.get().path());
    return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
  }

  /** A version's model card page ({@link RegistryLayout.ReportFile#MODEL_CARD_HTML}), if any. */
  public Optional<byte[]> modelCard(String version) throws IOException {
    Optional<Version> v = version(version);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Path p = v.get().dir().resolve(RegistryLayout.ReportFile.MODEL_CARD_HTML.path());
    return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
  }
}

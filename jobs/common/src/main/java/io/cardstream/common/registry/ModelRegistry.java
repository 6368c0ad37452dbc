package io.cardstream.common.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.features.FeatureProfile;
import io.cardstream.common.json.JsonFields;
import io.cardstream.common.risk.Calibrator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The model registry on any Hadoop file system (local, s3a, s3), laid out as {@link RegistryLayout}
 * says: a directory per version (the model, {@link ModelMetrics}, the training profile, the
 * report), {@code CHAMPION} naming the promoted version and {@code CHALLENGER} the version the
 * stream scores in the shadow (its score goes to silver, the champion decides).
 *
 * <p>The pointer is replaced atomically: on a local disk by writing a temporary file and renaming
 * it over the old one; on an object store by one PUT, which S3 makes visible all at once.
 */
public final class ModelRegistry {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final FileSystem fs;

  public ModelRegistry(String root, Configuration conf) {
    this.root = new Path(root);
    try {
      this.fs = this.root.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the model registry at " + root, e);
    }
  }

  public Path root() {
    return root;
  }

  public Path versionDir(String version) {
    return new Path(root, version);
  }

  public Path modelPath(String version) {
    return new Path(versionDir(version), RegistryLayout.MODEL);
  }

  /** A new version name that is not taken yet, derived from the creation time. */
  public String newVersion(String timestamp) throws IOException {
    String v = timestamp;
    for (int i = 2; fs.exists(versionDir(v)); i++) {
      v = timestamp + "-" + i;
    }
    return v;
  }

  /** The promoted version, if any. */
  public Optional<String> champion() throws IOException {
    return pointer(RegistryLayout.Pointer.CHAMPION);
  }

  /** The version scored in the shadow, if any. */
  public Optional<String> challenger() throws IOException {
    return pointer(RegistryLayout.Pointer.CHALLENGER);
  }

  /** The version a pointer file names, if it exists and is not empty. */
  public Optional<String> pointer(RegistryLayout.Pointer pointer) throws IOException {
    Path p = new Path(root, pointer.file());
    if (!fs.exists(p)) {
      return Optional.empty();
    }
    String v = read(p).trim();
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** A version's metrics.json, if it has one. */
  public Optional<ModelMetrics> metrics(String version) throws IOException {
    return json(version, RegistryLayout.METRICS).map(ModelMetrics::fromJson);
  }

  /**
   * A version's training profile, if it has one (versions from before the drift guard have not).
   */
  public Optional<FeatureProfile> profile(String version) throws IOException {
    return json(version, RegistryLayout.PROFILE).map(FeatureProfile::fromJson);
  }

  /**
   * A version's calibration of its raw score, if it has one (versions from before calibration have
   * not: their raw score is their score).
   */
  public Optional<Calibrator> calibration(String version) throws IOException {
    return json(version, RegistryLayout.CALIBRATION).map(Calibrator::fromJson);
  }

  public void writeCalibration(String version, Calibrator calibration) throws IOException {
    write(
        version,
        RegistryLayout.CALIBRATION,
        calibration.toJsonString().getBytes(StandardCharsets.UTF_8));
  }

  public void writeMetrics(String version, ModelMetrics metrics) throws IOException {
    write(version, RegistryLayout.METRICS, metrics.toBytes());
  }

  public void writeProfile(String version, FeatureProfile profile) throws IOException {
    write(version, RegistryLayout.PROFILE, JsonFields.pretty(profile.toJson(JSON)));
  }

  private Optional<JsonNode> json(String version, String relativePath) throws IOException {
    Path p = new Path(versionDir(version), relativePath);
    return fs.exists(p) ? Optional.of(JSON.readTree(read(p))) : Optional.empty();
  }

  public void write(String version, String relativePath, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(new Path(versionDir(version), relativePath), true)) {
      out.write(bytes);
    }
  }

  /** Points CHAMPION at {@code version}, atomically. */
  public void promote(String version) throws IOException {
    point(RegistryLayout.Pointer.CHAMPION, version);
  }

  /** Points CHALLENGER at {@code version}, atomically: the stream scores it in the shadow. */
  public void challenge(String version) throws IOException {
    point(RegistryLayout.Pointer.CHALLENGER, version);
  }

  /** Removes the CHALLENGER pointer (promoted or beaten): the stream stops scoring it. */
  public void clearChallenger() throws IOException {
    fs.delete(new Path(root, RegistryLayout.Pointer.CHALLENGER.file()), false);
  }

  private void point(RegistryLayout.Pointer pointer, String version) throws IOException {
    String name = pointer.file();
    if (!fs.exists(modelPath(version))) {
      throw new IllegalStateException(
          "cannot point "
              + name
              + " at "
              + version
              + ": "
              + modelPath(version)
              + " does not exist");
    }
    Path file = new Path(root, name);
    byte[] bytes = (version + "\n").getBytes(StandardCharsets.UTF_8);
    if ("file".equals(fs.getScheme())) {
      java.nio.file.Path target = java.nio.file.Path.of(fs.makeQualified(file).toUri());
      java.nio.file.Path tmp = target.resolveSibling(name + ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } else {
      try (OutputStream out = fs.create(file, true)) {
        out.write(bytes);
      }
    }
  }

  private String read(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toString(StandardCharsets.UTF_8);
    }
  }
}

package io.cardstream.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The staging files of the warehouse load, through the Hadoop FileSystem API so the same code works
 * on file:, s3a: and EMR's s3:.
 */
public final class StagingArea {

  /** A written manifest: where it is (as the warehouse addresses it) and what it lists. */
  public record ManifestFile(String url, Manifest manifest) {}

  private final Configuration conf;

  public StagingArea(Configuration conf) {
    this.conf = conf;
  }

  /**
   * Lists the data files Spark wrote into {@code dir} (part-* only: not _SUCCESS, .crc or files of
   * an aborted attempt, which Spark leaves under _temporary) and writes {@code dir/manifest.json}
   * listing exactly those.
   */
  public ManifestFile writeManifest(String dir) throws IOException {
    Path base = new Path(dir);
    FileSystem fs = base.getFileSystem(conf);
    FileStatus[] listed = fs.listStatus(base);
    Arrays.sort(listed, Comparator.comparing(s -> s.getPath().getName()));
    List<Manifest.Entry> entries = new ArrayList<>();
    for (FileStatus s : listed) {
      if (s.isFile() && s.getPath().getName().startsWith("part-") && s.getLen() > 0) {
        entries.add(
            new Manifest.Entry(
                // Qualified like the manifest's own URL below (listStatus keeps the input's form).
                Manifest.warehouseUrl(
                    fs.makeQualified(new Path(base, s.getPath().getName())).toUri().toString()),
                s.getLen()));
      }
    }
    Manifest manifest = new Manifest(entries);
    Path file = new Path(base, Manifest.FILE_NAME);
    try (OutputStream out = fs.create(file, true)) {
      out.write(manifest.toJson().getBytes(StandardCharsets.UTF_8));
    }
    return new ManifestFile(
        Manifest.warehouseUrl(fs.makeQualified(file).toUri().toString()), manifest);
  }

  /** Reads a manifest by the URL the warehouse knows it by. */
  public Manifest readManifest(String url) throws IOException {
    try (InputStream in = open(url)) {
      return Manifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * Opens a file by its manifest URL. Manifest URLs say s3:// (for Redshift); outside EMR, where no
   * FileSystem serves s3:, they are read through s3a.
   */
  public InputStream open(String url) throws IOException {
    Path path = new Path(hadoopUrl(url));
    FSDataInputStream in = path.getFileSystem(conf).open(path);
    return in;
  }

  /** Deletes one load's staging directory; true if it existed. */
  public boolean delete(String dir) throws IOException {
    Path path = new Path(dir);
    return path.getFileSystem(conf).delete(path, true);
  }

  String hadoopUrl(String url) {
    if (url.startsWith("s3://") && conf.get("fs.s3.impl") == null) {
      return "s3a://" + url.substring("s3://".length());
    }
    return url;
  }
}

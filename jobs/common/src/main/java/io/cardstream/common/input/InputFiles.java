package io.cardstream.common.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Input files as users have them: plain ({@code .csv}, {@code .json}, ...), gzipped ({@code .gz})
 * or a zip archive holding one data file, as Kaggle serves its downloads ({@code
 * fraudTrain.csv.zip} or {@code archive.zip} with {@code fraudTrain.csv} inside). Other archive and
 * compression formats get a clear error instead of being read as text.
 */
public final class InputFiles {

  private static final java.util.List<String> REFUSED =
      java.util.List.of(".bz2", ".xz", ".7z", ".rar", ".tar", ".tgz", ".zst", ".lz4");

  private InputFiles() {}

  /**
   * Opens the file's text (UTF-8).
   *
   * @throws IllegalArgumentException when the file is missing, or an archive this cannot read, or a
   *     zip without exactly one data file
   */
  public static BufferedReader open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "input file " + file + " does not exist or is not a regular file",
          new NoSuchFileException(file.toString()));
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    for (String ext : REFUSED) {
      if (name.endsWith(ext)) {
        throw new IllegalArgumentException(
            "input file "
                + file
                + " is a "
                + ext
                + " archive: give a .csv or .json file, gzipped (.gz) or in a .zip");
      }
    }
    InputStream in = Files.newInputStream(file);
    try {
      if (name.endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      } else if (name.endsWith(".zip")) {
        in = zipEntry(file, in);
      }
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  /** The one data file of a zip (a Kaggle download): skips directories and macOS metadata. */
  private static InputStream zipEntry(Path file, InputStream raw) throws IOException {
    String only = null;
    try (ZipInputStream scan = new ZipInputStream(Files.newInputStream(file))) {
      for (ZipEntry e = scan.getNextEntry(); e != null; e = scan.getNextEntry()) {
        if (isData(e)) {
          if (only != null) {
            throw new IllegalArgumentException(
                "zip file "
                    + file
                    + " holds several data files ("
                    + only
                    + ", "
                    + e.getName()
                    + "): unzip it and give one of them");
          }
          only = e.getName();
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new IllegalArgumentException(
          "input file " + file + " is not a valid zip: " + e.getMessage(), e);
    }
    if (only == null) {
      throw new IllegalArgumentException("zip file " + file + " holds no data file");
    }
    ZipInputStream zip = new ZipInputStream(raw);
    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
      if (e.getName().equals(only)) {
        return zip;
      }
    }
    throw new IllegalStateException("zip entry " + only + " disappeared from " + file);
  }

  private static boolean isData(ZipEntry e) {
    String n = e.getName();
    return !e.isDirectory()
        && !n.startsWith("__MACOSX/")
        && !n.substring(n.lastIndexOf('/') + 1).startsWith(".");
  }
}

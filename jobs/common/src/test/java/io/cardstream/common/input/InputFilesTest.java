package io.cardstream.common.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain, gzipped and zipped inputs read the same; other archives and bad zips say what to do. */
class InputFilesTest {

  private static final String CSV = KaggleCsvWriter.HEADER + "\n0,a\n1,b\n";

  @TempDir Path dir;

  private static List<String> lines(Path p) throws IOException {
    try (BufferedReader r = InputFiles.open(p)) {
      return r.lines().toList();
    }
  }

  private Path zip(String name, String... entries) throws IOException {
    Path z = dir.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
      for (String e : entries) {
        out.putNextEntry(new ZipEntry(e));
        if (!e.endsWith("/")) {
          out.write(CSV.getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
      }
    }
    return z;
  }

  @Test
  void csvGzipAndAKaggleZipGiveTheSameLines() throws IOException {
    Path csv = Files.writeString(dir.resolve("fraudTrain.csv"), CSV);
    Path gz = dir.resolve("fraudTrain.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(CSV.getBytes(StandardCharsets.UTF_8));
    }
    // Kaggle's archive.zip: a folder, macOS metadata and the one CSV.
    Path zip = zip("archive.zip", "data/", "__MACOSX/._fraudTrain.csv", "data/fraudTrain.csv");
    List<String> expected = List.of(KaggleCsvWriter.HEADER, "0,a", "1,b");
    assertThat(lines(csv)).isEqualTo(expected);
    assertThat(lines(gz)).isEqualTo(expected);
    assertThat(lines(zip)).isEqualTo(expected);
  }

  @Test
  void anythingElseGetsAClearError() throws IOException {
    assertThatThrownBy(() -> InputFiles.open(dir.resolve("missing.csv")))
        .hasMessageEndingWith("missing.csv does not exist or is not a regular file");
    Path bz2 = Files.writeString(dir.resolve("fraudTrain.csv.bz2"), "x");
    assertThatThrownBy(() -> InputFiles.open(bz2))
        .hasMessageEndingWith(
            "fraudTrain.csv.bz2 is a .bz2 archive: give a .csv or .json file, gzipped (.gz) or in"
                + " a .zip");
    Path two = zip("both.zip", "fraudTrain.csv", "fraudTest.csv");
    assertThatThrownBy(() -> InputFiles.open(two))
        .hasMessageEndingWith(
            "holds several data files (fraudTrain.csv, fraudTest.csv): unzip it and give one of"
                + " them");
    Path empty = zip("empty.zip", "data/");
    assertThatThrownBy(() -> InputFiles.open(empty)).hasMessageEndingWith("holds no data file");
    Path notZip = Files.writeString(dir.resolve("fake.zip"), "not a zip at all");
    assertThatThrownBy(() -> InputFiles.open(notZip)).hasMessageContaining("holds no data file");
  }
}

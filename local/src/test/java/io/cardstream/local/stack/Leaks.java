package io.cardstream.local.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;

/**
 * Looks for known card numbers in what the pipeline wrote: in any spelling (digits joined by
 * spaces, dashes or dots), as a whole or inside a longer run of digits. Text, files, and the state
 * store's RocksDB files (read through RocksDB itself: their blocks are compressed).
 */
final class Leaks {

  private static final Pattern DIGITS = Pattern.compile("[0-9](?:[ .\\-]?[0-9])*");

  private final Set<String> pans;
  private final List<String> found = new ArrayList<>();

  Leaks(Set<String> pans) {
    this.pans = pans;
  }

  /** Where card numbers were found ({@code where: …digits}), empty when none. */
  List<String> found() {
    return found;
  }

  void text(String where, String text) {
    if (text == null) {
      return;
    }
    Matcher m = DIGITS.matcher(text);
    while (m.find()) {
      String d = m.group().replaceAll("[^0-9]", "");
      if (d.length() < 13) {
        continue;
      }
      for (int len = 13; len <= 19; len++) {
        for (int i = 0; i + len <= d.length(); i++) {
          if (pans.contains(d.substring(i, i + len))) {
            found.add(where + ": ..." + d.substring(i + len - 4, i + len));
            return;
          }
        }
      }
    }
  }

  /** Every regular file under {@code dir}, read as bytes; SST files through RocksDB. */
  void files(String where, Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        if (p.toString().endsWith(".sst")) {
          sst(where, p);
        } else {
          text(
              where + " " + dir.relativize(p),
              new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        }
      }
    }
  }

  private void sst(String where, Path file) {
    RocksDB.loadLibrary();
    try (Options o = new Options();
        SstFileReader reader = new SstFileReader(o)) {
      reader.open(file.toString());
      try (ReadOptions ro = new ReadOptions();
          SstFileReaderIterator it = reader.newIterator(ro)) {
        StringBuilder b = new StringBuilder();
        for (it.seekToFirst(); it.isValid(); it.next()) {
          b.append(new String(it.key(), StandardCharsets.ISO_8859_1))
              .append(' ')
              .append(new String(it.value(), StandardCharsets.ISO_8859_1))
              .append('\n');
        }
        text(where + " " + file.getFileName(), b.toString());
      }
    } catch (org.rocksdb.RocksDBException e) {
      found.add(where + " " + file + ": unreadable SST file (" + e.getMessage() + ")");
    }
  }
}

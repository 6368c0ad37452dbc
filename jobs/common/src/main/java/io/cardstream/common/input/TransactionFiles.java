package io.cardstream.common.input;

import io.cardstream.common.contract.ParseResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads a whole input file record by record, in order, with the parser for its format. */
public final class TransactionFiles {

  private TransactionFiles() {}

  /**
   * Calls {@code sink} for every data record of the file (blank lines are skipped).
   *
   * @param limit stop after this many records; {@code <= 0} reads everything
   * @return the number of records passed to the sink
   * @throws IllegalArgumentException when the file is missing or its header is not of the format
   */
  public static long read(
      Path file, InputFormat format, ReaderOptions options, long limit, Consumer<ParseResult> sink)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "input file " + file + " does not exist or is not a regular file",
          new NoSuchFileException(file.toString()));
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = format.hasHeader() ? in.readLine() : null;
      RecordParser parser = RecordParser.forFormat(format, header, options);
      long n = 0;
      String line;
      while ((limit <= 0 || n < limit) && (line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        n++;
        sink.accept(parser.parse(line, n));
      }
      return n;
    }
  }
}

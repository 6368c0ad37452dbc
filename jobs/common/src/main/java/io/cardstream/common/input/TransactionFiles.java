package io.cardstream.common.input;

import io.cardstream.common.contract.ParseResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads a whole input file record by record, in order, with the parser for its format; plain,
 * gzipped or zipped ({@link InputFiles}).
 */
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
    try (BufferedReader in = InputFiles.open(file)) {
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

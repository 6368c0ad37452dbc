package io.cardstream.common.input;

import io.cardstream.common.contract.ParseResult;
import java.io.Serializable;

/**
 * Parses one record (a CSV data line or a JSON message) into a {@link ParseResult}. Implementations
 * are immutable and serializable so Spark executors can run the same code as the plain-Java paths.
 */
public interface RecordParser extends Serializable {

  /**
   * Parses against the event-time window around now.
   *
   * @param record the line or message text, without line terminator
   * @param recordNumber 1-based position of the record among the data records of its input, used
   *     where a format has no id of its own (PaySim)
   */
  default ParseResult parse(String record, long recordNumber) {
    return parse(record, recordNumber, null);
  }

  /**
   * @param reference when the record arrived (a message's produce time): the event-time window is
   *     centred on it; null means now
   */
  ParseResult parse(String record, long recordNumber, java.time.Instant reference);

  /** Creates the parser for a format; CSV formats need their header line. */
  static RecordParser forFormat(InputFormat format, String headerLine, ReaderOptions options) {
    return switch (format) {
      case KAGGLE -> KaggleCsvParser.fromHeader(headerLine, options);
      case PAYSIM -> PaySimCsvParser.fromHeader(headerLine, options);
      case JSON -> new JsonEventParser(options);
    };
  }
}

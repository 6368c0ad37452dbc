package io.cardstream.common.input;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.TransactionValidator;
import io.cardstream.common.privacy.PayloadMasker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kaggle "Credit Card Transactions Fraud Detection" layout: a leading unnamed index column,
 * then Sparkov columns. Columns are located by header name, so column order and the index column
 * are not assumed.
 */
public final class KaggleCsvParser implements RecordParser {

  private static final List<String> REQUIRED = List.of("trans_num", "cc_num", "amt");
  private static final List<String> SENSITIVE = List.of("cc_num", "first", "last", "street", "dob");

  private final String[] names;
  private final int[] sensitiveColumns;
  private final ReaderOptions options;

  private KaggleCsvParser(String[] names, ReaderOptions options) {
    this.names = names;
    this.options = options;
    List<Integer> sensitive = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      if (SENSITIVE.contains(names[i])) {
        sensitive.add(i);
      }
    }
    this.sensitiveColumns = sensitive.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * @throws IllegalArgumentException when the header is not a Kaggle/Sparkov header
   */
  public static KaggleCsvParser fromHeader(String headerLine, ReaderOptions options) {
    if (headerLine == null) {
      throw new IllegalArgumentException("the Kaggle CSV is empty: expected a header line");
    }
    String[] names;
    try {
      names = Csv.split(stripBom(headerLine));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the Kaggle CSV header is not valid CSV: " + e.getMessage());
    }
    List<String> present = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      names[i] = names[i].trim();
      present.add(names[i]);
    }
    List<String> missing = new ArrayList<>();
    for (String r : REQUIRED) {
      if (!present.contains(r)) {
        missing.add(r);
      }
    }
    if (!present.contains("trans_date_trans_time") && !present.contains("event_time")) {
      missing.add("trans_date_trans_time");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "not a Kaggle/Sparkov CSV header: missing column(s) "
              + missing
              + " (is this a PaySim file? use --format paysim)");
    }
    return new KaggleCsvParser(names, options);
  }

  @Override
  public ParseResult parse(String record, long recordNumber, java.time.Instant reference) {
    if (record.length() > options.maxRecordChars()) {
      return Rejections.oversized(record, options.maxRecordChars(), this::mask);
    }
    String[] values;
    try {
      values = Csv.split(record);
    } catch (IllegalArgumentException e) {
      return Rejections.malformed(record, "malformed CSV line: " + e.getMessage(), this::mask);
    }
    if (values.length != names.length) {
      return Rejections.malformed(
          record,
          "CSV line has " + values.length + " fields; the header has " + names.length,
          this::mask);
    }
    Map<String, String> fields = new HashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      fields.put(names[i], values[i]);
    }
    return new TransactionValidator(this::mask, options).validate(fields, record, reference);
  }

  String mask(String line) {
    return PayloadMasker.maskCsv(line, names.length, sensitiveColumns);
  }

  static String stripBom(String s) {
    return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
  }
}

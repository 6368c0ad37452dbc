package io.cardstream.common.input;

import io.cardstream.common.contract.EventTimes;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.TransactionValidator;
import io.cardstream.common.privacy.PayloadMasker;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PaySim mobile-money CSV mapped onto the Sparkov contract: {@code nameOrig} (account, minus its
 * letter prefix) is the card, {@code nameDest} the merchant, {@code type} the category, {@code
 * step} hours after {@link ReaderOptions#paysimStart()} the event time. PaySim has no id, so {@code
 * trans_num} is {@code paysim-<record number>}. The balance columns are dropped here on purpose:
 * they leak the label in that dataset.
 */
public final class PaySimCsvParser implements RecordParser {

  private static final List<String> COLUMNS =
      List.of(
          "step",
          "type",
          "amount",
          "nameOrig",
          "oldbalanceOrg",
          "newbalanceOrig",
          "nameDest",
          "oldbalanceDest",
          "newbalanceDest",
          "isFraud",
          "isFlaggedFraud");

  private final int step;
  private final int type;
  private final int amount;
  private final int nameOrig;
  private final int nameDest;
  private final int isFraud;
  private final int width;
  private final ReaderOptions options;

  private PaySimCsvParser(List<String> header, ReaderOptions options) {
    this.step = header.indexOf("step");
    this.type = header.indexOf("type");
    this.amount = header.indexOf("amount");
    this.nameOrig = header.indexOf("nameOrig");
    this.nameDest = header.indexOf("nameDest");
    this.isFraud = header.indexOf("isFraud");
    this.width = header.size();
    this.options = options;
  }

  /**
   * @throws IllegalArgumentException when the header is not PaySim's
   */
  public static PaySimCsvParser fromHeader(String headerLine, ReaderOptions options) {
    if (headerLine == null) {
      throw new IllegalArgumentException("the PaySim CSV is empty: expected a header line");
    }
    List<String> header =
        List.of(Csv.split(KaggleCsvParser.stripBom(headerLine))).stream()
            .map(String::trim)
            .toList();
    List<String> missing = COLUMNS.stream().filter(c -> !header.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "not a PaySim CSV header: missing column(s) "
              + missing
              + " (is this a Kaggle file? use --format kaggle)");
    }
    return new PaySimCsvParser(header, options);
  }

  @Override
  public ParseResult parse(String record, long recordNumber, java.time.Instant reference) {
    if (record.length() > options.maxRecordChars()) {
      return Rejections.oversized(record, options.maxRecordChars(), this::mask);
    }
    String[] v;
    try {
      v = Csv.split(record);
    } catch (IllegalArgumentException e) {
      return Rejections.malformed(record, "malformed CSV line: " + e.getMessage(), this::mask);
    }
    if (v.length != width) {
      return Rejections.malformed(
          record, "CSV line has " + v.length + " fields; the header has " + width, this::mask);
    }
    Map<String, String> f = new HashMap<>();
    f.put("trans_num", "paysim-" + recordNumber);
    f.put("event_time", eventTime(v[step].trim()));
    f.put("cc_num", accountDigits(v[nameOrig].trim()));
    f.put("merchant", v[nameDest].trim());
    f.put("category", v[type].trim().toLowerCase(Locale.ROOT));
    f.put("amt", v[amount].trim());
    f.put("is_fraud", v[isFraud].trim());
    return new TransactionValidator(this::mask, options).validate(f, record, reference);
  }

  /** Step hours after the start; a bad step is passed through so validation names it. */
  private String eventTime(String stepText) {
    try {
      long hours = Long.parseLong(stepText);
      if (hours < 0) {
        return stepText;
      }
      Instant t = options.paysimStart().plusSeconds(hours * 3600);
      return EventTimes.formatSparkov(t);
    } catch (NumberFormatException e) {
      return stepText;
    }
  }

  /** {@code C1231006815} -> {@code 1231006815}; other shapes are left for validation to reject. */
  private static String accountDigits(String name) {
    if (name.length() > 1 && Character.isLetter(name.charAt(0))) {
      return name.substring(1);
    }
    return name;
  }

  private String mask(String line) {
    // nameOrig stands in for the card number; nameDest accounts are customers too.
    return PayloadMasker.maskCsv(line, width, nameOrig, nameDest);
  }
}

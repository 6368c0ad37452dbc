package io.cardstream.streaming;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.contract.TokenizedTransaction;
import io.cardstream.common.contract.TransactionSchema;
import io.cardstream.common.input.JsonEventParser;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.privacy.PayloadMasker;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parse, validate and tokenize each message, right after the source: from here on no row holds a
 * card number. A rejected message keeps only its reason, detail and masked payload.
 */
public final class EventParsing {

  public static final String REJECT_REASON = TransactionSchema.REJECT_REASON;
  public static final String REJECT_DETAIL = "reject_detail";
  public static final String MASKED_PAYLOAD = "masked_payload";

  /** Tokenized fields (all nullable: null for rejects), ingest metadata, reject fields. */
  public static final StructType PARSED = parsedSchema();

  private EventParsing() {}

  private static StructType parsedSchema() {
    StructType s = TransactionSchema.TOKENIZED_OR_REJECTED;
    for (StructField f : TransactionSchema.INGEST.fields()) {
      s = s.add(f);
    }
    return s.add(REJECT_REASON, DataTypes.StringType, true)
        .add(REJECT_DETAIL, DataTypes.StringType, true)
        .add(MASKED_PAYLOAD, DataTypes.StringType, true);
  }

  /** {@code input} has the columns of {@link io.cardstream.streaming.source.Source#COLUMNS}. */
  public static Dataset<Row> parse(
      Dataset<Row> input, PanTokenizer tokenizer, ReaderOptions options) {
    return input.mapPartitions(
        (MapPartitionsFunction<Row, Row>) it -> Rows.map(it, new Parser(tokenizer, options)::parse),
        Encoders.row(PARSED));
  }

  private static final class Parser {
    private final PanTokenizer tokenizer;
    private final JsonEventParser parser;
    private final int tokenized = TransactionSchema.TOKENIZED.size();

    Parser(PanTokenizer tokenizer, ReaderOptions options) {
      this.tokenizer = tokenizer;
      this.parser = new JsonEventParser(options);
    }

    Row parse(Row r) {
      Object[] v = new Object[PARSED.size()];
      String payload = r.getString(0);
      try {
        parse(payload, reference(r), v);
      } catch (RuntimeException | StackOverflowError e) {
        // Whatever the validator let through and then failed here is this row's fault alone.
        java.util.Arrays.fill(v, null);
        reject(v, ReasonCode.PROCESSING_ERROR, Rejects.failed("parsing", e), mask(payload));
      }
      for (int i = 0; i < TransactionSchema.INGEST.size(); i++) {
        v[tokenized + i] = r.get(1 + i);
      }
      return RowFactory.create(v);
    }

    private void parse(String payload, Instant reference, Object[] v) {
      ParseResult p =
          payload == null
              ? new ParseResult.Rejected(ReasonCode.MALFORMED_RECORD, "empty message", "")
              : parser.parse(payload, 0, reference);
      if (p instanceof ParseResult.Valid valid) {
        Row t = TransactionSchema.toRow(TokenizedTransaction.of(valid.transaction(), tokenizer));
        for (int i = 0; i < tokenized; i++) {
          v[i] = t.get(i);
        }
      } else {
        ParseResult.Rejected rej = (ParseResult.Rejected) p;
        reject(v, rej.reason(), rej.detail(), rej.maskedPayload());
      }
    }

    /** The message's produce time (deterministic on replay), else when it was read. */
    private static Instant reference(Row r) {
      Timestamp produced =
          (Timestamp) r.get(1 + TransactionSchema.INGEST.fieldIndex("produce_time"));
      Timestamp ingested =
          (Timestamp) r.get(1 + TransactionSchema.INGEST.fieldIndex("ingest_time"));
      Timestamp t = produced != null ? produced : ingested;
      return t == null ? null : t.toInstant();
    }

    private static String mask(String payload) {
      try {
        return payload == null ? "" : PayloadMasker.maskJson(payload);
      } catch (RuntimeException | StackOverflowError e) {
        return "";
      }
    }

    private static void reject(Object[] v, ReasonCode reason, String detail, String payload) {
      v[PARSED.size() - 3] = reason.name();
      v[PARSED.size() - 2] = detail;
      v[PARSED.size() - 1] = payload;
    }
  }
}

package io.cardstream.streaming;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.TokenizedTransaction;
import io.cardstream.common.contract.TransactionSchema;
import io.cardstream.common.input.JsonEventParser;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.privacy.PanTokenizer;
import java.util.Arrays;
import java.util.Iterator;
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

  public static final String REJECT_REASON = "reject_reason";
  public static final String REJECT_DETAIL = "reject_detail";
  public static final String MASKED_PAYLOAD = "masked_payload";

  /** Ingest metadata carried by every row. */
  public static final StructType METADATA =
      new StructType()
          .add("source", DataTypes.StringType, true)
          .add("source_partition", DataTypes.StringType, true)
          .add("source_offset", DataTypes.StringType, true)
          .add("produce_time", DataTypes.TimestampType, true)
          .add("ingest_time", DataTypes.TimestampType, true);

  /** Tokenized fields (all nullable: null for rejects), metadata, reject fields. */
  public static final StructType PARSED = parsedSchema();

  private EventParsing() {}

  private static StructType parsedSchema() {
    StructType s =
        new StructType(
            Arrays.stream(TransactionSchema.TOKENIZED.fields())
                .map(f -> f.copy(f.name(), f.dataType(), true, f.metadata()))
                .toArray(StructField[]::new));
    for (StructField f : METADATA.fields()) {
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
        (MapPartitionsFunction<Row, Row>) it -> new Parser(it, tokenizer, options),
        Encoders.row(PARSED));
  }

  private static final class Parser implements Iterator<Row> {
    private final Iterator<Row> in;
    private final PanTokenizer tokenizer;
    private final JsonEventParser parser;
    private final int tokenized = TransactionSchema.TOKENIZED.size();

    Parser(Iterator<Row> in, PanTokenizer tokenizer, ReaderOptions options) {
      this.in = in;
      this.tokenizer = tokenizer;
      this.parser = new JsonEventParser(options);
    }

    @Override
    public boolean hasNext() {
      return in.hasNext();
    }

    @Override
    public Row next() {
      Row r = in.next();
      Object[] v = new Object[PARSED.size()];
      String payload = r.getString(0);
      ParseResult p =
          payload == null
              ? new ParseResult.Rejected(
                  io.cardstream.common.contract.ReasonCode.MALFORMED_RECORD, "empty message", "")
              : parser.parse(payload, 0);
      if (p instanceof ParseResult.Valid valid) {
        Row t = TransactionSchema.toRow(TokenizedTransaction.of(valid.transaction(), tokenizer));
        for (int i = 0; i < tokenized; i++) {
          v[i] = t.get(i);
        }
      } else {
        ParseResult.Rejected rej = (ParseResult.Rejected) p;
        v[PARSED.size() - 3] = rej.reason().name();
        v[PARSED.size() - 2] = rej.detail();
        v[PARSED.size() - 1] = rej.maskedPayload();
      }
      for (int i = 0; i < METADATA.size(); i++) {
        v[tokenized + i] = r.get(1 + i);
      }
      return RowFactory.create(v);
    }
  }
}

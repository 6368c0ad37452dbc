package io.cardstream.common.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.contract.TransactionValidator;
import io.cardstream.common.privacy.PayloadMasker;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** One JSON object per record with Sparkov field names; numbers may also come as strings. */
public final class JsonEventParser implements RecordParser {

  // No source excerpts in parse errors: the excerpt could be a card number.
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .disable(
              com.fasterxml.jackson.core.StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION
                  .mappedFeature());

  private final ReaderOptions options;

  public JsonEventParser(ReaderOptions options) {
    this.options = options;
  }

  @Override
  public ParseResult parse(String record, long recordNumber, java.time.Instant reference) {
    if (record.length() > options.maxRecordChars()) {
      return Rejections.oversized(record, options.maxRecordChars(), PayloadMasker::maskJson);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(record);
    } catch (JsonProcessingException e) {
      return Rejections.malformed(
          record,
          "malformed JSON: " + e.getOriginalMessage().replaceAll("\\s+", " "),
          PayloadMasker::maskJson);
    }
    if (root == null || !root.isObject()) {
      return Rejections.malformed(
          record,
          "a transaction must be a JSON object, got "
              + (root == null ? "nothing" : root.getNodeType()),
          PayloadMasker::maskJson);
    }
    Map<String, String> fields = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isContainerNode()) {
        return new ParseResult.Rejected(
            e.getKey().equals("amt") ? ReasonCode.NON_NUMERIC_AMOUNT : ReasonCode.INVALID_FIELD,
            "field '" + e.getKey() + "' must be a string or a number, got " + v.getNodeType(),
            PayloadMasker.maskJson(record));
      }
      if (!v.isNull()) {
        fields.put(e.getKey(), v.asText());
      }
    }
    return new TransactionValidator(PayloadMasker::maskJson, options)
        .validate(fields, record, reference);
  }
}

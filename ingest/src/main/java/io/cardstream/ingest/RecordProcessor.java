package io.cardstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.contract.Transaction;
import io.cardstream.common.input.JsonEventParser;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionJson;
import io.cardstream.common.privacy.PanTokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges each record of a request with the project's validator (the one the stream quarantines
 * with) and tokenizes the accepted ones at the edge: no clear card number or IBAN leaves this
 * class.
 */
final class RecordProcessor {

  /** Fields of the card shape; a record with one of these and a transfer marker is ambiguous. */
  private static final List<String> CARD_FIELDS =
      List.of("trans_num", "cc_num", "card_id", "amt", "event_time", "trans_date_trans_time");

  private final ReaderOptions options;
  private final JsonEventParser cards;
  private final TransferAdapter transfers;
  private final PanTokenizer tokenizer;

  RecordProcessor(PanTokenizer tokenizer, ReaderOptions options) {
    this.options = options;
    this.cards = new JsonEventParser(options);
    this.transfers = new TransferAdapter(tokenizer, options);
    this.tokenizer = tokenizer;
  }

  List<RecordOutcome> process(List<BatchBody.Element> elements) {
    List<RecordOutcome> out = new ArrayList<>(elements.size());
    // A record repeated inside one request is the client's mistake, not a retry: say so.
    Map<String, Integer> seen = new HashMap<>();
    for (BatchBody.Element e : elements) {
      RecordOutcome o = judge(e);
      if (o instanceof RecordOutcome.Accepted a) {
        Integer first = seen.putIfAbsent(a.event().key() + "|" + a.id(), e.index());
        if (first != null) {
          o =
              new RecordOutcome.Rejected(
                  e.index(),
                  ReasonCode.DUPLICATE_ID,
                  "the same transaction id for the same account appears earlier in this request"
                      + " (index "
                      + first
                      + ")");
        }
      }
      out.add(o);
    }
    return out;
  }

  RecordOutcome judge(BatchBody.Element e) {
    if (!e.isObject()) {
      return new RecordOutcome.Rejected(
          e.index(),
          ReasonCode.MALFORMED_RECORD,
          "a record must be a JSON object, got " + e.type());
    }
    ParseResult r = parse(e.node(), e.raw(), e.index() + 1L);
    if (r instanceof ParseResult.Rejected rej) {
      return new RecordOutcome.Rejected(e.index(), rej.reason(), rej.detail());
    }
    Transaction t = ((ParseResult.Valid) r).transaction();
    String token = t.ccNum() != null ? tokenizer.cardId(t.ccNum()) : t.cardToken();
    // An API client cannot label its own transactions: is_fraud is dropped here (labels come from
    // replays of labelled datasets and from answered cases).
    Transaction stored = t.tokenized(token, false);
    return new RecordOutcome.Accepted(
        e.index(), stored.transNum(), new EventSink.Event(token, TransactionJson.write(stored)));
  }

  /** The validator's verdict on one record object, in either shape. */
  ParseResult parse(JsonNode node, String raw, long recordNumber) {
    if (!TransferAdapter.isTransfer(node)) {
      return cards.parse(raw, recordNumber);
    }
    if (CARD_FIELDS.stream().anyMatch(node::has)) {
      return new ParseResult.Rejected(
          ReasonCode.INVALID_FIELD,
          "the record mixes the card shape (trans_num, cc_num, amt, ...) and the bank-transfer"
              + " shape (trxId, senderIban, ...); send one of them",
          io.cardstream.common.privacy.PayloadMasker.maskJson(raw));
    }
    if (raw.length() > options.maxRecordChars()) {
      return new ParseResult.Rejected(
          ReasonCode.OVERSIZED_RECORD,
          "record has " + raw.length() + " characters; the maximum is " + options.maxRecordChars(),
          "");
    }
    return transfers.parse(node, raw);
  }
}

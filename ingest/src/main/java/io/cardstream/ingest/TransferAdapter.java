package io.cardstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.contract.TransactionValidator;
import io.cardstream.common.privacy.Iban;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.common.privacy.PayloadMasker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed API's bank transfer ({@code trxId, amount, senderIban, receiverIban, transactionDate,
 * ...}) as a transaction of the contract: the sender's account stands for the card (tokenized here,
 * at the edge), the receiver's account for the merchant. The mapped fields go through the project's
 * own validator, so a transfer is accepted on exactly the rules a card event is.
 */
final class TransferAdapter {

  static final String CATEGORY = "bank_transfer";

  /** The fields of the transfer shape; any of the first four marks a record as a transfer. */
  static final List<String> MARKERS =
      List.of("trxId", "senderIban", "receiverIban", "transactionDate");

  static final List<String> FIELDS =
      List.of(
          "trxId",
          "amount",
          "senderId",
          "receiverId",
          "senderIban",
          "receiverIban",
          "senderBankId",
          "receiverBankId",
          "transactionDate");

  // Stands in for the account while the other fields are validated (see parse); never leaves here.
  private static final String PLACEHOLDER_TOKEN = "0".repeat(64);

  private final PanTokenizer tokenizer;
  private final TransactionValidator validator;

  TransferAdapter(PanTokenizer tokenizer) {
    this(tokenizer, io.cardstream.common.input.ReaderOptions.defaults());
  }

  TransferAdapter(PanTokenizer tokenizer, io.cardstream.common.input.ReaderOptions options) {
    this.tokenizer = tokenizer;
    this.validator = new TransactionValidator(PayloadMasker::maskJson, options);
  }

  static boolean isTransfer(JsonNode record) {
    return MARKERS.stream().anyMatch(record::has);
  }

  /**
   * Validates and maps one transfer; a valid one comes back edge-tokenized ({@code card_id} = the
   * token of the sender's IBAN, {@code card_last4} = its last four characters).
   */
  ParseResult parse(JsonNode record, String raw) {
    Map<String, String> in = new HashMap<>();
    for (String name : FIELDS) {
      JsonNode v = record.get(name);
      if (v == null || v.isNull()) {
        continue;
      }
      if (v.isContainerNode()) {
        return rejected(
            name.equals("amount") ? ReasonCode.NON_NUMERIC_AMOUNT : ReasonCode.INVALID_FIELD,
            "field '" + name + "' must be a string or a number, got " + v.getNodeType(),
            raw);
      }
      in.put(name, v.asText());
    }
    String sender = Iban.normalize(in.get("senderIban"));
    String receiver = Iban.normalize(in.get("receiverIban"));

    Map<String, String> f = new HashMap<>();
    put(f, "trans_num", in.get("trxId"));
    put(f, "event_time", in.get("transactionDate"));
    put(f, "amt", in.get("amount"));
    f.put("category", CATEGORY);
    // The contract checks id, time and amount before the card: to keep that order (and its
    // reason codes), an invalid account is replaced by a placeholder until those passed.
    f.put("card_id", sender != null ? tokenizer.cardId(sender) : PLACEHOLDER_TOKEN);
    f.put("card_last4", sender != null ? sender.substring(sender.length() - 4) : "0000");
    f.put("merchant", receiver != null ? merchant(receiver) : "acct_placeholder");

    ParseResult r = validator.validate(f, raw);
    if (r instanceof ParseResult.Rejected rej) {
      return rejected(rej.reason(), inTransferTerms(rej.reason(), rej.detail()), raw);
    }
    if (sender == null) {
      return rejected(ReasonCode.BAD_ACCOUNT_NUMBER, accountProblem("senderIban", in), raw);
    }
    if (receiver == null) {
      return rejected(ReasonCode.BAD_ACCOUNT_NUMBER, accountProblem("receiverIban", in), raw);
    }
    return r;
  }

  /** The receiving account as a merchant id: a short, stable pseudonym, never the IBAN. */
  String merchant(String normalizedIban) {
    return "acct_" + tokenizer.cardId(normalizedIban).substring(0, 16);
  }

  // The value is an account number: it is never quoted.
  private static String accountProblem(String field, Map<String, String> in) {
    return in.get(field) == null || in.get(field).isBlank()
        ? field + " is missing"
        : field
            + " is not a valid IBAN (two letters, two check digits, 11 to 30 letters or "
            + "digits, and the check digits must match)";
  }

  /** The validator speaks of the contract's fields; the client sent the transfer's. */
  private static String inTransferTerms(ReasonCode reason, String detail) {
    return switch (reason) {
      case MISSING_ID -> "trxId is missing or blank";
      case MISSING_TIME -> "transactionDate is missing";
      case BAD_ID, CARD_NUMBER_IN_FIELD -> detail.replaceFirst("^trans_num", "trxId");
      case UNPARSEABLE_TIME, TIME_OUT_OF_RANGE ->
          detail.replaceFirst("^event time", "transactionDate");
      case MISSING_AMOUNT, NON_NUMERIC_AMOUNT, NON_POSITIVE_AMOUNT, AMOUNT_OUT_OF_RANGE ->
          detail.replaceFirst("^amt\\b", "amount");
      default -> detail;
    };
  }

  private static ParseResult.Rejected rejected(ReasonCode reason, String detail, String raw) {
    return new ParseResult.Rejected(reason, detail, PayloadMasker.maskJson(raw));
  }

  private static void put(Map<String, String> f, String name, String value) {
    if (value != null) {
      f.put(name, value);
    }
  }
}

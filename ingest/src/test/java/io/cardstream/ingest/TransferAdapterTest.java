package io.cardstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.contract.Transaction;
import io.cardstream.common.input.JsonEventParser;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionJson;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.service.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransferAdapterTest {

  static final PanTokenizer TOKENIZER =
      new PanTokenizer("a-test-key-of-at-least-16-bytes".getBytes());
  static final String SENDER = "DE89370400440532013000";
  static final String RECEIVER = "GB82WEST12345698765432";

  final TransferAdapter adapter = new TransferAdapter(TOKENIZER);

  static String transfer(Map<String, Object> override) {
    Map<String, Object> m =
        new java.util.LinkedHashMap<>(
            Map.of(
                "trxId", "trx-42",
                "amount", 1250.5,
                "senderId", "cust-1",
                "receiverId", "cust-2",
                "senderIban", "DE89 3704 0044 0532 0130 00",
                "receiverIban", RECEIVER,
                "senderBankId", "COBADEFF",
                "receiverBankId", "WESTGB22",
                "transactionDate", "2023-10-10T10:00:00.000+0000"));
    m.putAll(override);
    m.values().removeIf(v -> v == NULL);
    return Json.MAPPER.valueToTree(m).toString();
  }

  static final Object NULL = new Object();

  ParseResult parse(String json) throws Exception {
    JsonNode n = Json.MAPPER.readTree(json);
    return adapter.parse(n, json);
  }

  @Test
  void mapsATransferOntoTheContractTokenizedAtTheEdge() throws Exception {
    ParseResult r = parse(transfer(Map.of()));

    Transaction t = ((ParseResult.Valid) r).transaction();
    String token = TOKENIZER.cardId(SENDER);
    assertThat(t.transNum()).isEqualTo("trx-42");
    assertThat(t.eventTime()).isEqualTo(Instant.parse("2023-10-10T10:00:00Z"));
    assertThat(t.amt()).isEqualTo(1250.5);
    assertThat(t.category()).isEqualTo("bank_transfer");
    assertThat(t.ccNum()).isNull();
    assertThat(t.cardToken()).isEqualTo(token).hasSize(64);
    assertThat(t.cardLast4()).isEqualTo("3000");
    assertThat(t.merchant()).isEqualTo("acct_" + TOKENIZER.cardId(RECEIVER).substring(0, 16));
    assertThat(t.first()).isNull();
    assertThat(t.lat()).isNull();
  }

  @Test
  void theMappedEventIsOneTheStreamsValidatorAccepts() throws Exception {
    Transaction t = ((ParseResult.Valid) parse(transfer(Map.of()))).transaction();

    String json = TransactionJson.write(t);
    ParseResult again = new JsonEventParser(ReaderOptions.defaults()).parse(json, 1);

    Transaction back = ((ParseResult.Valid) again).transaction();
    assertThat(back.cardToken()).isEqualTo(TOKENIZER.cardId(SENDER));
    assertThat(back.tokenLast4()).isEqualTo("3000");
    assertThat(back.amt()).isEqualTo(1250.5);
    assertThat(json).doesNotContain("DE89").doesNotContain("WEST1234");
  }

  @Test
  void checkDigitsDecide() throws Exception {
    // One digit changed: the shape is right, the mod-97 check is not.
    ParseResult r = parse(transfer(Map.of("senderIban", "DE89370400440532013001")));

    ParseResult.Rejected rej = (ParseResult.Rejected) r;
    assertThat(rej.reason()).isEqualTo(ReasonCode.BAD_ACCOUNT_NUMBER);
    assertThat(rej.detail()).startsWith("senderIban is not a valid IBAN").doesNotContain("0532");
    assertThat(rej.maskedPayload()).doesNotContain("370400440532013001");

    ParseResult.Rejected receiver =
        (ParseResult.Rejected) parse(transfer(Map.of("receiverIban", "GB00WEST12345698765432")));
    assertThat(receiver.reason()).isEqualTo(ReasonCode.BAD_ACCOUNT_NUMBER);
    assertThat(receiver.detail()).startsWith("receiverIban is not a valid IBAN");

    ParseResult.Rejected missing =
        (ParseResult.Rejected) parse(transfer(Map.of("senderIban", NULL)));
    assertThat(missing.detail()).isEqualTo("senderIban is missing");
  }

  @Test
  void otherFieldsGetTheContractsReasonCodesInTheTransfersTerms() throws Exception {
    assertRejected(Map.of("trxId", NULL), ReasonCode.MISSING_ID, "trxId is missing or blank");
    assertRejected(Map.of("trxId", " "), ReasonCode.MISSING_ID, "trxId is missing or blank");
    assertRejected(
        Map.of("transactionDate", NULL), ReasonCode.MISSING_TIME, "transactionDate is missing");
    assertRejected(
        Map.of("transactionDate", "10/10/2023"),
        ReasonCode.UNPARSEABLE_TIME,
        "transactionDate '10/10/2023' is not ISO-8601 or yyyy-MM-dd HH:mm:ss (UTC is assumed when"
            + " no zone is given)");
    assertRejected(Map.of("amount", NULL), ReasonCode.MISSING_AMOUNT, "amount is missing");
    assertRejected(
        Map.of("amount", "ten"), ReasonCode.NON_NUMERIC_AMOUNT, "amount 'ten' is not a number");
    assertRejected(
        Map.of("amount", 0),
        ReasonCode.NON_POSITIVE_AMOUNT,
        "amount 0 must be a finite number greater than 0");
    assertRejected(
        Map.of("amount", Map.of("v", 1)),
        ReasonCode.NON_NUMERIC_AMOUNT,
        "field 'amount' must be a string or a number, got OBJECT");
    assertRejected(
        Map.of("senderId", java.util.List.of(1)),
        ReasonCode.INVALID_FIELD,
        "field 'senderId' must be a string or a number, got ARRAY");
  }

  @Test
  void theContractsOrderHoldsWhenTheAccountIsAlsoBad() throws Exception {
    assertRejected(
        Map.of("trxId", NULL, "senderIban", "XX00"),
        ReasonCode.MISSING_ID,
        "trxId is missing or blank");
  }

  private void assertRejected(Map<String, Object> override, ReasonCode reason, String detail)
      throws Exception {
    ParseResult r = parse(transfer(override));
    assertThat(r).isInstanceOf(ParseResult.Rejected.class);
    assertThat(((ParseResult.Rejected) r).reason()).isEqualTo(reason);
    assertThat(((ParseResult.Rejected) r).detail()).isEqualTo(detail);
  }
}

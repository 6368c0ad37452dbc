package io.cardstream.common.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.contract.TokenizedTransaction;
import io.cardstream.common.contract.Transaction;
import io.cardstream.common.privacy.PanTokenizer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events a producer tokenized at the edge: card_id + card_last4 instead of the card number. */
class EdgeTokenizedEventTest {

  private static final PanTokenizer TOKENIZER = PanTokenizer.fromEnvironment(Map.of());
  private static final JsonEventParser PARSER = new JsonEventParser(ReaderOptions.defaults());
  private static final String PAN = "4556737586899855";

  private static Transaction clear() {
    return ((ParseResult.Valid)
            PARSER.parse(
                "{\"trans_num\":\"t-1\",\"event_time\":\"2019-03-04T10:15:30Z\",\"cc_num\":\""
                    + PAN
                    + "\",\"amt\":12.5,\"first\":\"Ann\",\"last\":\"Lee\",\"street\":\"1 Oak St\","
                    + "\"dob\":\"1978-06-21\",\"city\":\"Orient\"}",
                1))
        .transaction();
  }

  @Test
  void aTokenizedEventRoundTripsWithTheSameTokenAndWithoutTheCardOrNames() {
    Transaction t = clear();
    String json = TransactionJson.write(t.tokenized(TOKENIZER.cardId(t.ccNum()), true));
    assertThat(json)
        .doesNotContain(PAN)
        .doesNotContain("Ann")
        .doesNotContain("Lee")
        .doesNotContain("Oak")
        .doesNotContain("1978")
        .contains("\"age\":40")
        .contains("\"card_id\":\"" + TOKENIZER.cardId(PAN) + "\"")
        .contains("\"card_last4\":\"9855\"");

    Transaction back = ((ParseResult.Valid) PARSER.parse(json, 1)).transaction();
    assertThat(back.ccNum()).isNull();
    assertThat(back.cardLast4()).isEqualTo("9855");
    TokenizedTransaction viaEdge = TokenizedTransaction.of(back, TOKENIZER);
    TokenizedTransaction viaStream = TokenizedTransaction.of(t, TOKENIZER);
    assertThat(viaEdge).isEqualTo(viaStream);
    assertThat(back.eventTime()).isEqualTo(Instant.parse("2019-03-04T10:15:30Z"));
  }

  @Test
  void theLabelTravelsOnlyWhenTheProducerSaysSo() {
    Transaction t =
        ((ParseResult.Valid)
                PARSER.parse(
                    "{\"trans_num\":\"t-2\",\"event_time\":\"2019-03-04T10:15:30Z\",\"cc_num\":\""
                        + PAN
                        + "\",\"amt\":12.5,\"is_fraud\":1}",
                    1))
            .transaction();
    String token = TOKENIZER.cardId(PAN);
    assertThat(TransactionJson.write(t.tokenized(token, true))).contains("\"is_fraud\":1");
    assertThat(TransactionJson.write(t.tokenized(token, false))).doesNotContain("is_fraud");
  }

  @Test
  void anEdgeAgeIsBounded() {
    String base =
        "{\"trans_num\":\"t\",\"event_time\":\"2019-03-04T10:15:30Z\",\"amt\":1,\"card_id\":\""
            + TOKENIZER.cardId(PAN)
            + "\",\"card_last4\":\"9855\",\"age\":";
    assertThat(((ParseResult.Valid) PARSER.parse(base + "130}", 1)).transaction().ageAtEvent())
        .isEqualTo(130);
    assertThat(((ParseResult.Rejected) PARSER.parse(base + "131}", 1)).reason())
        .isEqualTo(ReasonCode.INVALID_FIELD);
    assertThat(((ParseResult.Rejected) PARSER.parse(base + "-1}", 1)).reason())
        .isEqualTo(ReasonCode.INVALID_FIELD);
  }

  @Test
  void aTokenMustLookLikeOneAndCarryItsLastFour() {
    ParseResult bad =
        PARSER.parse(
            "{\"trans_num\":\"t\",\"event_time\":\"2019-03-04T10:15:30Z\",\"amt\":1,"
                + "\"card_id\":\"not-a-token\",\"card_last4\":\"1234\"}",
            1);
    assertThat(((ParseResult.Rejected) bad).reason()).isEqualTo(ReasonCode.BAD_CARD_NUMBER);
    assertThat(((ParseResult.Rejected) bad).detail()).contains("64 lowercase hex");

    ParseResult noLast4 =
        PARSER.parse(
            "{\"trans_num\":\"t\",\"event_time\":\"2019-03-04T10:15:30Z\",\"amt\":1,"
                + "\"card_id\":\""
                + TOKENIZER.cardId(PAN)
                + "\"}",
            1);
    assertThat(((ParseResult.Rejected) noLast4).detail()).contains("card_last4");
  }

  @Test
  void bankTransferDatesWithPlusZeroZeroOffsetsParse() {
    assertThat(io.cardstream.common.contract.EventTimes.parse("2023-10-10T10:00:00.000+0000"))
        .isEqualTo(Instant.parse("2023-10-10T10:00:00Z"));
    assertThat(io.cardstream.common.contract.EventTimes.parse("2023-10-10T12:00:00+0200"))
        .isEqualTo(Instant.parse("2023-10-10T10:00:00Z"));
  }
}

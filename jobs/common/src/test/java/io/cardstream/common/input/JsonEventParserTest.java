package io.cardstream.common.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.contract.Transaction;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonEventParserTest {

  private static final String PAN = "4556737586899855";
  private static final JsonEventParser PARSER = new JsonEventParser(ReaderOptions.defaults());

  private static String event(String overrides) {
    String base =
        "\"trans_num\":\"t-1\",\"event_time\":\"2019-03-04T10:15:30Z\",\"cc_num\":\""
            + PAN
            + "\",\"merchant\":\"fraud_Kirlin and Sons\",\"category\":\"grocery_pos\","
            + "\"amt\":12.5,\"first\":\"Ann\",\"last\":\"Lee\",\"gender\":\"F\","
            + "\"street\":\"1 Oak St\",\"city\":\"Orient\",\"state\":\"WA\",\"zip\":\"99160\","
            + "\"lat\":48.8878,\"long\":-118.2105,\"city_pop\":149,\"job\":\"Farmer\","
            + "\"dob\":\"1978-06-21\",\"merch_lat\":49.1,\"merch_long\":-118.1,\"is_fraud\":0";
    return "{" + base + (overrides.isEmpty() ? "" : "," + overrides) + "}";
  }

  @Test
  void parsesAValidEvent() {
    ParseResult r = PARSER.parse(event(""), 1);
    Transaction t = ((ParseResult.Valid) r).transaction();
    assertThat(t.transNum()).isEqualTo("t-1");
    assertThat(t.eventTime()).isEqualTo(Instant.parse("2019-03-04T10:15:30Z"));
    assertThat(t.amt()).isEqualTo(12.5);
    assertThat(t.lon()).isEqualTo(-118.2105);
    assertThat(t.cityPop()).isEqualTo(149L);
    assertThat(t.isFraud()).isZero();
  }

  @Test
  void acceptsSparkovTimeNumbersAsStringsAndOffsets() {
    Transaction a =
        ((ParseResult.Valid)
                PARSER.parse(
                    "{\"trans_num\":\"x\",\"trans_date_trans_time\":\"2019-01-01 00:00:18\","
                        + "\"cc_num\":2703186189652095,\"amt\":\"4.97\"}",
                    1))
            .transaction();
    assertThat(a.eventTime()).isEqualTo(Instant.parse("2019-01-01T00:00:18Z"));
    assertThat(a.ccNum()).isEqualTo("2703186189652095");
    assertThat(a.amt()).isEqualTo(4.97);

    Transaction b =
        ((ParseResult.Valid) PARSER.parse(event("\"event_time\":\"2019-03-04T12:15:30+02:00\""), 1))
            .transaction();
    assertThat(b.eventTime()).isEqualTo(Instant.parse("2019-03-04T10:15:30Z"));
  }

  static Stream<Arguments> badRecords() {
    return Stream.of(
        Arguments.of("{\"trans_num\": \"t-1\", " + PAN, ReasonCode.MALFORMED_RECORD),
        Arguments.of("[1,2,3]", ReasonCode.MALFORMED_RECORD),
        Arguments.of(event("\"pad\":\"" + "x".repeat(70_000) + "\""), ReasonCode.OVERSIZED_RECORD),
        Arguments.of(event("\"trans_num\":\"  \""), ReasonCode.MISSING_ID),
        Arguments.of(event("\"trans_num\":null"), ReasonCode.MISSING_ID),
        Arguments.of(event("\"event_time\":null"), ReasonCode.MISSING_TIME),
        Arguments.of(event("\"event_time\":\"yesterday\""), ReasonCode.UNPARSEABLE_TIME),
        Arguments.of(event("\"event_time\":\"2019-02-30 10:00:00\""), ReasonCode.UNPARSEABLE_TIME),
        Arguments.of(event("\"amt\":null"), ReasonCode.MISSING_AMOUNT),
        Arguments.of(event("\"amt\":\"twelve\""), ReasonCode.NON_NUMERIC_AMOUNT),
        Arguments.of(event("\"amt\":{\"value\":12}"), ReasonCode.NON_NUMERIC_AMOUNT),
        Arguments.of(event("\"amt\":-5.0"), ReasonCode.NON_POSITIVE_AMOUNT),
        Arguments.of(event("\"amt\":0"), ReasonCode.NON_POSITIVE_AMOUNT),
        Arguments.of(event("\"amt\":\"NaN\""), ReasonCode.NON_POSITIVE_AMOUNT),
        Arguments.of(event("\"cc_num\":\"4556-7375-8689-985X\""), ReasonCode.BAD_CARD_NUMBER),
        Arguments.of(event("\"cc_num\":\"1234567\""), ReasonCode.BAD_CARD_NUMBER),
        Arguments.of(event("\"cc_num\":null"), ReasonCode.BAD_CARD_NUMBER),
        Arguments.of(event("\"lat\":95.0"), ReasonCode.BAD_COORDINATES),
        Arguments.of(event("\"merch_long\":\"east\""), ReasonCode.BAD_COORDINATES),
        Arguments.of(event("\"city_pop\":\"many\""), ReasonCode.INVALID_FIELD),
        Arguments.of(event("\"is_fraud\":\"maybe\""), ReasonCode.INVALID_FIELD),
        Arguments.of(event("\"dob\":\"21/06/1978\""), ReasonCode.INVALID_FIELD),
        Arguments.of(event("\"merchant\":[\"a\"]"), ReasonCode.INVALID_FIELD),
        Arguments.of(event("\"trans_num\":\"" + "a".repeat(65) + "\""), ReasonCode.BAD_ID),
        Arguments.of(event("\"trans_num\":\"t 1\""), ReasonCode.BAD_ID),
        Arguments.of(event("\"trans_num\":\"t\\u00001\""), ReasonCode.BAD_ID),
        Arguments.of(event("\"trans_num\":\"../cases\""), ReasonCode.BAD_ID),
        Arguments.of(event("\"trans_num\":\"" + PAN + "\""), ReasonCode.CARD_NUMBER_IN_FIELD),
        Arguments.of(event("\"trans_num\":\"tx-" + PAN + "\""), ReasonCode.CARD_NUMBER_IN_FIELD),
        Arguments.of(
            event("\"merchant\":\"Shop 4556 7375 8689 9855\""), ReasonCode.CARD_NUMBER_IN_FIELD),
        Arguments.of(event("\"job\":\"x4556.7375.8689.9855\""), ReasonCode.CARD_NUMBER_IN_FIELD),
        Arguments.of(
            event("\"event_time\":\"+999999-01-01T00:00:00Z\""), ReasonCode.TIME_OUT_OF_RANGE),
        Arguments.of(
            event("\"event_time\":\"0001-01-01T00:00:00Z\""), ReasonCode.TIME_OUT_OF_RANGE),
        Arguments.of(
            event("\"event_time\":\"1990-01-01T00:00:00Z\""), ReasonCode.TIME_OUT_OF_RANGE),
        Arguments.of(
            event("\"event_time\":\"2200-01-01T00:00:00Z\""), ReasonCode.TIME_OUT_OF_RANGE),
        Arguments.of(event("\"amt\":1e200"), ReasonCode.AMOUNT_OUT_OF_RANGE),
        Arguments.of(event("\"amt\":1000000000"), ReasonCode.AMOUNT_OUT_OF_RANGE),
        Arguments.of(event("\"amt\":1e-300"), ReasonCode.AMOUNT_OUT_OF_RANGE),
        Arguments.of(event("\"amt\":12.345"), ReasonCode.AMOUNT_OUT_OF_RANGE),
        Arguments.of(event("\"amt\":1e400"), ReasonCode.NON_POSITIVE_AMOUNT),
        Arguments.of(event("\"merchant\":\"" + "m".repeat(257) + "\""), ReasonCode.FIELD_TOO_LONG),
        Arguments.of(event("\"city\":\"" + "é".repeat(65) + "\""), ReasonCode.FIELD_TOO_LONG),
        Arguments.of(event("\"merchant\":\"a\\r\\nBcc: x@y\""), ReasonCode.INVALID_TEXT),
        Arguments.of(event("\"city\":\"evil\\u202Egnp\""), ReasonCode.INVALID_TEXT),
        Arguments.of(event("\"job\":\"\\ud800x\""), ReasonCode.INVALID_TEXT),
        Arguments.of(event("\"merchant\":\"__NULL__\""), ReasonCode.INVALID_TEXT),
        Arguments.of(event("\"city_pop\":1e12"), ReasonCode.INVALID_FIELD),
        Arguments.of(event("\"unix_time\":1e300"), ReasonCode.INVALID_FIELD),
        Arguments.of(event("\"dob\":\"0001-01-01\""), ReasonCode.INVALID_FIELD),
        Arguments.of(event("\"dob\":\"2020-01-01\""), ReasonCode.INVALID_FIELD));
  }

  @ParameterizedTest
  @MethodSource("badRecords")
  void rejectsWithReasonAndNeverLeaksThePan(String record, ReasonCode expected) {
    ParseResult r = PARSER.parse(record, 1);
    assertThat(r).isInstanceOf(ParseResult.Rejected.class);
    ParseResult.Rejected rej = (ParseResult.Rejected) r;
    assertThat(rej.reason()).isEqualTo(expected);
    assertThat(rej.detail()).isNotBlank().doesNotContain(PAN);
    assertThat(rej.maskedPayload()).doesNotContain(PAN).doesNotContain("\"Ann\"");
  }

  @Test
  void everyReasonCodeIsCoveredByTheCases() {
    Set<ReasonCode> covered = EnumSet.noneOf(ReasonCode.class);
    badRecords().forEach(a -> covered.add((ReasonCode) a.get()[1]));
    // Raised elsewhere: the collector's bank-transfer adapter (IBANs), the stream's per-card
    // state (a redelivered trans_num) and its defence in depth (a failing stage or a sink's
    // per-item limit); their own tests cover them.
    assertThat(covered)
        .containsExactlyInAnyOrderElementsOf(
            EnumSet.complementOf(
                EnumSet.of(
                    ReasonCode.BAD_ACCOUNT_NUMBER,
                    ReasonCode.DUPLICATE_ID,
                    ReasonCode.PROCESSING_ERROR,
                    ReasonCode.SINK_REJECTED)));
  }

  @Test
  void detailsNameTheProblem() {
    assertThat(((ParseResult.Rejected) PARSER.parse(event("\"amt\":-5.0"), 1)).detail())
        .isEqualTo("amt -5.0 must be a finite number greater than 0");
    assertThat(((ParseResult.Rejected) PARSER.parse(event("\"cc_num\":\"1234567\""), 1)).detail())
        .isEqualTo("cc_num has 7 digits; a card number has 8 to 19");
    assertThat(((ParseResult.Rejected) PARSER.parse(event("\"lat\":95.0"), 1)).detail())
        .isEqualTo("lat 95.0 is outside [-90, 90]");
  }

  @Test
  void extremeButValidValuesPass() {
    Transaction t =
        ((ParseResult.Valid)
                PARSER.parse(
                    event(
                        "\"trans_num\":\""
                            + "a".repeat(64)
                            + "\",\"merchant\":\""
                            + "€".repeat(85)
                            + "\",\"city\":\"Zürich 東京\",\"lat\":-90,\"long\":180,"
                            + "\"city_pop\":1000000000,\"amt\":\"0.01\",\"zip\":\"99160-1234\""),
                    1))
            .transaction();
    assertThat(t.amt()).isEqualTo(0.01);
    assertThat(
            ((ParseResult.Valid) PARSER.parse(event("\"amt\":999999999.99"), 1))
                .transaction()
                .amt())
        .isEqualTo(999999999.99);
    assertThat(t.merchant()).hasSize(85);
    assertThat(t.city()).isEqualTo("Zürich 東京");
    // A Sparkov id: 32 hex characters, digit runs inside are not card numbers.
    assertThat(PARSER.parse(event("\"trans_num\":\"5025d4c99619017080770ac607eaedcf\""), 1))
        .isInstanceOf(ParseResult.Valid.class);
  }

  @Test
  void theEventTimeWindowIsCentredOnTheReference() {
    Instant produced = Instant.parse("2030-06-01T00:00:00Z");
    ReaderOptions week =
        ReaderOptions.defaults()
            .withEventWindow(java.time.Duration.ofDays(7), java.time.Duration.ofHours(1));
    JsonEventParser p = new JsonEventParser(week);
    assertThat(p.parse(event("\"event_time\":\"2030-05-26T00:00:00Z\""), 1, produced))
        .isInstanceOf(ParseResult.Valid.class);
    ParseResult old = p.parse(event("\"event_time\":\"2030-05-24T23:59:59Z\""), 1, produced);
    assertThat(((ParseResult.Rejected) old).reason()).isEqualTo(ReasonCode.TIME_OUT_OF_RANGE);
    assertThat(((ParseResult.Rejected) old).detail())
        .isEqualTo(
            "event time 2030-05-24T23:59:59Z is outside [2030-05-25T00:00:00Z,"
                + " 2030-06-01T01:00:00Z] (the window around 2030-06-01T00:00:00Z: at most 7 days"
                + " back and 1 hours ahead)");
    ParseResult ahead = p.parse(event("\"event_time\":\"2030-06-01T01:00:01Z\""), 1, produced);
    assertThat(((ParseResult.Rejected) ahead).reason()).isEqualTo(ReasonCode.TIME_OUT_OF_RANGE);
    // A reference outside the stored range (a producer's clock set to year 9999) means now.
    ParseResult far =
        p.parse(
            event("\"event_time\":\"9999-01-01T00:00:00Z\""),
            1,
            Instant.parse("9999-01-01T00:00:00Z"));
    assertThat(((ParseResult.Rejected) far).reason()).isEqualTo(ReasonCode.TIME_OUT_OF_RANGE);
  }

  @Test
  void aCharacterDetailNamesTheCodePointNotTheText() {
    ParseResult r = PARSER.parse(event("\"merchant\":\"ab\\u0007c\""), 1);
    assertThat(((ParseResult.Rejected) r).detail())
        .isEqualTo(
            "merchant holds the character U+0007 at position 2 (control, format, separator or"
                + " invalid Unicode characters are not accepted)");
  }

  @Test
  void roundTripsThroughTheTopicWriter() {
    Transaction t = ((ParseResult.Valid) PARSER.parse(event(""), 1)).transaction();
    Transaction back =
        ((ParseResult.Valid) PARSER.parse(TransactionJson.write(t), 1)).transaction();
    assertThat(back).usingRecursiveComparison().isEqualTo(t);
  }
}

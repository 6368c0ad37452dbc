package io.cardstream.common.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.contract.Transaction;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KaggleCsvParserTest {

  private static final Path SAMPLE = Path.of("src/test/resources/kaggle-sample.csv");

  private static List<ParseResult> readSample() throws Exception {
    List<ParseResult> out = new ArrayList<>();
    TransactionFiles.read(SAMPLE, InputFormat.KAGGLE, ReaderOptions.defaults(), 0, out::add);
    return out;
  }

  @Test
  void parsesThePublishedLayoutIntoTypedRecords() throws Exception {
    List<ParseResult> results = readSample();
    assertThat(results).hasSize(5).allMatch(ParseResult::isValid);

    Transaction t = ((ParseResult.Valid) results.get(0)).transaction();
    assertThat(t.transNum()).isEqualTo("0b242abb623afc578575680df30655b9");
    assertThat(t.eventTime()).isEqualTo(Instant.parse("2019-01-01T00:00:18Z"));
    assertThat(t.ccNum()).isEqualTo("2703186189652095");
    assertThat(t.merchant()).isEqualTo("fraud_Rippin, Kub and Mann");
    assertThat(t.category()).isEqualTo("misc_net");
    assertThat(t.amt()).isEqualTo(4.97);
    assertThat(t.first()).isEqualTo("Jennifer");
    assertThat(t.gender()).isEqualTo("F");
    assertThat(t.street()).isEqualTo("561 Perry Cove");
    assertThat(t.city()).isEqualTo("Moravian Falls");
    assertThat(t.state()).isEqualTo("NC");
    assertThat(t.zip()).isEqualTo("28654");
    assertThat(t.lat()).isEqualTo(36.0788);
    assertThat(t.lon()).isEqualTo(-81.1781);
    assertThat(t.cityPop()).isEqualTo(3495L);
    assertThat(t.job()).isEqualTo("Psychologist, counselling");
    assertThat(t.dob()).isEqualTo(LocalDate.of(1988, 3, 9));
    assertThat(t.unixTime()).isEqualTo(1325376018L);
    assertThat(t.merchLat()).isEqualTo(36.011293);
    assertThat(t.merchLong()).isEqualTo(-82.048315);
    assertThat(t.isFraud()).isZero();

    Transaction fraud = ((ParseResult.Valid) results.get(4)).transaction();
    assertThat(fraud.isFraud()).isEqualTo(1);
    assertThat(fraud.amt()).isEqualTo(844.80);
    assertThat(fraud.ccNum()).isEqualTo("3534093764340240");
  }

  @Test
  void eventTimeComesFromTransDateNotUnixTime() throws Exception {
    Transaction t = ((ParseResult.Valid) readSample().get(1)).transaction();
    // unix_time is seven years behind in the published files; it must not be used.
    assertThat(t.eventTime()).isEqualTo(Instant.parse("2019-01-01T00:00:44Z"));
    assertThat(Instant.ofEpochSecond(t.unixTime()))
        .isEqualTo(Instant.parse("2012-01-01T00:00:44Z"));
  }

  @Test
  void wrongFieldCountIsMalformedAndMasked() {
    KaggleCsvParser p =
        KaggleCsvParser.fromHeader(KaggleCsvWriter.HEADER, ReaderOptions.defaults());
    ParseResult r = p.parse("7,2019-01-01 00:00:18,2703186189652095,Jennifer,Banks", 1);
    assertThat(r).isInstanceOf(ParseResult.Rejected.class);
    ParseResult.Rejected rej = (ParseResult.Rejected) r;
    assertThat(rej.reason()).isEqualTo(ReasonCode.MALFORMED_RECORD);
    assertThat(rej.detail()).isEqualTo("CSV line has 5 fields; the header has 23");
    assertThat(rej.maskedPayload()).doesNotContain("2703186189652095").doesNotContain("Jennifer");
  }

  @Test
  void unterminatedQuoteIsMalformed() {
    KaggleCsvParser p =
        KaggleCsvParser.fromHeader(KaggleCsvWriter.HEADER, ReaderOptions.defaults());
    ParseResult.Rejected r =
        (ParseResult.Rejected) p.parse("0,2019-01-01 00:00:18,2703186189652095,\"fraud_X", 1);
    assertThat(r.reason()).isEqualTo(ReasonCode.MALFORMED_RECORD);
    assertThat(r.detail()).isEqualTo("malformed CSV line: unterminated quoted field");
    assertThat(r.maskedPayload()).doesNotContain("2703186189652095").contains("2095");
  }

  @Test
  void headerOfAnotherFormatIsAClearError() {
    assertThatThrownBy(
            () ->
                KaggleCsvParser.fromHeader(
                    "step,type,amount,nameOrig,oldbalanceOrg", ReaderOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "not a Kaggle/Sparkov CSV header: missing column(s) [trans_num, cc_num, amt,"
                + " trans_date_trans_time] (is this a PaySim file? use --format paysim)");
  }

  @Test
  void acceptsHeaderWithoutIndexColumnAndWithBom() {
    KaggleCsvParser p =
        KaggleCsvParser.fromHeader(
            "\uFEFFtrans_num,trans_date_trans_time,cc_num,amt", ReaderOptions.defaults());
    ParseResult r = p.parse("abc,2020-06-21 12:14:25,4111111111111111,12.50", 1);
    assertThat(r.isValid()).isTrue();
    assertThat(((ParseResult.Valid) r).transaction().lat()).isNull();
  }
}

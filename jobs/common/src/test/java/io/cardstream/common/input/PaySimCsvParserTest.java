package io.cardstream.common.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.contract.Transaction;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaySimCsvParserTest {

  private static final String HEADER =
      "step,type,amount,nameOrig,oldbalanceOrg,newbalanceOrig,nameDest,oldbalanceDest,"
          + "newbalanceDest,isFraud,isFlaggedFraud";

  @Test
  void mapsPaySimOntoTheContract() throws Exception {
    List<ParseResult> out = new ArrayList<>();
    ReaderOptions options = new ReaderOptions(4096, Instant.parse("2020-03-01T00:00:00Z"));
    TransactionFiles.read(
        Path.of("src/test/resources/paysim-sample.csv"), InputFormat.PAYSIM, options, 0, out::add);
    assertThat(out).hasSize(3).allMatch(ParseResult::isValid);

    Transaction first = ((ParseResult.Valid) out.get(0)).transaction();
    assertThat(first.transNum()).isEqualTo("paysim-1");
    assertThat(first.eventTime()).isEqualTo(Instant.parse("2020-03-01T01:00:00Z"));
    assertThat(first.ccNum()).isEqualTo("1231006815");
    assertThat(first.merchant()).isEqualTo("M1979787155");
    assertThat(first.category()).isEqualTo("payment");
    assertThat(first.amt()).isEqualTo(9839.64);
    assertThat(first.isFraud()).isZero();
    assertThat(first.gender()).isNull();
    assertThat(first.lat()).isNull();
    assertThat(first.dob()).isNull();

    Transaction last = ((ParseResult.Valid) out.get(2)).transaction();
    assertThat(last.transNum()).isEqualTo("paysim-3");
    assertThat(last.eventTime()).isEqualTo(Instant.parse("2020-03-31T23:00:00Z"));
    assertThat(last.category()).isEqualTo("cash_out");
    assertThat(last.isFraud()).isEqualTo(1);
  }

  @Test
  void zeroAmountIsRejectedAndAccountsAreMasked() {
    PaySimCsvParser p = PaySimCsvParser.fromHeader(HEADER, ReaderOptions.defaults());
    ParseResult.Rejected r =
        (ParseResult.Rejected)
            p.parse("5,CASH_OUT,0.0,C1231006815,0.0,0.0,C553264065,0.0,0.0,1,0", 9);
    assertThat(r.reason()).isEqualTo(ReasonCode.NON_POSITIVE_AMOUNT);
    assertThat(r.maskedPayload()).doesNotContain("1231006815").doesNotContain("553264065");
  }

  @Test
  void badStepIsAnUnparseableTime() {
    PaySimCsvParser p = PaySimCsvParser.fromHeader(HEADER, ReaderOptions.defaults());
    ParseResult.Rejected r = (ParseResult.Rejected) p.parse("x,PAYMENT,10.0,C1,0,0,M2,0,0,0,0", 1);
    assertThat(r.reason()).isEqualTo(ReasonCode.UNPARSEABLE_TIME);
  }
}

package io.cardstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.contract.ReasonCode;
import io.cardstream.common.privacy.PanTokenizer;
import io.cardstream.service.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request body's shape and each record's verdict. */
class RecordProcessorTest {

  static final PanTokenizer TOKENIZER =
      new PanTokenizer("a-test-key-of-at-least-16-bytes".getBytes());
  final RecordProcessor processor =
      new RecordProcessor(TOKENIZER, io.cardstream.common.input.ReaderOptions.defaults());

  static List<BatchBody.Element> body(String json, int max) {
    return BatchBody.parse(json.getBytes(StandardCharsets.UTF_8), max);
  }

  List<RecordOutcome> process(String json) {
    return processor.process(body(json, 500));
  }

  @Test
  void eachRecordKeepsTheExactTextTheClientSent() {
    List<BatchBody.Element> e =
        body("{\"records\": [ {\"a\" : 1.50,\n \"b\": \"ü\"} , \"x\", [1, {}], null ]}", 10);

    assertThat(e).hasSize(4);
    assertThat(e.get(0).raw()).isEqualTo("{\"a\" : 1.50,\n \"b\": \"ü\"}");
    assertThat(e.get(1).type()).isEqualTo("a string");
    assertThat(e.get(2).type()).isEqualTo("an array");
    assertThat(e.get(3).type()).isEqualTo("null");
  }

  @Test
  void theShapeIsCheckedAsAWhole() {
    assertProblem("{\"records\": 5}", "invalid_body", "\"records\" must be an array, got a number");
    assertProblem(
        "{\"records\": [], \"records\": []}", "invalid_body", "\"records\" appears twice");
    assertProblem("{\"batch\": 1, \"records\": [{}]}", "invalid_body", "unknown field 'batch'");
    assertProblem("{\"records\": [{}, {}]}", "too_many_records", null);
    assertProblem("{\"records\": [{]}", "malformed_json", null);
    assertProblem("{\"records\": [{}]} {}", "malformed_json", null);
    assertProblem("\"records\"", "invalid_body", null);
  }

  private static void assertProblem(String json, String code, String messageStart) {
    assertThatThrownBy(() -> body(json, 1))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.reply().status()).isEqualTo(400);
              assertThat(p.reply().body()).contains("\"error\":\"" + code + "\"");
              if (messageStart != null) {
                assertThat(p.reply().body())
                    .contains("\"message\":\"" + messageStart.replace("\"", "\\\""));
              }
            });
  }

  @Test
  void deepNestingIsAWholeRequestErrorNotACrash() {
    String deep = "[".repeat(2000) + "]".repeat(2000);
    assertProblem("{\"records\": [" + deep + "]}", "malformed_json", null);
  }

  @Test
  void cardRecordsGetTheValidatorsVerdict() {
    List<RecordOutcome> o =
        process(
            "{\"records\": ["
                + "{\"trans_num\": \"a\", \"event_time\": \"2019-01-01T00:00:00Z\", \"cc_num\":"
                + " \"4111 1111 1111 1111\", \"amt\": \"5.00\"},"
                + "{\"trans_num\": \"b\", \"event_time\": \"2019-01-01T00:00:00Z\", \"cc_num\":"
                + " \"4111x\", \"amt\": 5},"
                + "{\"trans_num\": \"c\", \"event_time\": \"2019-01-01T00:00:00Z\", \"cc_num\":"
                + " \"4111111111111111\", \"amt\": 1e400},"
                + "{\"trans_num\": \"d\", \"event_time\": \"2019-01-01T00:00:00Z\", \"card_id\": \""
                + "b".repeat(64)
                + "\", \"card_last4\": \"1111\", \"amt\": 7},"
                + "{\"trans_num\": \"e\", \"trxId\": \"e\"}"
                + "]}");

    assertThat(o.get(0)).isInstanceOf(RecordOutcome.Accepted.class);
    assertThat(((RecordOutcome.Accepted) o.get(0)).event().key())
        .isEqualTo(TOKENIZER.cardId("4111111111111111"));
    assertThat(reason(o.get(1))).isEqualTo(ReasonCode.BAD_CARD_NUMBER);
    assertThat(reason(o.get(2))).isEqualTo(ReasonCode.NON_POSITIVE_AMOUNT);
    // Already tokenized by the client: kept as sent.
    assertThat(((RecordOutcome.Accepted) o.get(3)).event().key()).isEqualTo("b".repeat(64));
    assertThat(reason(o.get(4))).isEqualTo(ReasonCode.INVALID_FIELD);
  }

  @Test
  void anOversizedRecordIsRejectedInEitherShape() {
    String pad = "x".repeat(70_000);
    List<RecordOutcome> o =
        process(
            "{\"records\": [{\"trans_num\": \"a\", \"pad\": \""
                + pad
                + "\"}, {\"trxId\": \"b\", \"pad\": \""
                + pad
                + "\"}]}");

    assertThat(reason(o.get(0))).isEqualTo(ReasonCode.OVERSIZED_RECORD);
    assertThat(reason(o.get(1))).isEqualTo(ReasonCode.OVERSIZED_RECORD);
  }

  private static ReasonCode reason(RecordOutcome o) {
    return ((RecordOutcome.Rejected) o).reason();
  }
}

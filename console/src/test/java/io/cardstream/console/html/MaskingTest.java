package io.cardstream.console.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

  @Test
  void blanksSensitiveFieldsAtAnyDepthAndMasksCardNumbers() {
    String out =
        Masking.json(
            "{\"trans_num\":\"t1\",\"cc_num\":\"4111111111111111\",\"card\":{\"first\":\"Jennifer\","
                + "\"Last\":\"Banks\"},\"items\":[{\"street\":\"561 Perry Cove\"}],"
                + "\"note\":\"card 4111 1111 1111 1111\"}");
    assertThat(out)
        .doesNotContain("4111 1111 1111 1111", "4111111111111111", "Jennifer", "Banks", "Perry")
        .contains(
            "\"trans_num\":\"t1\"",
            "\"cc_num\":\"***\"",
            "\"first\":\"***\"",
            "\"Last\":\"***\"",
            "\"street\":\"***\"",
            "**** **** **** 1111");
  }

  @Test
  void masksARecordNestedAsAJsonString() {
    String out =
        Masking.json(
            "{\"reason\":\"BAD_CARD_NUMBER\",\"payload\":\"{\\\"cc_num\\\": \\\"4111111111111111\\\","
                + " \\\"first\\\": \\\"Jennifer\\\", \\\"amt\\\": 12.5}\"}");
    assertThat(out)
        .doesNotContain("Jennifer", "1111")
        .contains(
            "\"reason\":\"BAD_CARD_NUMBER\"",
            "\\\"cc_num\\\":\\\"***\\\"",
            "\\\"first\\\":\\\"***\\\"",
            "\\\"amt\\\":12.5");
  }

  @Test
  void masksTextThatIsNotJsonByItsPatternsEscapedQuotesIncluded() {
    String out =
        Masking.json(
            "{\"payload\":\"{\\\"first\\\": \\\"Jennifer\\\", \\\"iban\\\": \\\"DE89 3704 0044 0532"
                + " 0130 00\\\"\", broken");
    assertThat(out)
        .doesNotContain("Jennifer", "3704", "0130")
        .contains("\\\"first\\\": \\\"***\\\"");
    assertThat(Masking.json("not json: pan 4111111111111111, \"first\":\"Jennifer\""))
        .isEqualTo("not json: pan ************1111, \"first\":\"***\"");
  }
}

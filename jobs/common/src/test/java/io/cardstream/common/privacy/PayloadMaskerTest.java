package io.cardstream.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PayloadMaskerTest {

  @Test
  void masksCardNumbersKeepingLastFour() {
    assertThat(PayloadMasker.maskDigitRuns("card 4111111111111111 used"))
        .isEqualTo("card ************1111 used");
    assertThat(PayloadMasker.maskDigitRuns("4111 1111 1111 1234")).isEqualTo("**** **** **** 1234");
    assertThat(PayloadMasker.maskDigitRuns("4111-1111-1111-1234")).isEqualTo("****-****-****-1234");
  }

  @Test
  void leavesDatesTimesAndAmountsAlone() {
    String s = "2019-01-01 00:00:18 amt 107.23 zip 28654";
    assertThat(PayloadMasker.maskDigitRuns(s)).isEqualTo(s);
  }

  @Test
  void masksSensitiveJsonFieldsEvenInBrokenJson() {
    String masked =
        PayloadMasker.maskJson(
            "{\"cc_num\": 4111111111111111, \"first\":\"Ann\", \"last\":\"Lee\", \"cvv\":\"123\","
                + " \"street\":\"1 Oak St\", \"dob\":\"1978-06-21\", \"city\":\"Orient\"");
    assertThat(masked)
        .doesNotContain("4111111111111111")
        .doesNotContain("Ann")
        .doesNotContain("Lee")
        .doesNotContain("123")
        .doesNotContain("Oak")
        .doesNotContain("1978")
        .contains("\"city\":\"Orient\"");
  }

  @Test
  void masksCsvColumnsByPosition() {
    String masked = PayloadMasker.maskCsv("0,4111111111111111,\"Banks, Jennifer\",Orient", 4, 1, 2);
    assertThat(masked).isEqualTo("0,***,***,Orient");
  }

  @Test
  void masksDigitsInLinesThatDoNotSplit() {
    String masked = PayloadMasker.maskCsv("0,\"4111111111111111,Jennifer,Orient", 4, 1);
    assertThat(masked).isEqualTo("0,\"\"\"************1111\",***,***");
  }

  @Test
  void masksEscapedKeysAndSecurityCodesInJson() {
    String masked =
        PayloadMasker.maskJson(
            "{\"\\u0063c_num\":\"4111111111111111\",\"CVC2\":\"987\",\"security_code\":\"654\","
                + "\"Card-Number\":\"5500 0000 0000 0004\",\"note\":\"4111.1111.1111.1111\","
                + "\"nested\":{\"pan\":\"x\",\"list\":[4111111111111111]},\"city\":\"Orient\"}");
    assertThat(masked)
        .doesNotContain("4111111111111111")
        .doesNotContain("987")
        .doesNotContain("654")
        .doesNotContain("5500 0000")
        .doesNotContain("4111.1111")
        .contains("\"city\":\"Orient\"")
        .contains("\"note\":\"****.****.****.1111\"")
        .contains("\"list\":[\"************1111\"]");
  }

  @Test
  void masksEscapedKeysInBrokenJsonToo() {
    String masked =
        PayloadMasker.maskJson(
            "{\"\\u0063vv\": \"321\", \"note\": \"\\u0034111111111111111\", \"city\":\"Orient\"");
    assertThat(masked).doesNotContain("321").doesNotContain("4111111111111111").contains("Orient");
  }
}

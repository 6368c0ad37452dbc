package io.cardstream.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IbanTest {

  @Test
  void validIbansNormaliseAndBadCheckDigitsAreRefused() {
    assertThat(Iban.normalize("DE89 3704 0044 0532 0130 00")).isEqualTo("DE89370400440532013000");
    assertThat(Iban.normalize("gb82west12345698765432")).isEqualTo("GB82WEST12345698765432");
    assertThat(Iban.normalize("DE88370400440532013000")).isNull();
    assertThat(Iban.normalize("DE89")).isNull();
    assertThat(Iban.normalize("4111111111111111")).isNull();
    assertThat(Iban.normalize(null)).isNull();
  }

  @Test
  void theMaskerKeepsNothingOfAnIbanButItsCountry() {
    String masked =
        PayloadMasker.maskJson(
            "{\"senderIban\":\"DE89370400440532013000\",\"note\":\"to GB82 WEST 1234 5698 7654 32\"}");
    assertThat(masked)
        .doesNotContain("370400440532013000")
        .doesNotContain("WEST")
        .doesNotContain("98765432")
        .contains("\"senderIban\":\"***\"")
        .contains("GB**");
  }
}

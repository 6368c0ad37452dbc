package io.cardstream.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CardNumbersTest {

  private static final String PAN = "4556737586899855";

  @Test
  void findsLuhnValidRunsWithOrWithoutSeparators() {
    assertThat(CardNumbers.inText(PAN)).isTrue();
    assertThat(CardNumbers.inText("paid with 4556 7375 8689 9855 today")).isTrue();
    assertThat(CardNumbers.inText("4556-7375-8689-9855")).isTrue();
    assertThat(CardNumbers.inText("4556.7375.8689.9855")).isTrue();
    assertThat(CardNumbers.inText("x" + PAN + "y")).isTrue();
    // The number followed by its security code is still a number.
    assertThat(CardNumbers.inText(PAN + " 123")).isTrue();
    // 13 and 19 digits are the bounds.
    assertThat(CardNumbers.inText("4222222222222")).isTrue();
    assertThat(CardNumbers.inText("6011000000000000001")).isTrue();
  }

  @Test
  void leavesWhatIsNotACardNumberAlone() {
    assertThat(CardNumbers.inText("4556737586899856")).as("Luhn fails").isFalse();
    assertThat(CardNumbers.inText("455673758689")).as("12 digits").isFalse();
    assertThat(CardNumbers.inText("2019-01-01 00:00:18 amt 107.23 zip 28654")).isFalse();
    assertThat(CardNumbers.inText(null)).isFalse();
    assertThat(CardNumbers.inText("45567375868998550000")).as("20 digits").isFalse();
  }

  @Test
  void idsMayHoldDigitRunsInsideHex() {
    // Sparkov ids: 32 hex characters; "99619017080770" inside is Luhn-valid but part of the hex.
    assertThat(CardNumbers.inId("5025d4c99619017080770ac607eaedcf")).isFalse();
    assertThat(CardNumbers.inText("5025d4c99619017080770ac607eaedcf")).isTrue();
    assertThat(CardNumbers.inId(PAN)).isTrue();
    assertThat(CardNumbers.inId("order-" + PAN)).isTrue();
    assertThat(CardNumbers.inId("txn" + PAN)).as("'n' is not a hex digit").isTrue();
  }

  @Test
  void idsMayHoldEpochTimestampsThatPassTheLuhnCheck() {
    // 1765040000009 (epoch ms) and 1765040000000009 (epoch us) are Luhn-valid.
    assertThat(CardNumbers.isCardNumber("1765040000009")).isTrue();
    assertThat(CardNumbers.isCardNumber("1765040000000009")).isTrue();
    assertThat(CardNumbers.inId("demo-transfer-1765040000009")).isFalse();
    assertThat(CardNumbers.inId("evt-1765040000000009")).isFalse();
    // In free text the strict rule stays.
    assertThat(CardNumbers.inText("at 1765040000009")).isTrue();
  }

  @Test
  void masksToTheLastFourKeepingSeparators() {
    assertThat(CardNumbers.mask("card 4556 7375 8689 9855, cvv 123"))
        .isEqualTo("card **** **** **** 9855, cvv 123");
    assertThat(CardNumbers.mask("x" + PAN)).isEqualTo("x************9855");
    assertThat(CardNumbers.mask(PAN + " 123")).isEqualTo("************9855 123");
    assertThat(CardNumbers.mask("no numbers")).isEqualTo("no numbers");
    assertThat(CardNumbers.isCardNumber(PAN)).isTrue();
    assertThat(CardNumbers.isCardNumber("4556 7375")).isFalse();
  }
}

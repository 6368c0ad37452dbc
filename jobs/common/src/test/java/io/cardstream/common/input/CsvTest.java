package io.cardstream.common.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void splitsQuotedFieldsWithCommasAndEscapedQuotes() {
    assertThat(Csv.split("1,\"fraud_Rippin, Kub and Mann\",\"say \"\"hi\"\"\",,x"))
        .containsExactly("1", "fraud_Rippin, Kub and Mann", "say \"hi\"", "", "x");
  }

  @Test
  void keepsTrailingEmptyField() {
    assertThat(Csv.split("a,b,")).containsExactly("a", "b", "");
    assertThat(Csv.split(",a")).containsExactly("", "a");
  }

  @Test
  void rejectsUnterminatedQuote() {
    assertThatThrownBy(() -> Csv.split("1,\"open,2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unterminated quoted field");
  }

  @Test
  void rejectsTextAfterClosingQuote() {
    assertThatThrownBy(() -> Csv.split("\"a\"b,c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text after a closing quote");
  }

  @Test
  void joinRoundTrips() {
    String[] fields = {"a", "b, c", "d\"e", ""};
    assertThat(Csv.split(Csv.join(fields))).containsExactly(fields);
  }
}

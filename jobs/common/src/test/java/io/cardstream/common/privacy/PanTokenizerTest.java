package io.cardstream.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.TokenizedTransaction;
import io.cardstream.common.contract.Transaction;
import io.cardstream.common.input.JsonEventParser;
import io.cardstream.common.input.ReaderOptions;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PanTokenizerTest {

  @Test
  void isHmacSha256InHex() {
    // Reference value from Python: hmac.new(key, pan, hashlib.sha256).hexdigest()
    PanTokenizer t = new PanTokenizer("0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8));
    assertThat(t.cardId("4111111111111111"))
        .isEqualTo("1cc19f107a796f861c2d7160ab918de42ffb4504e8ddcd4ce50cdefc11d02f53");
  }

  @Test
  void fallsBackToTheNamedDevelopmentKey() {
    PanTokenizer t = PanTokenizer.fromEnvironment(Map.of());
    assertThat(t.usesDevelopmentKey()).isTrue();
    assertThat(t.cardId("2703186189652095"))
        .isEqualTo("565a08238ab511a19efa7c2eeb8a0c0022541bb0e7d2bcffc5afb3cb4ea03c84");
    PanTokenizer configured =
        PanTokenizer.fromEnvironment(Map.of(PanTokenizer.KEY_ENV, "a-real-secret-of-some-length"));
    assertThat(configured.usesDevelopmentKey()).isFalse();
    assertThat(configured.cardId("2703186189652095")).isNotEqualTo(t.cardId("2703186189652095"));
  }

  @Test
  void rejectsShortKeys() {
    assertThatThrownBy(() -> new PanTokenizer(new byte[8]))
        .hasMessageContaining("at least 16 bytes")
        .hasMessageContaining(PanTokenizer.KEY_ENV);
  }

  @Test
  void theClearPanNeverSurvivesTokenization() throws Exception {
    String pan = "4556737586899855";
    String json =
        "{\"trans_num\":\"t1\",\"event_time\":\"2019-03-04 10:15:30\",\"cc_num\":\""
            + pan
            + "\",\"amt\":10,\"first\":\"Ann\",\"last\":\"Lee\",\"street\":\"1 Oak St\","
            + "\"dob\":\"1978-06-21\",\"merchant\":\"m\",\"category\":\"home\"}";
    Transaction txn =
        ((ParseResult.Valid) new JsonEventParser(ReaderOptions.defaults()).parse(json, 1))
            .transaction();
    PanTokenizer tokenizer = PanTokenizer.fromEnvironment(Map.of());
    TokenizedTransaction tok = TokenizedTransaction.of(txn, tokenizer);

    assertThat(tok.cardLast4()).isEqualTo("9855");
    assertThat(tok.age()).isEqualTo(40);
    assertThat(tok.toString()).doesNotContain(pan).doesNotContain("Ann").doesNotContain("Oak");
    assertThat(txn.toString()).doesNotContain(pan).doesNotContain("Ann");
    assertThat(tokenizer.toString()).doesNotContain(PanTokenizer.DEVELOPMENT_KEY);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(tok);
    }
    assertThat(bytes.toString(StandardCharsets.ISO_8859_1))
        .doesNotContain(pan)
        .doesNotContain("1978");
  }
}

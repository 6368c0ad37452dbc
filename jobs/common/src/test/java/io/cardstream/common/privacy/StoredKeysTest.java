package io.cardstream.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keys read by secret id from a real Secrets Manager emulator (moto server). */
class StoredKeysTest {

  private static final String TOKEN_KEY = "token-key-from-secrets-manager-0123456789";
  private static final String LINK_KEY = "link-key-from-secrets-manager-0123456789";
  private static MotoServer moto;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    moto.createSecret("cardstream/pan-hmac-key", TOKEN_KEY);
    moto.createSecret("cardstream/link-hmac-key", LINK_KEY);
  }

  @AfterAll
  static void stop() throws Exception {
    moto.close();
  }

  private static KeyConfig keys(String tokenSecret, String linkSecret) {
    return new KeyConfig(tokenSecret, linkSecret, MotoServer.REGION, moto.endpoint(), false);
  }

  private static String hmac(String key, String pan) throws Exception {
    Mac m = Mac.getInstance("HmacSHA256");
    m.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(m.doFinal(pan.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void theSecretsKeysTokenizeAndSign() throws Exception {
    KeyConfig k = keys("cardstream/pan-hmac-key", "cardstream/link-hmac-key");
    // An environment key and the development-keys request do not win over a secret.
    Map<String, String> env = Map.of(PanTokenizer.KEY_ENV, "an-environment-token-key");

    PanTokenizer tokenizer = k.tokenizer(env);
    assertThat(tokenizer.cardId("4111111111111111")).isEqualTo(hmac(TOKEN_KEY, "4111111111111111"));
    assertThat(tokenizer.usesDevelopmentKey()).isFalse();

    FeedbackLinks.Link link =
        new FeedbackLinks.Link("t1", "c1", Answer.NOT_FRAUD, Instant.now().plusSeconds(60));
    String signed = k.links(env).sign(link);
    assertThat(new FeedbackLinks(LINK_KEY.getBytes()).check(signed, Instant.now()).ok()).isTrue();
    assertThat(
            new FeedbackLinks("another-link-key-of-length".getBytes())
                .check(signed, Instant.now())
                .ok())
        .isFalse();
  }

  @Test
  void aStoredKeyTravelsAsItsSecretsIdOnly() throws Exception {
    PanTokenizer tokenizer = keys("cardstream/pan-hmac-key", null).tokenizer(Map.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(tokenizer);
    }
    String serialized = bytes.toString(StandardCharsets.ISO_8859_1);
    assertThat(serialized).contains("cardstream/pan-hmac-key").doesNotContain(TOKEN_KEY);
    assertThat(tokenizer.toString()).isEqualTo("PanTokenizer[secret cardstream/pan-hmac-key]");
  }

  @Test
  void aMissingSecretFailsAtStartNamingItAndTheOption() {
    assertThatThrownBy(() -> keys("cardstream/no-such-key", null).tokenizer(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read the card-token key (--token-key-secret-id)")
        .hasMessageContaining("secret cardstream/no-such-key does not exist in eu-west-1");
    assertThatThrownBy(() -> keys(null, "cardstream/no-link-key").links(Map.of()))
        .hasMessageContaining("--link-key-secret-id")
        .hasMessageContaining("cardstream/no-link-key does not exist");
  }
}

package io.cardstream.common.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code card_id = hex(HMAC-SHA256(key, PAN))}: a stable pseudonym that joins a card's transactions
 * without storing the number. The jobs take the key from {@link KeyConfig}: a Secrets Manager
 * secret by id, {@value #KEY_ENV}, or the development key when asked for.
 */
public final class PanTokenizer implements Serializable {

  public static final String KEY_ENV = "CARDSTREAM_PAN_HMAC_KEY";

  /** Used only when asked for (--dev-keys, the local stack); never use it for real cards. */
  public static final String DEVELOPMENT_KEY =
      "cardstream-local-development-key-NOT-FOR-PRODUCTION";

  private static final long serialVersionUID = 2L;

  /** Serialized as it is: a stored key travels to Spark's executors as its secret's id only. */
  private final HmacKey key;

  private transient ThreadLocal<Mac> mac;

  public PanTokenizer(byte[] key) {
    this(new HmacKey.Given("a key", key));
  }

  /** Checks the key's length now: a stored key is read here. */
  public PanTokenizer(HmacKey key) {
    if (key.bytes().length < 16) {
      throw new IllegalArgumentException(
          "the PAN HMAC key ("
              + key.origin()
              + ") must be at least 16 bytes; set "
              + KEY_ENV
              + " or the secret to a long random secret");
    }
    this.key = key;
  }

  /** The local tools' key: {@value #KEY_ENV}, else the development key with a warning. */
  public static PanTokenizer fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  public static PanTokenizer fromEnvironment(Map<String, String> env) {
    return KeyConfig.developmentKeys().tokenizer(env);
  }

  public boolean usesDevelopmentKey() {
    return Arrays.equals(key.bytes(), DEVELOPMENT_KEY.getBytes(StandardCharsets.UTF_8));
  }

  /** The card's token: 64 lowercase hex characters. */
  public String cardId(String pan) {
    byte[] digest = mac().doFinal(pan.getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(digest);
  }

  private Mac mac() {
    if (mac == null) {
      // Mac is not thread-safe; one per thread is cheaper than creating one per call.
      mac =
          ThreadLocal.withInitial(
              () -> {
                try {
                  Mac m = Mac.getInstance("HmacSHA256");
                  m.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
                  return m;
                } catch (GeneralSecurityException e) {
                  throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
                }
              });
    }
    return mac.get();
  }

  @Override
  public String toString() {
    return "PanTokenizer[" + key.origin() + "]";
  }
}

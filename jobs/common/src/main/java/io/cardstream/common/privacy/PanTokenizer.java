package io.cardstream.common.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code card_id = hex(HMAC-SHA256(key, PAN))}: a stable pseudonym that joins a card's transactions
 * without storing the number. The key comes from the environment ({@value #KEY_ENV}); on AWS that
 * variable is filled from Secrets Manager by the job's launcher.
 */
public final class PanTokenizer implements Serializable {

  public static final String KEY_ENV = "CARDSTREAM_PAN_HMAC_KEY";

  /** Used only when no key is configured, so local runs work; never use it for real cards. */
  public static final String DEVELOPMENT_KEY =
      "cardstream-local-development-key-NOT-FOR-PRODUCTION";

  private static final Logger LOG = LoggerFactory.getLogger(PanTokenizer.class);
  private static final long serialVersionUID = 1L;

  private final byte[] key;
  private transient ThreadLocal<Mac> mac;

  public PanTokenizer(byte[] key) {
    if (key == null || key.length < 16) {
      throw new IllegalArgumentException(
          "the PAN HMAC key must be at least 16 bytes; set "
              + KEY_ENV
              + " to a long random secret");
    }
    this.key = key.clone();
  }

  /** The key from {@value #KEY_ENV}, or the development key with a warning. */
  public static PanTokenizer fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  public static PanTokenizer fromEnvironment(Map<String, String> env) {
    String key = env.get(KEY_ENV);
    if (key == null || key.isBlank()) {
      LOG.warn(
          "{} is not set: card numbers are tokenized with the public DEVELOPMENT key. "
              + "Set it (from AWS Secrets Manager on AWS) before processing real cards.",
          KEY_ENV);
      key = DEVELOPMENT_KEY;
    }
    return new PanTokenizer(key.getBytes(StandardCharsets.UTF_8));
  }

  public boolean usesDevelopmentKey() {
    return java.util.Arrays.equals(key, DEVELOPMENT_KEY.getBytes(StandardCharsets.UTF_8));
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
                  m.init(new SecretKeySpec(key, "HmacSHA256"));
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
    return "PanTokenizer[key=***]";
  }
}

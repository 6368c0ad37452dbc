package io.cardstream.common.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The "was this you?" links of an alert e-mail: {@code base64url(payload) "." base64url(HMAC)}, the
 * payload naming the alert (trans_num), the card token, the answer and an expiry. Signed with the
 * key of {@link io.cardstream.common.privacy.KeyConfig} (a Secrets Manager secret by id, {@value
 * #KEY_ENV}, or the development key when asked for), so a link cannot be made or altered without
 * it; a used link is refused by the case store (a case is answered once), not by the link.
 */
public final class FeedbackLinks {

  public static final String KEY_ENV = "CARDSTREAM_LINK_HMAC_KEY";
  public static final Duration DEFAULT_VALIDITY = Duration.ofHours(72);

  /** Used only when asked for (--dev-keys, the local stack); never in production. */
  public static final String DEVELOPMENT_KEY = "cardstream-local-link-key-NOT-FOR-PRODUCTION";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** A link's content, once its signature and expiry are checked. */
  public record Link(String transNum, String cardId, Answer answer, Instant expires) {}

  /** Why a link is refused. */
  public enum Refusal {
    MALFORMED,
    TAMPERED,
    EXPIRED
  }

  /** A checked link: its content, or why it is refused. */
  public record Checked(Link link, Refusal refusal) {
    public boolean ok() {
      return refusal == null;
    }
  }

  private final byte[] key;

  public FeedbackLinks(byte[] key) {
    if (key == null || key.length < 16) {
      throw new IllegalArgumentException(
          "the link signing key must be at least 16 bytes; set " + KEY_ENV + " to a long secret");
    }
    this.key = key.clone();
  }

  /** A signed token for one answer to one alert. */
  public String sign(Link link) {
    ObjectNode n = JSON.createObjectNode();
    n.put("t", link.transNum());
    n.put("c", link.cardId());
    n.put("a", link.answer().status());
    n.put("e", link.expires().getEpochSecond());
    String payload = B64.encodeToString(n.toString().getBytes(StandardCharsets.UTF_8));
    return payload + "." + B64.encodeToString(mac(payload));
  }

  /** Checks a token's signature, then its expiry against {@code now}. */
  public Checked check(String token, Instant now) {
    if (token == null || token.length() > 2048) {
      return new Checked(null, Refusal.MALFORMED);
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return new Checked(null, Refusal.MALFORMED);
    }
    String payload = token.substring(0, dot);
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return new Checked(null, Refusal.MALFORMED);
    }
    if (!MessageDigest.isEqual(signature, mac(payload))) {
      return new Checked(null, Refusal.TAMPERED);
    }
    Link link;
    try {
      JsonNode n = JSON.readTree(Base64.getUrlDecoder().decode(payload));
      link =
          new Link(
              n.get("t").asText(),
              n.get("c").asText(),
              Answer.fromStatus(n.get("a").asText()),
              Instant.ofEpochSecond(n.get("e").asLong()));
    } catch (java.io.IOException | RuntimeException e) {
      // Signed but unreadable: made with our key by something else; never trust it.
      return new Checked(null, Refusal.MALFORMED);
    }
    return now.isAfter(link.expires())
        ? new Checked(link, Refusal.EXPIRED)
        : new Checked(link, null);
  }

  private byte[] mac(String payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}

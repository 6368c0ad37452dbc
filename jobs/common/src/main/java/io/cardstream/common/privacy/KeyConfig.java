package io.cardstream.common.privacy;

import io.cardstream.common.feedback.FeedbackLinks;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a job's two keys come from, in this order: a Secrets Manager secret by id, an environment
 * variable, the public development keys when asked for ({@code --dev-keys}: the local stack asks).
 * Nothing of these: the job fails at start, naming what to set. A stored key is read here, on the
 * driver, so a missing secret also fails at start, not in the first batch.
 *
 * @param tokenSecretId the card-token key's secret: card_id = HMAC-SHA256(key, PAN)
 * @param linkSecretId the feedback links' signing key's secret
 * @param region the secrets' region; null: the SDK's chain
 * @param endpoint Secrets Manager endpoint override (an emulator); null: AWS
 * @param devKeys the public development keys may stand in for a key not given
 */
public record KeyConfig(
    String tokenSecretId, String linkSecretId, String region, String endpoint, boolean devKeys) {

  private static final Logger LOG = LoggerFactory.getLogger(KeyConfig.class);

  /** The local stack's: keys from the environment, else the development keys. */
  public static KeyConfig developmentKeys() {
    return new KeyConfig(null, null, null, null, true);
  }

  /** A key's name in messages, its option, its environment variable and development key. */
  private record Kind(String what, String option, String variable, String developmentKey) {
    static final Kind TOKEN =
        new Kind(
            "card-token",
            "--token-key-secret-id",
            PanTokenizer.KEY_ENV,
            PanTokenizer.DEVELOPMENT_KEY);
    static final Kind LINK =
        new Kind(
            "link-signing",
            "--link-key-secret-id",
            FeedbackLinks.KEY_ENV,
            FeedbackLinks.DEVELOPMENT_KEY);
  }

  /** The card-token key. */
  public HmacKey tokenKey(Map<String, String> env) {
    return key(Kind.TOKEN, tokenSecretId, env);
  }

  /** The feedback links' signing key. */
  public HmacKey linkKey(Map<String, String> env) {
    return key(Kind.LINK, linkSecretId, env);
  }

  public PanTokenizer tokenizer(Map<String, String> env) {
    return new PanTokenizer(tokenKey(env));
  }

  public FeedbackLinks links(Map<String, String> env) {
    return new FeedbackLinks(linkKey(env).bytes());
  }

  private HmacKey key(Kind kind, String secretId, Map<String, String> env) {
    if (secretId != null && !secretId.isBlank()) {
      HmacKey.Stored stored = new HmacKey.Stored(secretId, blankToNull(region), endpoint);
      try {
        stored.bytes();
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "cannot read the " + kind.what() + " key (" + kind.option() + "): " + e.getMessage(),
            e);
      }
      return stored;
    }
    String value = env.get(kind.variable());
    if (value != null && !value.isBlank()) {
      return HmacKey.given("$" + kind.variable(), value);
    }
    if (devKeys) {
      LOG.warn(
          "the {} key is the public DEVELOPMENT key (--dev-keys, {} not set): never process real"
              + " cards or mail real customers with it",
          kind.what(),
          kind.variable());
      return HmacKey.given("the development key", kind.developmentKey());
    }
    throw new IllegalArgumentException(
        "no "
            + kind.what()
            + " key: give "
            + kind.option()
            + " <Secrets Manager secret id> (on AWS), or set "
            + kind.variable()
            + ", or pass --dev-keys to use the public development keys (local runs only)");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

package io.cardstream.common.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * An HMAC key, or where to read it: the bytes themselves (an environment variable, a development
 * key, a test's), or a Secrets Manager secret by id, read once per JVM when first used. A {@link
 * Stored} key serializes as its secret's id: a Spark job that hands it to its executors ships no
 * key in its task closures, so the key is in no plan, log, Spark conf, event log or UI; each
 * executor reads the secret itself, over TLS, with its node's role (docs/keys.md).
 */
public sealed interface HmacKey extends Serializable permits HmacKey.Given, HmacKey.Stored {

  /** The key's bytes (a copy); a stored key is read from Secrets Manager on first use. */
  byte[] bytes();

  /** For messages: where the key comes from, never the key itself. */
  String origin();

  static HmacKey given(String origin, String value) {
    return new Given(origin, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A key held in memory; {@link #toString()} names its origin only. */
  final class Given implements HmacKey {
    private static final long serialVersionUID = 1L;
    private final String origin;
    private final byte[] key;

    public Given(String origin, byte[] key) {
      this.origin = origin;
      this.key = key == null ? new byte[0] : key.clone();
    }

    @Override
    public byte[] bytes() {
      return key.clone();
    }

    @Override
    public String origin() {
      return origin;
    }

    @Override
    public String toString() {
      return "HmacKey[" + origin + "]";
    }
  }

  /**
   * A Secrets Manager secret's value (its string as UTF-8, else its binary).
   *
   * @param region null: the SDK's region chain (on EMR, the instance's region)
   * @param endpoint null: AWS; else an endpoint override (an emulator, with dummy credentials)
   */
  record Stored(String secretId, String region, String endpoint) implements HmacKey {
    @Override
    public byte[] bytes() {
      return SecretsManagerKeys.read(this);
    }

    @Override
    public String origin() {
      return "secret " + secretId;
    }
  }
}

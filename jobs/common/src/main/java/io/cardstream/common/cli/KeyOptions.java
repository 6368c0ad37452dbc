package io.cardstream.common.cli;

import io.cardstream.common.privacy.KeyConfig;
import picocli.CommandLine.Option;

/**
 * The key options the stream, the collector and the notifier share (docs/keys.md): each job takes
 * the keys it needs from {@link #config()}; without a key and without {@code --dev-keys} it exits
 * at start.
 */
public final class KeyOptions {

  @Option(
      names = "--token-key-secret-id",
      description =
          "Secrets Manager secret (name or ARN) holding the card-token key, card_id ="
              + " HMAC-SHA256(key, PAN); else $CARDSTREAM_PAN_HMAC_KEY.")
  String tokenSecretId;

  @Option(
      names = "--link-key-secret-id",
      description =
          "Secrets Manager secret holding the feedback links' signing key; else"
              + " $CARDSTREAM_LINK_HMAC_KEY.")
  String linkSecretId;

  @Option(
      names = "--keys-region",
      defaultValue = "${env:AWS_REGION}",
      description = "Region of the key secrets (default: $AWS_REGION, else the SDK's chain).")
  String region;

  @Option(
      names = "--keys-endpoint",
      description = "Secrets Manager endpoint override (an emulator).")
  String endpoint;

  @Option(
      names = "--dev-keys",
      description =
          "Use the public development keys for a key not given: local runs only, never real"
              + " cards.")
  boolean devKeys;

  public KeyConfig config() {
    return new KeyConfig(tokenSecretId, linkSecretId, region, endpoint, devKeys);
  }
}

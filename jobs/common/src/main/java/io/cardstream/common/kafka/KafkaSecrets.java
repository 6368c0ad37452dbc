package io.cardstream.common.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * SCRAM credentials from Secrets Manager, in the form MSK's SCRAM secrets take ({@code
 * {"username":"…","password":"…"}}); the region and credentials are the SDK's default chain (the
 * instance or task role).
 */
public final class KafkaSecrets {

  private KafkaSecrets() {}

  /** The SCRAM authentication of the secret {@code secretId} (its name or ARN). */
  public static KafkaAuth scram(String secretId) {
    try (SecretsManagerClient sm =
        SecretsManagerClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(10)))
            .build()) {
      return fromJson(secretId, sm.getSecretValue(r -> r.secretId(secretId)).secretString());
    }
  }

  /** The SCRAM authentication a secret's JSON holds. */
  static KafkaAuth fromJson(String secretId, String json) {
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(json == null ? "" : json);
    } catch (IOException e) {
      n = null;
    }
    if (n == null || !n.path("username").isTextual() || !n.path("password").isTextual()) {
      // Never echo the secret's text: it may hold the password.
      throw new IllegalArgumentException(
          "secret " + secretId + " is not JSON with string fields username and password");
    }
    return KafkaAuth.scram(n.get("username").asText(), n.get("password").asText());
  }
}

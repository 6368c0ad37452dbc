package io.cardstream.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Database user and password. The password comes from Secrets Manager (--password-secret-id) or
 * from the environment variable named by --password-env, never from the command line, and is never
 * printed: {@link #toString()} masks it.
 *
 * @param user null = the driver's default
 * @param password null = no password (the local stack's trust authentication)
 */
public record Credentials(String user, String password) {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
  }

  /**
   * Resolves the credentials of a load.
   *
   * @param env the process environment
   * @param secrets fetches a secret string by id (Secrets Manager in production)
   */
  public static Credentials resolve(
      WarehouseConfig config, Map<String, String> env, Function<String, String> secrets) {
    if (config.passwordSecretId() != null) {
      String secret = secrets.apply(config.passwordSecretId());
      Credentials fromSecret = fromSecretString(secret);
      return new Credentials(
          config.user() != null ? config.user() : fromSecret.user(), fromSecret.password());
    }
    String password = env.get(config.passwordEnv());
    return new Credentials(config.user(), password == null || password.isEmpty() ? null : password);
  }

  /**
   * A secret string is either the bare password or JSON with "password" (and optionally
   * "username"), the shape Secrets Manager uses for Redshift and RDS secrets.
   */
  static Credentials fromSecretString(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the password secret is empty");
    }
    String trimmed = secret.trim();
    if (!trimmed.startsWith("{")) {
      return new Credentials(null, secret);
    }
    JsonNode node;
    try {
      node = JSON.readTree(trimmed);
    } catch (IOException e) {
      // Do not echo the secret; say what shape was expected.
      throw new IllegalArgumentException(
          "the password secret looks like JSON but does not parse; expected {\"password\": ...}");
    }
    JsonNode password = node.get("password");
    if (password == null || !password.isTextual()) {
      throw new IllegalArgumentException(
          "the password secret is JSON without a \"password\" string field");
    }
    JsonNode user = node.get("username");
    return new Credentials(
        user != null && user.isTextual() ? user.asText() : null, password.asText());
  }

  /** Fetches secret strings from AWS Secrets Manager (region: given, else the SDK's chain). */
  public static Function<String, String> secretsManager(String region) {
    return id -> {
      SecretsManagerClientBuilder builder =
          SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
      if (region != null) {
        builder.region(Region.of(region));
      }
      try (SecretsManagerClient client = builder.build()) {
        return client.getSecretValue(r -> r.secretId(id)).secretString();
      }
    };
  }
}

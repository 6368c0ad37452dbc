package io.cardstream.common.privacy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Reads {@link HmacKey.Stored} keys, once per JVM and secret: a key never changes while a job runs
 * (a new card-token key would change every card's token). Loaded only when a stored key is used, so
 * modules that never read one need no Secrets Manager client.
 */
final class SecretsManagerKeys {

  private static final ConcurrentHashMap<HmacKey.Stored, byte[]> READ = new ConcurrentHashMap<>();

  private SecretsManagerKeys() {}

  static byte[] read(HmacKey.Stored key) {
    return READ.computeIfAbsent(key, SecretsManagerKeys::fetch).clone();
  }

  private static byte[] fetch(HmacKey.Stored key) {
    SecretsManagerClientBuilder b =
        SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
    if (key.region() != null && !key.region().isBlank()) {
      b.region(Region.of(key.region()));
    }
    if (key.endpoint() != null && !key.endpoint().isBlank()) {
      // An emulator accepts any credentials; these are not secrets.
      b.endpointOverride(URI.create(key.endpoint()))
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }
    try (SecretsManagerClient client = b.build()) {
      GetSecretValueResponse r = client.getSecretValue(q -> q.secretId(key.secretId()));
      if (r.secretString() != null) {
        return r.secretString().getBytes(StandardCharsets.UTF_8);
      }
      if (r.secretBinary() != null) {
        return r.secretBinary().asByteArray();
      }
      throw new IllegalStateException("secret " + key.secretId() + " holds no value");
    } catch (ResourceNotFoundException e) {
      throw new IllegalStateException(
          "secret "
              + key.secretId()
              + " does not exist"
              + (key.region() == null ? "" : " in " + key.region())
              + ": create it, or give the id of the one that holds the key",
          e);
    } catch (SdkException e) {
      throw new IllegalStateException(
          "cannot read secret " + key.secretId() + ": " + e.getMessage(), e);
    }
  }
}

package io.cardstream.common.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Kinesis clients for AWS and for a local emulator, the same but for the endpoint (as {@link
 * DynamoDbClients}). Throttling is retried by the callers with their own backoff, so the SDK's
 * retries are the standard few.
 */
public final class KinesisClients {

  private KinesisClients() {}

  /**
   * A client for AWS (endpoint null: the default credentials chain) or an endpoint override (the
   * local emulator, which accepts any credentials; these are not secrets).
   */
  public static KinesisClient create(String endpoint, String region, Duration socketTimeout) {
    var b =
        KinesisClient.builder()
            .region(Region.of(region))
            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(socketTimeout));
    if (endpoint != null && !endpoint.isBlank()) {
      // The emulator's CBOR answers are not what the SDK reads (blobs come back as objects); its
      // JSON protocol is. A JVM-wide switch, set only when an emulator is in use.
      System.setProperty("aws.cborEnabled", "false");
      b.endpointOverride(URI.create(endpoint))
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    } else {
      b.credentialsProvider(DefaultCredentialsProvider.create());
    }
    return b.build();
  }
}

package io.cardstream.common.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB clients for AWS and for DynamoDB Local, the same but for the endpoint. The URL
 * connection HTTP client keeps Netty and Apache HTTP (Spark's own) out of the way.
 */
public final class DynamoDbClients {

  private DynamoDbClients() {}

  /**
   * A client for AWS (endpoint null: the default credentials chain, e.g. the instance role) or an
   * endpoint override (DynamoDB Local, which accepts any credentials; these are not secrets).
   *
   * @param socketTimeout how long one call may wait for its answer
   */
  public static DynamoDbClient create(String endpoint, String region, Duration socketTimeout) {
    var b =
        DynamoDbClient.builder()
            .region(Region.of(region))
            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(socketTimeout));
    if (endpoint != null && !endpoint.isBlank()) {
      b.endpointOverride(URI.create(endpoint))
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    } else {
      b.credentialsProvider(DefaultCredentialsProvider.create());
    }
    return b.build();
  }
}

package io.cardstream.common.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * One way to build every AWS client of the project: for AWS (endpoint null: the default credentials
 * chain, e.g. the instance role) or for a local stand-in at an endpoint override, which accepts any
 * credentials (these are not secrets). The URL connection HTTP client keeps Netty and Apache HTTP
 * (Spark's own) out of the way; the SDK retries are the standard few.
 */
public final class SdkClients {

  /** The region where none is given (the local stand-ins', and AWS's default). */
  public static final String DEFAULT_REGION = "us-east-1";

  private SdkClients() {}

  /**
   * Configures and builds {@code builder}.
   *
   * @param socketTimeout how long one call may wait for its answer
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, String endpoint, String region, Duration socketTimeout) {
    builder
        .region(Region.of(region))
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(socketTimeout));
    if (isLocal(endpoint)) {
      builder
          .endpointOverride(URI.create(endpoint))
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.create());
    }
    return builder.build();
  }

  /** Whether {@code endpoint} names a stand-in rather than AWS itself. */
  public static boolean isLocal(String endpoint) {
    return endpoint != null && !endpoint.isBlank();
  }
}

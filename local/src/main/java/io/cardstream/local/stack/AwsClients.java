package io.cardstream.local.stack;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** AWS SDK v2 clients pointed at the local stand-ins (endpoint override only). */
public final class AwsClients {

  private AwsClients() {}

  public static DynamoDbClient dynamodb(Endpoints e) {
    return DynamoDbClient.builder()
        .endpointOverride(URI.create(e.dynamodbEndpoint()))
        .region(Region.of(Endpoints.REGION))
        // DynamoDB Local accepts any credentials; these are not secrets.
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10)))
        .build();
  }
}

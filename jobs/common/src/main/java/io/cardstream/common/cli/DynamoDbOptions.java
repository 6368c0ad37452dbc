package io.cardstream.common.cli;

import io.cardstream.common.aws.DynamoDbTarget;
import io.cardstream.common.aws.SdkClients;
import picocli.CommandLine.Option;

/**
 * {@code --dynamodb-endpoint/-region/-table-prefix}, one declaration for every command that reads
 * or writes the DynamoDB tables (the stream, the notifier, the collector, the console).
 */
public final class DynamoDbOptions {

  @Option(
      names = "--dynamodb-endpoint",
      description =
          "DynamoDB: a URL (DynamoDB Local, e.g. http://127.0.0.1:18000) or 'aws' (the default"
              + " credentials chain). Left out: AWS; for the console, its Cases page is not"
              + " configured.")
  String endpoint;

  @Option(
      names = "--dynamodb-region",
      defaultValue = SdkClients.DEFAULT_REGION,
      description = "AWS region of the tables (default ${DEFAULT-VALUE}).")
  String region;

  @Option(
      names = "--dynamodb-table-prefix",
      defaultValue = "",
      description = "Prefix of the deployment's table names (default: none).")
  String tablePrefix;

  /** The tables these options name; DynamoDB on AWS when no endpoint is given. */
  public DynamoDbTarget target() {
    return new DynamoDbTarget(endpoint, region, tablePrefix);
  }

  /** The same, or null when no endpoint is given (a console without the review queue). */
  public DynamoDbTarget targetIfGiven() {
    return endpoint == null || endpoint.isBlank() ? null : target();
  }
}

package io.cardstream.common.aws;

import io.cardstream.common.lake.DynamoTables;
import java.io.Serializable;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where a process finds the DynamoDB tables: one record for the stream, the notifier, the collector
 * and the console, validated on construction (each error names the option to fix). Serializable:
 * the stream's executors build their clients from it.
 *
 * @param endpoint DynamoDB Local's URL, or null for DynamoDB on AWS (the default credentials
 *     chain); blank and {@value #AWS} mean AWS too
 * @param region the tables' AWS region
 * @param tablePrefix the deployment's table-name prefix ("" locally)
 */
public record DynamoDbTarget(String endpoint, String region, String tablePrefix)
    implements Serializable {

  /** The {@code --dynamodb-endpoint} value that says "DynamoDB on AWS" explicitly. */
  public static final String AWS = "aws";

  public DynamoDbTarget {
    endpoint = endpoint == null || endpoint.isBlank() || AWS.equals(endpoint) ? null : endpoint;
    tablePrefix = tablePrefix == null ? "" : tablePrefix;
    require(
        endpoint == null || endpoint.matches("https?://[^\\s/]+(/\\S*)?"),
        "--dynamodb-endpoint '"
            + endpoint
            + "' is not an http(s) URL, e.g. http://127.0.0.1:18000 (omit it, or give 'aws', on"
            + " AWS)");
    // Not a closed list of names: the deployment's step arguments are checked before CloudFormation
    // fills in its region.
    require(
        region != null && region.matches("\\S{2,64}"),
        "--dynamodb-region '" + region + "' is not an AWS region name, e.g. us-east-1");
    require(
        tablePrefix.matches("[A-Za-z0-9_.-]{0,200}"),
        "--dynamodb-table-prefix may hold only letters, digits, '_', '.' and '-' (200 at most)");
  }

  /** DynamoDB Local at {@code endpoint}, tables without a prefix. */
  public static DynamoDbTarget local(String endpoint) {
    return new DynamoDbTarget(endpoint, SdkClients.DEFAULT_REGION, "");
  }

  /** The deployed name of one of {@link DynamoTables}. */
  public String table(String name) {
    return DynamoTables.name(tablePrefix, name);
  }

  /**
   * A client with the SDK's standard retries ({@link SdkClients}).
   *
   * @param socketTimeout how long one call may wait for its answer
   */
  public DynamoDbClient client(Duration socketTimeout) {
    return DynamoDbClients.create(endpoint, region, socketTimeout);
  }

  /** Where the tables are, for start-up lines and status pages. */
  public String describe() {
    return endpoint == null ? "on AWS (" + region + ")" : "at " + endpoint;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}

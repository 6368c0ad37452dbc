package io.cardstream.common.aws;

import java.time.Duration;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The transactions' Kinesis data stream as the collector (writes), the console (shows its backlog)
 * and the local replay (writes) name it, validated on construction (each error names the option to
 * fix).
 *
 * @param stream the data stream's name
 * @param endpoint the emulator's URL, or null (blank too) for Kinesis on AWS
 * @param region the stream's region
 */
public record KinesisTarget(String stream, String endpoint, String region) {

  public KinesisTarget {
    endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint;
    require(
        stream != null && stream.matches("[a-zA-Z0-9_.-]{1,128}"),
        "--kinesis-stream '" + stream + "' is not a Kinesis stream name");
    require(
        endpoint == null || endpoint.matches("https?://[^\\s/]+(/\\S*)?"),
        "--kinesis-endpoint '" + endpoint + "' is not an http(s) URL (omit it on AWS)");
    // Not a closed list of names: CloudFormation fills in the deployment's region after the checks.
    require(
        region != null && region.matches("\\S{2,64}"),
        "--kinesis-region '" + region + "' is not an AWS region name, e.g. us-east-1");
  }

  /** A client with the SDK's standard retries ({@link KinesisClients}). */
  public KinesisClient client(Duration socketTimeout) {
    return KinesisClients.create(endpoint, region, socketTimeout);
  }

  /** Where the stream is, for start-up lines and status pages. */
  public String describe() {
    return "Kinesis stream "
        + stream
        + (endpoint == null ? " on AWS (" + region + ")" : " at " + endpoint);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}

package io.cardstream.common.aws;

import java.time.Duration;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Kinesis clients for AWS and for a local emulator, the same but for the endpoint. Throttling is
 * retried by the callers with their own backoff, so the SDK's retries are the standard few.
 */
public final class KinesisClients {

  private KinesisClients() {}

  /** A client for AWS (endpoint null) or the local emulator (see {@link SdkClients}). */
  public static KinesisClient create(String endpoint, String region, Duration socketTimeout) {
    if (SdkClients.isLocal(endpoint)) {
      // The emulator's CBOR answers are not what the SDK reads (blobs come back as objects); its
      // JSON protocol is. A JVM-wide switch, set only when an emulator is in use.
      System.setProperty("aws.cborEnabled", "false");
    }
    return SdkClients.build(KinesisClient.builder(), endpoint, region, socketTimeout);
  }
}

package io.cardstream.service;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every server's command has ({@code @Mixin}): the interface to bind and where the API
 * keys are. The port is each command's own: its default differs per server.
 */
public final class ServerOptions {

  @Option(
      names = "--host",
      defaultValue = ServerConfig.DEFAULT_HOST,
      description = "Interface to bind (default ${DEFAULT-VALUE}; 0.0.0.0 behind a load balancer).")
  String host;

  @Option(
      names = "--api-keys-file",
      description =
          "The keys document ({\"keys\": [{id, role, sha256}]}, the collector's and the console's),"
              + " re-read when it changes.")
  Path apiKeysFile;

  @Option(
      names = "--api-keys-secret-id",
      description = "Secrets Manager secret holding the keys document (instead of a file).")
  String apiKeysSecretId;

  @Option(
      names = "--region",
      defaultValue = "${env:AWS_REGION}",
      description = "AWS region of the keys' secret (default: $AWS_REGION).")
  String region;

  /** Gives these options to a server's config builder. */
  public <B extends ServerConfig.Builder<B>> B applyTo(B builder) {
    return builder.host(host).apiKeysFile(apiKeysFile).apiKeysSecret(apiKeysSecretId, region);
  }
}

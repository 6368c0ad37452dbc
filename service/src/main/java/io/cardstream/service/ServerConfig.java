package io.cardstream.service;

import java.nio.file.Path;

/**
 * What every server of the project is told: where it listens and where its API keys come from.
 * Validated on construction; each error says what is wrong and how to fix it. A server's own config
 * holds one ({@code CollectorConfig}, {@code ConsoleConfig}) and its builder extends {@link
 * Builder}.
 *
 * @param port 0 picks a free port
 * @param apiKeysFile the keys document, or null when it comes from Secrets Manager
 * @param apiKeysSecretId the secret holding the keys document, or null
 * @param region the secret's AWS region (required with {@code apiKeysSecretId})
 */
public record ServerConfig(
    String host, int port, Path apiKeysFile, String apiKeysSecretId, String region) {

  /** Loopback: a server is reached from elsewhere only when told so (behind a load balancer). */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public ServerConfig {
    apiKeysSecretId = blankToNull(apiKeysSecretId);
    region = blankToNull(region);
    require(host != null && !host.isBlank(), "--host is blank; give an interface address");
    require(
        port >= 0 && port <= 65535, "--port " + port + " is outside 0..65535 (0 picks a free one)");
    require(
        (apiKeysFile == null) != (apiKeysSecretId == null),
        "give exactly one of --api-keys-file and --api-keys-secret-id (where the API keys are;"
            + " locally the stack's .cardstream/data/collector/api-keys.json)");
    require(
        apiKeysSecretId == null || region != null,
        "--api-keys-secret-id needs --region (or AWS_REGION)");
  }

  /**
   * The keys of the file or the secret, re-read when they change.
   *
   * @throws IllegalArgumentException when they cannot be loaded now
   */
  public ReloadingKeyStore openKeys() {
    return apiKeysFile != null
        ? ReloadingKeyStore.ofFile(apiKeysFile)
        : ReloadingKeyStore.ofSecret(apiKeysSecretId, region);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /**
   * The part of a server's builder that makes its {@link ServerConfig}: host (loopback unless
   * told), port, and the keys.
   *
   * @param <B> the server's own builder, so that calls chain
   */
  public abstract static class Builder<B extends Builder<B>> {
    private String host = DEFAULT_HOST;
    private int port;
    private Path apiKeysFile;
    private String apiKeysSecretId;
    private String region;

    protected Builder(int defaultPort) {
      this.port = defaultPort;
    }

    public B host(String v) {
      host = v;
      return self();
    }

    public B port(int v) {
      port = v;
      return self();
    }

    public B apiKeysFile(Path v) {
      apiKeysFile = v;
      return self();
    }

    /** The keys document in this Secrets Manager secret, instead of a file. */
    public B apiKeysSecret(String secretId, String awsRegion) {
      apiKeysSecretId = secretId;
      region = awsRegion;
      return self();
    }

    /** The settings given so far; validated here, before the server's own. */
    protected ServerConfig server() {
      return new ServerConfig(host, port, apiKeysFile, apiKeysSecretId, region);
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }
  }
}

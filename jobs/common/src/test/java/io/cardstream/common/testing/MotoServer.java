package io.cardstream.common.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * moto server (an AWS emulator from PyPI, no Docker) in a process of its own on a free loopback
 * port, for one test class: jobs/common/bin/moto-server installs it into jobs/common/target on
 * first use, so the first start may take a minute.
 */
public final class MotoServer extends LoopbackProcess {

  public static final String REGION = "eu-west-1";

  private MotoServer(Started s) {
    super(s);
  }

  /** Starts it; the project's root is {@code -Dcardstream.home}, else two levels up. */
  public static MotoServer start() throws IOException, InterruptedException {
    String script = home().resolve("jobs/common/bin/moto-server").toString();
    return new MotoServer(
        start(
            "moto",
            port -> List.of(script, Integer.toString(port)),
            Duration.ofMinutes(5),
            (port, log) -> {
              try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
              } catch (IOException notYet) {
                return false;
              }
            }));
  }

  /** A client of the emulator's Secrets Manager. */
  public SecretsManagerClient secretsManager() {
    return SecretsManagerClient.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** Creates secret {@code id} holding {@code value}. */
  public void createSecret(String id, String value) {
    try (SecretsManagerClient c = secretsManager()) {
      c.createSecret(b -> b.name(id).secretString(value));
    }
  }
}

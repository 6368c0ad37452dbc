package io.cardstream.common.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The AWS emulator (MiniStack from PyPI, see local/bin/aws-emulator) in a process of its own on a
 * free loopback port, for one test class: SES and CloudWatch answer as AWS does, and its own API
 * shows what they received. Its venv is kept under the module's {@code target/}, so only the first
 * run installs it.
 */
public final class AwsEmulator implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public final int port;
  private final Process process;
  public final Path log;

  private AwsEmulator(int port, Process process, Path log) {
    this.port = port;
    this.process = process;
    this.log = log;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Starts it; the project's root is {@code -Dcardstream.home}, else two levels up (a module under
   * jobs/). The first start installs the venv (minutes); later ones take about a second.
   */
  public static AwsEmulator start() throws IOException, InterruptedException {
    Path home =
        Path.of(System.getProperty("cardstream.home", "../..")).toAbsolutePath().normalize();
    Path script = home.resolve("local/bin/aws-emulator");
    Path venv = Path.of("target", "aws-emulator-venv").toAbsolutePath();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    // Kept after the run, beside the venv: what the emulator answered, for a failed test.
    Path log = Path.of("target", "aws-emulator-" + port + ".log").toAbsolutePath();
    Process p =
        new ProcessBuilder(script.toString(), venv.toString(), Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    AwsEmulator e = new AwsEmulator(port, p, log);
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      try {
        e.get("/_ministack/health");
        return e;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("the AWS emulator did not start: " + Files.readString(log));
  }

  /** The body of a GET on the emulator's own API (e.g. {@code /_ministack/ses/messages}). */
  public String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(endpoint() + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /**
   * The status of a JSON POST to {@code service}'s API (e.g. SES v2's account details), as the
   * account of the project's local clients (access key {@code local}, SdkClients): the emulator
   * keeps state per account and reads it from the credential, which it does not check.
   */
  public int post(String service, String path, String json)
      throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(endpoint() + path))
                .header("Content-Type", "application/json")
                .header(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/"
                        + service
                        + "/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Forgets everything it was sent (between tests). */
  public void reset() throws IOException, InterruptedException {
    HTTP.send(
        HttpRequest.newBuilder(URI.create(endpoint() + "/_ministack/reset"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}

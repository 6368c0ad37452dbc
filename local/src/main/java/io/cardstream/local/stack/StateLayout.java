package io.cardstream.local.stack;

import io.cardstream.common.lake.Lake;
import io.cardstream.console.Reports;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the local stack and the tools on it keep their files, all under one state directory ({@code
 * .cardstream/}): the supervisor's state file, the services' logs and data, the lake, the jobs'
 * checkpoints, the stream's status file and the demo's files. Every path to them is named here
 * once.
 */
public record StateLayout(Path dir) {

  /** What the supervisor started: PIDs, ports, endpoints ({@link LocalStack.State}). */
  public Path stateFile() {
    return dir.resolve("stack.json");
  }

  public Path logs() {
    return dir.resolve("logs");
  }

  /** A service's log ({@code logs/<service>.log}). */
  public Path log(String service) {
    return logs().resolve(service + ".log");
  }

  /** A service's data, wiped at each fresh start of the stack. */
  public Path data(String service) {
    return dir.resolve("data").resolve(service);
  }

  /** The SCRAM broker's CA, keystore and the clients' properties (SCRAM user, CA file). */
  public Path kafkaTls() {
    return data(KafkaService.NAME).resolve("tls");
  }

  /** The Kafka client properties of a SCRAM stack, readable by this user only. */
  public Path kafkaClientProperties() {
    return kafkaTls().resolve("client.properties");
  }

  /** The local lake's root directory. */
  public Path lakeDir() {
    return dir.resolve("lake");
  }

  public Lake lake() {
    return new Lake(lakeDir().toUri().toString());
  }

  /** The model registry in the local lake. */
  public Path registry() {
    return lakeDir().resolve("models/fraud");
  }

  /** A streaming job's checkpoint ({@code checkpoints/<job>}). */
  public Path checkpoint(String job) {
    return dir.resolve("checkpoints").resolve(job);
  }

  /** The scoring stream's status file, which the console reads. */
  public Path streamStatusFile() {
    return dir.resolve("stream-status.json");
  }

  /** The collector's keys document (hashes only). */
  public Path apiKeysFile() {
    return data(CollectorService.NAME).resolve("api-keys.json");
  }

  /** The clear API key of the local collector for {@code role}, readable by this user only. */
  public Path apiKeyFile(String role) {
    return data(CollectorService.NAME).resolve(role + ".key");
  }

  /** Where the local mail server keeps what it received: one {@code .eml} file per message. */
  public Path maildir() {
    return data(SmtpService.NAME).resolve("mail");
  }

  /** The demo's generated input and the parts it sends. */
  public Path demoDir() {
    return dir.resolve("demo");
  }

  public Path demoSummaryJson() {
    return dir.resolve("demo-summary.json");
  }

  public Path demoSummaryHtml() {
    return dir.resolve("demo-summary.html");
  }

  /** A lake location on the local disk (a path or a file: URI); empty for a remote one (s3a:). */
  public static Optional<Path> onLocalDisk(String location) {
    if (location.startsWith("file:")) {
      return Optional.of(Path.of(URI.create(location)));
    }
    return location.contains("://") || location.matches("^[a-z0-9]+:.*")
        ? Optional.empty()
        : Optional.of(Path.of(location));
  }

  /**
   * A model version's training report as one HTML page with its charts ({@code report/report.html}
   * beside {@code report.md}); returns its path.
   */
  public static Path writeTrainingReport(Path versionDir) throws IOException {
    Path html = versionDir.resolve("report/report.html");
    Reports.writeTrainingReport(versionDir, html);
    return html;
  }
}

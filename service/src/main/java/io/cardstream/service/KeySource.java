package io.cardstream.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** Where the keys document comes from: a file, or a Secrets Manager secret. */
interface KeySource extends AutoCloseable {

  /** For messages: the file or the secret id (never its content). */
  String name();

  /**
   * The document when it changed since the last successful {@link #accept}, else empty.
   *
   * @throws IOException when it cannot be read now
   */
  Optional<String> readIfChanged() throws IOException;

  /** The document last read was valid: do not read it again until it changes. */
  void accept();

  @Override
  default void close() {}

  /** A keys file; a change is any change of its modification time, size or file (rename). */
  final class FileSource implements KeySource {
    private final Path file;
    private List<Object> seen;
    private List<Object> read;

    FileSource(Path file) {
      this.file = file;
    }

    @Override
    public String name() {
      return file.toString();
    }

    @Override
    public Optional<String> readIfChanged() throws IOException {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(file, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        throw new IOException("keys file " + file + " does not exist", e);
      }
      List<Object> version = java.util.Arrays.asList(a.lastModifiedTime(), a.size(), a.fileKey());
      if (version.equals(seen)) {
        return Optional.empty();
      }
      read = version;
      return Optional.of(Files.readString(file));
    }

    @Override
    public void accept() {
      seen = read;
    }
  }

  /** A Secrets Manager secret whose string is the keys document; a change is a new version. */
  final class SecretSource implements KeySource {
    private final String secretId;
    private final SecretsManagerClient client;
    private String seen;
    private String read;

    SecretSource(String secretId, String region) {
      this.secretId = secretId;
      this.client =
          SecretsManagerClient.builder()
              .region(Region.of(region))
              .httpClient(UrlConnectionHttpClient.create())
              .build();
    }

    @Override
    public String name() {
      return "secret " + secretId;
    }

    @Override
    public Optional<String> readIfChanged() throws IOException {
      GetSecretValueResponse r;
      try {
        r = client.getSecretValue(b -> b.secretId(secretId));
      } catch (RuntimeException e) {
        throw new IOException("cannot read secret " + secretId + ": " + e.getMessage(), e);
      }
      if (Objects.equals(r.versionId(), seen)) {
        return Optional.empty();
      }
      read = r.versionId();
      if (r.secretString() == null) {
        throw new IOException("secret " + secretId + " has no SecretString");
      }
      return Optional.of(r.secretString());
    }

    @Override
    public void accept() {
      seen = read;
    }

    @Override
    public void close() {
      client.close();
    }
  }
}

package io.cardstream.common.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The Kafka security options every client takes, one declaration for the jobs, the collector, the
 * console and the local CLI: {@code --kafka-auth none|scram|msk-iam}, SCRAM credentials from a
 * Secrets Manager secret ({@code --kafka-secret-id}) or a client properties file ({@code
 * --kafka-properties}, whose entries also add to or replace the rendered ones, e.g. a truststore).
 */
public final class KafkaAuthOptions {

  @Option(
      names = "--kafka-auth",
      defaultValue = "none",
      description =
          "Kafka authentication: none | scram (SASL_SSL, SCRAM-SHA-512) | msk-iam (SASL_SSL, AWS"
              + " MSK IAM) (default ${DEFAULT-VALUE}).")
  String auth = "none";

  @Option(
      names = "--kafka-secret-id",
      description =
          "scram: the Secrets Manager secret (name or ARN) holding {\"username\",\"password\"}.")
  String secretId;

  @Option(
      names = "--kafka-properties",
      description =
          "A Kafka client properties file added over the rendered settings (credentials for scram"
              + " without --kafka-secret-id, a truststore, JAAS options).")
  Path propertiesFile;

  public KafkaAuth.Mode mode() {
    return KafkaAuth.Mode.parse(auth);
  }

  /** The authentication these options give, its secret read and its file loaded. */
  public KafkaAuth resolve() {
    return resolve(mode(), secretId, propertiesFile);
  }

  /** The same, from values rather than parsed options. */
  public static KafkaAuth resolve(KafkaAuth.Mode mode, String secretId, Path propertiesFile) {
    Map<String, String> file = propertiesFile == null ? Map.of() : load(propertiesFile);
    KafkaAuth base =
        switch (mode) {
          case NONE -> KafkaAuth.NONE;
          case MSK_IAM -> KafkaAuth.mskIam();
          case SCRAM -> {
            if (secretId != null && !secretId.isBlank()) {
              yield KafkaSecrets.scram(secretId);
            }
            if (!file.containsKey(KafkaAuth.SASL_JAAS_CONFIG)) {
              throw new IllegalArgumentException(
                  "--kafka-auth scram needs --kafka-secret-id or a --kafka-properties file with"
                      + " sasl.jaas.config");
            }
            yield new KafkaAuth(
                KafkaAuth.Mode.SCRAM,
                Map.of(
                    KafkaAuth.SECURITY_PROTOCOL,
                    "SASL_SSL",
                    KafkaAuth.SASL_MECHANISM,
                    KafkaAuth.SCRAM_MECHANISM));
          }
        };
    return base.with(file);
  }

  /** The options that give {@code mode} with {@code propertiesFile}, for a child process. */
  public static List<String> args(KafkaAuth.Mode mode, Path propertiesFile) {
    List<String> a = new ArrayList<>(List.of("--kafka-auth", mode.option()));
    if (propertiesFile != null) {
      a.addAll(List.of("--kafka-properties", propertiesFile.toString()));
    }
    return a;
  }

  /** A client properties file's entries. */
  static Map<String, String> load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Kafka client properties " + file, e);
    }
    Map<String, String> m = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
    return m;
  }
}

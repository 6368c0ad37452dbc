package io.cardstream.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaAuthTest {

  @TempDir Path dir;

  @Test
  void noneAddsNothing() {
    assertThat(KafkaAuthOptions.resolve(KafkaAuth.Mode.NONE, null, null).properties()).isEmpty();
    assertThat(KafkaAuth.NONE.sparkOptions()).isEmpty();
  }

  @Test
  void scramRendersSaslSslWithAnEscapedJaasLine() {
    KafkaAuth a = KafkaAuth.scram("card\"stream", "p\\w");
    assertThat(a.properties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"card\\\"stream\" password=\"p\\\\w\";")
        .hasSize(3);
    assertThat(a.toString()).doesNotContain("p\\w").contains("scram");
  }

  @Test
  void mskIamRendersTheFourPropertiesAndSparkPrefixesThem() {
    KafkaAuth a = KafkaAuthOptions.resolve(KafkaAuth.Mode.MSK_IAM, null, null);
    assertThat(a.sparkOptions())
        .isEqualTo(
            Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "AWS_MSK_IAM",
                "kafka.sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
                "kafka.sasl.client.callback.handler.class",
                    "software.amazon.msk.auth.iam.IAMClientCallbackHandler"));
  }

  @Test
  void aPropertiesFileGivesScramItsCredentialsAndAddsATruststore() throws Exception {
    Path file = dir.resolve("client.properties");
    Properties p = new Properties();
    p.setProperty("sasl.jaas.config", "x required username=\"u\" password=\"p\";");
    p.setProperty("ssl.truststore.type", "PEM");
    p.setProperty("ssl.truststore.location", "/ca.pem");
    try (var w = Files.newBufferedWriter(file)) {
      p.store(w, null);
    }
    KafkaAuth a = KafkaAuthOptions.resolve(KafkaAuth.Mode.SCRAM, null, file);
    assertThat(a.mode()).isEqualTo(KafkaAuth.Mode.SCRAM);
    assertThat(a.properties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "x required username=\"u\" password=\"p\";")
        .containsEntry("ssl.truststore.location", "/ca.pem");
  }

  @Test
  void scramWithoutCredentialsIsRefused() {
    assertThatThrownBy(() -> KafkaAuthOptions.resolve(KafkaAuth.Mode.SCRAM, null, null))
        .hasMessageContaining("--kafka-secret-id");
    assertThatThrownBy(() -> KafkaAuth.Mode.parse("plain")).hasMessageContaining("msk-iam");
  }

  @Test
  void aSecretGivesScramCredentialsAndABadOneIsNotEchoed() {
    assertThat(KafkaSecrets.fromJson("s", "{\"username\":\"u\",\"password\":\"pw\"}"))
        .isEqualTo(KafkaAuth.scram("u", "pw"));
    assertThatThrownBy(() -> KafkaSecrets.fromJson("s", "{\"user\":\"u\",\"pass\":\"hunter2\"}"))
        .hasMessageContaining("secret s")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void clientsGetTheSecurityBetweenTheirDefaultsAndTheCallersSettings() throws Exception {
    Properties p =
        KafkaClients.properties(
            "b:1",
            KafkaAuth.scram("u", "p"),
            Map.of("security.protocol", "PLAINTEXT", "acks", "all"),
            Map.of("sasl.mechanism", "SCRAM-SHA-256"));
    assertThat(p)
        .containsEntry("bootstrap.servers", "b:1")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
        .containsEntry("acks", "all");
  }

  @Test
  void travelsToExecutors() throws Exception {
    KafkaAuth a = KafkaAuth.mskIam();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(a);
    }
  }
}

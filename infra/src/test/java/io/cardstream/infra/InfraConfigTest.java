package io.cardstream.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfraConfigTest {

  private static InfraConfig of(Map<String, Object> context) {
    return InfraConfig.fromContext(context::get);
  }

  /** What has no default: the notifier's sender and the collector's URL for its links. */
  private static final Map<String, Object> REQUIRED =
      Map.of(
          InfraConfig.SENDER_EMAIL,
          "alerts@bank.example",
          InfraConfig.FEEDBACK_BASE_URL,
          "https://feedback.bank.example");

  private static Map<String, Object> with(String key, Object value) {
    Map<String, Object> c = new HashMap<>(REQUIRED);
    c.put(key, value);
    return c;
  }

  @Test
  void defaultsNeedOnlyTheSenderAddressAndTheCollectorsUrl() {
    InfraConfig c = of(REQUIRED);
    assertThat(c.input()).isEqualTo(InfraConfig.Input.KINESIS);
    assertThat(c.emrRelease()).startsWith("emr-7.");
    assertThat(c.airflowVersion()).startsWith("3.");
    assertThat(c.emrCoreInstances()).isEqualTo(2);
  }

  @Test
  void inputIsKinesisOrKafkaInAnyCase() {
    assertThat(of(with(InfraConfig.INPUT, "KAFKA")).kinesis()).isFalse();
    assertThatThrownBy(() -> of(with(InfraConfig.INPUT, "sqs")))
        .hasMessage("context input is 'sqs': expected kinesis or kafka");
  }

  @Test
  void theCollectorIsDeployedOnlyWithACertificateArn() {
    assertThat(of(with(InfraConfig.INPUT, "kinesis")).collector()).isFalse();
    String arn =
        "arn:aws:acm:eu-west-1:123456789012:certificate/"
            + "0".repeat(8)
            + "-1111-2222-3333-"
            + "4".repeat(12);
    InfraConfig c = of(with(InfraConfig.COLLECTOR_CERTIFICATE_ARN, arn));
    assertThat(c.collector()).isTrue();
    assertThat(c.collectorCertificateArn()).isEqualTo(arn);
    assertThat(c.collectorImageTag()).isEqualTo(Layout.version());
    assertThatThrownBy(() -> of(with(InfraConfig.COLLECTOR_CERTIFICATE_ARN, "my-cert")))
        .hasMessageStartingWith("context collectorCertificateArn is 'my-cert'");
    assertThatThrownBy(() -> of(with(InfraConfig.COLLECTOR_IMAGE_TAG, "a tag")))
        .hasMessageStartingWith("context collectorImageTag is 'a tag'");
  }

  @Test
  void aMissingSenderSaysWhereToSetIt() {
    assertThatThrownBy(() -> of(Map.of()))
        .hasMessage(
            "context senderEmail is missing: set it in infra/cdk.json or pass --context"
                + " senderEmail=...");
    assertThatThrownBy(() -> of(with(InfraConfig.SENDER_EMAIL, "not-an-address")))
        .hasMessageStartingWith("context senderEmail is 'not-an-address'");
  }

  @Test
  void theLinksBaseIsTheCollectorsHttpsUrl() {
    assertThat(of(REQUIRED).feedbackBaseUrl()).isEqualTo("https://feedback.bank.example");
    assertThatThrownBy(() -> of(Map.of(InfraConfig.SENDER_EMAIL, "alerts@bank.example")))
        .hasMessageStartingWith("context feedbackBaseUrl is missing");
    assertThatThrownBy(
            () -> of(with(InfraConfig.FEEDBACK_BASE_URL, "http://feedback.bank.example")))
        .hasMessageContaining("https://");
    assertThatThrownBy(() -> of(with(InfraConfig.FEEDBACK_BASE_URL, "https://x.example/?a=1")))
        .hasMessageContaining("https://");
  }

  @Test
  void emrMustBeSevenOneOrLaterAndAirflowThree() {
    assertThatThrownBy(() -> of(with(InfraConfig.EMR_RELEASE, "emr-6.15.0")))
        .hasMessageContaining("EMR 7.1+");
    assertThatThrownBy(() -> of(with(InfraConfig.EMR_RELEASE, "emr-7.0.0")))
        .hasMessageContaining("EMR 7.1+");
    assertThatThrownBy(() -> of(with(InfraConfig.AIRFLOW_VERSION, "2.10.3")))
        .hasMessageContaining("Airflow 3");
    assertThatThrownBy(() -> of(with(InfraConfig.EMR_CORE_INSTANCES, "0")))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> of(with(InfraConfig.EMR_CORE_INSTANCES, "two")))
        .hasMessageContaining("whole number");
  }

  @Test
  void synthRefusesAnUnknownContextKeyAndAForeignOutdir(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> Synth.run(Synthesized.REPO, with("inputs", "kafka"), dir))
        .hasMessageStartingWith("unknown context key 'inputs'");
    java.nio.file.Files.writeString(dir.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> Synth.run(Synthesized.REPO, with(InfraConfig.INPUT, "kafka"), dir))
        .hasMessageContaining("holds no cloud assembly");
    assertThat(dir.resolve("notes.txt")).exists();
  }
}

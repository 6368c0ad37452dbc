package io.cardstream.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardstream.common.control.ControlTopics;
import io.cardstream.common.control.FlagEvent;
import io.cardstream.common.kafka.KafkaAuth;
import io.cardstream.common.kafka.KafkaProbe;
import io.cardstream.common.lake.Topics;
import io.cardstream.service.JvmLauncher;
import io.cardstream.streaming.sink.TransactionalTopics;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack's broker on SASL_SSL + SCRAM, alone: its certificates made at start, clients with the
 * stack's properties file producing and consuming (the control plane, the stream's transactional
 * topics sink), unauthenticated and wrong-password clients refused, and an MSK IAM client from the
 * streaming job's shaded EMR jar loading its login module and callback handler (no broker here
 * speaks AWS_MSK_IAM, so the broker's refusal of that mechanism is the proof).
 */
class KafkaScramIT {

  private static Path stateDir;
  private static Process kafka;
  private static Endpoints endpoints;

  @BeforeAll
  static void up() throws IOException {
    Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    stateDir = Files.createTempDirectory("cardstream-scram-it-");
    StackConfig config =
        new StackConfig(
                home, stateDir, 16192, 16000, 16432, 16080, 16090, 16025, 16567, false, false,
                false)
            .withKafkaScram(true);
    KafkaService service = new KafkaService(config);
    Path data = config.layout().data(KafkaService.NAME);
    Files.createDirectories(data);
    Files.createDirectories(config.layout().logs());
    Path log = config.layout().log(KafkaService.NAME);
    kafka = ServiceProcess.start(service, data, log, true);
    ServiceProcess.awaitReady(service, kafka, log);
    endpoints = Endpoints.of(config);
    StackInit.createTopics(endpoints.kafkaBootstrap(), endpoints.kafkaAuth());
  }

  @AfterAll
  static void down() throws IOException {
    if (kafka != null) {
      ServiceProcess.stop(kafka.toHandle());
    }
    LocalStack.deleteRecursively(stateDir);
  }

  @Test
  void theStacksClientsAuthenticateAndItsSecretsAreThisUsersOnly() throws IOException {
    assertThat(endpoints.kafkaAuth().mode()).isEqualTo(KafkaAuth.Mode.SCRAM);
    assertThat(endpoints.kafkaAuth().properties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.type", "PEM");
    assertThat(
            Files.getPosixFilePermissions(Path.of(endpoints.kafkaProperties())).stream()
                .map(Enum::name))
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    assertThat(KafkaProbe.probe(endpoints.kafkaBootstrap(), endpoints.kafkaAuth()))
        .isEqualTo("ok: 1 broker(s)");
  }

  @Test
  void anAuthenticatedControlPlaneAndTransactionalSinkRoundTrip() {
    ControlTopics control = new ControlTopics(endpoints.kafkaBootstrap(), endpoints.kafkaAuth());
    String token = "5c".repeat(32);
    control.publish(new FlagEvent(token, true, "scram it", Instant.now(), "it"));
    assertThat(control.flags()).containsKey(token);
    try (TransactionalTopics sink =
        new TransactionalTopics(
            endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), Topics.SINK_COMMITS, "scram-it")) {
      assertThat(
              sink.write(
                  0, List.of(new TransactionalTopics.Message(Topics.ALERTS, "k", "{\"a\":1}"))))
          .isTrue();
    }
    try (TransactionalTopics again =
        new TransactionalTopics(
            endpoints.kafkaBootstrap(), endpoints.kafkaAuth(), Topics.SINK_COMMITS, "scram-it")) {
      assertThat(again.lastCommittedBatch()).isZero();
    }
  }

  @Test
  void anUnauthenticatedClientAndAWrongPasswordAreRefused() {
    assertThat(KafkaProbe.probe(endpoints.kafkaBootstrap(), KafkaAuth.NONE))
        .startsWith("failed: ")
        .doesNotContain("ok:");
    KafkaAuth wrong =
        KafkaAuth.scram("cardstream", "not-the-password")
            .with(Map.of("ssl.truststore.type", "PEM", "ssl.truststore.location", caPem()));
    assertThat(KafkaProbe.probe(endpoints.kafkaBootstrap(), wrong))
        .contains("SaslAuthenticationException")
        .contains("invalid credentials");
  }

  @Test
  void mskIamLoadsItsLoginModuleFromTheShadedEmrJar() throws Exception {
    Path home = Path.of(System.getProperty("cardstream.home", "..")).toAbsolutePath().normalize();
    Path jar;
    try (var jars = Files.list(home.resolve("jobs/streaming/target"))) {
      jar =
          jars.filter(p -> p.getFileName().toString().endsWith("-emr.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("build jobs/streaming's EMR jar first"));
    }
    // The shaded jar and what EMR provides beside it (SLF4J, Jackson), nothing of this module.
    List<String> cp = new ArrayList<>(List.of(jar.toString()));
    Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("/org/slf4j/slf4j-api/") || e.contains("/com/fasterxml/jackson/"))
        .forEach(cp::add);
    Path props = stateDir.resolve("iam-client.properties");
    Files.writeString(props, "ssl.truststore.type=PEM\nssl.truststore.location=" + caPem() + "\n");
    Process p =
        new ProcessBuilder(
                JvmLauncher.java(),
                "-cp",
                String.join(File.pathSeparator, cp),
                KafkaProbe.class.getName(),
                endpoints.kafkaBootstrap(),
                "msk-iam",
                props.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out)
        .as("the probe's output")
        .contains("UnsupportedSaslMechanismException")
        .contains("'AWS_MSK_IAM' not enabled")
        .doesNotContain("could not be found")
        .doesNotContain("ClassNotFoundException");
  }

  private static String caPem() {
    return endpoints.kafkaAuth().properties().get("ssl.truststore.location");
  }
}

package io.cardstream.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {

  @Test
  void cliOverridesEnvironmentOverridesDefaults() {
    StackConfig c =
        StackConfig.fromEnvironment(
                Path.of("/repo"),
                Map.of("CARDSTREAM_KAFKA_PORT", "29092", "CARDSTREAM_POSTGRES_PORT", "25432"))
            .withPorts(null, null, 35432, null, null, null, null);
    assertThat(c.kafkaPort()).isEqualTo(29092);
    assertThat(c.postgresPort()).isEqualTo(35432);
    assertThat(c.dynamodbPort()).isEqualTo(StackConfig.DEFAULT_DYNAMODB_PORT);
    assertThat(c.stateDir()).isEqualTo(Path.of("/repo/.cardstream"));
  }

  @Test
  void badPortsAreRejectedWithTheFix() {
    assertThatThrownBy(
            () -> StackConfig.fromEnvironment(Path.of("/r"), Map.of("CARDSTREAM_S3_PORT", "http")))
        .hasMessage("CARDSTREAM_S3_PORT='http' is not a port number");
    assertThatThrownBy(
            () ->
                new StackConfig(
                    Path.of("/r"),
                    Path.of("/r/s"),
                    80,
                    18000,
                    15432,
                    18080,
                    18090,
                    18025,
                    18567,
                    false,
                    false,
                    false))
        .hasMessage("kafka port 80 is outside 1024..65534; set it with --kafka-port");
    assertThatThrownBy(
            () ->
                new StackConfig(
                    Path.of("/r"),
                    Path.of("/r/s"),
                    17999,
                    18000,
                    15432,
                    18080,
                    18090,
                    18025,
                    18567,
                    false,
                    false,
                    false))
        .hasMessageContaining("the Kafka controller uses port 18000");
  }

  @Test
  void endpointsFollowThePorts() {
    StackConfig c =
        new StackConfig(
            Path.of("/r"),
            Path.of("/r/s"),
            29092,
            28000,
            25432,
            28080,
            28090,
            28025,
            28567,
            true,
            true,
            false);
    Endpoints e = Endpoints.of(c);
    assertThat(e.kafkaBootstrap()).isEqualTo("127.0.0.1:29092");
    assertThat(e.dynamodbEndpoint()).isEqualTo("http://127.0.0.1:28000");
    assertThat(e.postgresJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:25432/postgres");
    assertThat(e.s3Endpoint()).isEqualTo("http://127.0.0.1:28080");
    assertThat(e.collectorUrl()).isEqualTo("http://127.0.0.1:28090");
    assertThat(Endpoints.of(c.withS3(false)).s3Endpoint()).isNull();
  }
}

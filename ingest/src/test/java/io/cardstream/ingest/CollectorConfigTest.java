package io.cardstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cardstream.common.privacy.PanTokenizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorConfigTest {

  @Test
  void optionsBecomeTheConfigWithTheDocumentedDefaults() {
    CollectorMain main = new CollectorMain();
    new picocli.CommandLine(main)
        .parseArgs("--kafka-bootstrap", "127.0.0.1:19092", "--api-keys-file", "keys.json");

    CollectorConfig c = main.config();

    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().port()).isEqualTo(18090);
    assertThat(c.topic()).isEqualTo("transactions");
    assertThat(c.server().apiKeysFile()).isEqualTo(Path.of("keys.json"));
    assertThat(c.maxBodyBytes()).isEqualTo(1_048_576);
    assertThat(c.maxRecords()).isEqualTo(500);
    assertThat(c.rate()).isEqualTo(50);
    assertThat(c.burst()).isEqualTo(100);
    assertThat(c.brokerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.dynamodb().endpoint()).isNull();
    assertThat(c.dynamodb().region()).isEqualTo("us-east-1");
    assertThat(c.dynamodb().tablePrefix()).isEmpty();
    assertThat(c.authFailuresPerMinute()).isEqualTo(10);
    assertThat(c.feedbackPerMinute()).isEqualTo(30);
  }

  @Test
  void thePerAddressLimitsAreOptionsAnd0TurnsThemOff() {
    CollectorMain main = parsed("--auth-failures-per-minute", "0", "--feedback-per-minute", "600");

    CollectorConfig c = main.config();

    assertThat(c.authFailuresPerMinute()).isZero();
    assertThat(c.feedbackPerMinute()).isEqualTo(600);
    CollectorConfig.Builder good =
        CollectorConfig.builder().kafkaBootstrap("b:9092").apiKeysFile(Path.of("k.json"));
    assertThatThrownBy(() -> good.authFailuresPerMinute(-1).build())
        .hasMessage("--auth-failures-per-minute -1 is outside 0..100000 (0: no limit)");
    assertThatThrownBy(() -> good.authFailuresPerMinute(10).feedbackPerMinute(100_001).build())
        .hasMessage("--feedback-per-minute 100001 is outside 0..100000 (0: no limit)");
  }

  @Test
  void theCaseTablesOptions() {
    CollectorMain main =
        parsed(
            "--dynamodb-endpoint",
            "http://127.0.0.1:18000",
            "--dynamodb-region",
            "eu-west-1",
            "--dynamodb-table-prefix",
            "prod_");

    CollectorConfig c = main.config();

    assertThat(c.dynamodb().endpoint()).isEqualTo("http://127.0.0.1:18000");
    assertThat(c.dynamodb().region()).isEqualTo("eu-west-1");
    assertThat(c.dynamodb().tablePrefix()).isEqualTo("prod_");
    // The options' checks are DynamoDbTarget's (DynamoDbTargetTest): a bad value fails at parse.
    CollectorMain bad = parsed("--dynamodb-endpoint", "127.0.0.1:18000");
    assertThatThrownBy(bad::config)
        .hasMessageStartingWith("--dynamodb-endpoint '127.0.0.1:18000' is not an http(s) URL");
  }

  @Test
  void badSettingsSayWhatIsWrong() {
    CollectorConfig.Builder ok =
        CollectorConfig.builder().kafkaBootstrap("b:9092").apiKeysFile(Path.of("k.json"));
    ok.build();

    assertThatThrownBy(() -> CollectorConfig.builder().apiKeysFile(Path.of("k")).build())
        .hasMessageStartingWith("--kafka-bootstrap is required");
    assertThatThrownBy(() -> CollectorConfig.builder().kafkaBootstrap("b:9092").build())
        .hasMessageStartingWith("give exactly one of --api-keys-file and --api-keys-secret-id");
    assertThatThrownBy(() -> ok.apiKeysSecret("s", "eu-west-1").build())
        .hasMessageStartingWith("give exactly one of");
    assertThatThrownBy(
            () ->
                CollectorConfig.builder()
                    .kafkaBootstrap("b:9092")
                    .apiKeysSecret("cardstream/api-keys", null)
                    .build())
        .hasMessageStartingWith("--api-keys-secret-id needs --region");
    CollectorConfig.Builder good =
        CollectorConfig.builder().kafkaBootstrap("b:9092").apiKeysFile(Path.of("k.json"));
    assertThatThrownBy(() -> good.maxRecords(0).build()).hasMessageContaining("--max-records 0");
    assertThatThrownBy(() -> good.maxRecords(1).rate(0, 1).build()).hasMessageContaining("--rate");
    assertThatThrownBy(() -> good.rate(1, 0).build()).hasMessageContaining("--burst");
    assertThatThrownBy(() -> good.rate(1, 1).maxBodyBytes(10).build())
        .hasMessageContaining("--max-body-bytes 10");
    assertThatThrownBy(() -> good.maxBodyBytes(2048).port(70000).build())
        .hasMessageContaining("--port 70000");
    assertThatThrownBy(() -> good.port(0).brokerTimeout(Duration.ofMillis(5)).build())
        .hasMessageContaining("--broker-timeout-ms");
  }

  @Test
  void theCommandLineFailsWithOneLineAndExitCode1() {
    StringWriter err = new StringWriter();

    int missing =
        CollectorMain.run(new String[] {"--api-keys-file", "k.json"}, new PrintWriter(err));
    int invalid =
        CollectorMain.run(
            new String[] {"--kafka-bootstrap", "b:1", "--api-keys-file", "k.json", "--rate", "-1"},
            new PrintWriter(err));

    assertThat(missing).isEqualTo(1);
    assertThat(invalid).isEqualTo(1);
    assertThat(err.toString().lines().toList())
        .containsExactly(
            "collector: error: Missing required option: '--kafka-bootstrap=<kafkaBootstrap>' (see"
                + " --help)",
            "collector: error: --rate must be a positive number of requests/s");
  }

  @Test
  void withoutAKeyAndWithoutDevKeysItExitsAtStartNamingTheFix() {
    assumeTrue(
        System.getenv(PanTokenizer.KEY_ENV) == null, "a card-token key is in the environment");
    StringWriter err = new StringWriter();

    int code =
        CollectorMain.run(
            new String[] {"--kafka-bootstrap", "b:1", "--api-keys-file", "k.json"},
            new PrintWriter(err));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .startsWith(
            "collector: error: no card-token key: give --token-key-secret-id <Secrets Manager"
                + " secret id> (on AWS), or set CARDSTREAM_PAN_HMAC_KEY, or pass --dev-keys");
  }

  /** The collector's command with its two required options and {@code more}. */
  private static CollectorMain parsed(String... more) {
    CollectorMain main = new CollectorMain();
    List<String> args =
        new ArrayList<>(List.of("--kafka-bootstrap", "b:9092", "--api-keys-file", "k.json"));
    args.addAll(List.of(more));
    new picocli.CommandLine(main).parseArgs(args.toArray(String[]::new));
    return main;
  }
}

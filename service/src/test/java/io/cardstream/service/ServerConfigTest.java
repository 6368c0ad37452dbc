package io.cardstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

class ServerConfigTest {

  /** A server's builder as the collector's and the console's extend it. */
  static final class Builder extends ServerConfig.Builder<Builder> {
    Builder() {
      super(18000);
    }

    ServerConfig build() {
      return server();
    }
  }

  static final class Command {
    @Mixin ServerOptions options;
  }

  @Test
  void loopbackAndTheServersPortUnlessTold() {
    ServerConfig c = new Builder().apiKeysFile(Path.of("keys.json")).build();

    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(18000);
    assertThat(c.apiKeysFile()).isEqualTo(Path.of("keys.json"));
    assertThat(c.apiKeysSecretId()).isNull();
    assertThat(new Builder().host("0.0.0.0").port(0).apiKeysFile(Path.of("k")).build())
        .isEqualTo(new ServerConfig("0.0.0.0", 0, Path.of("k"), null, null));
  }

  @Test
  void theKeysComeFromExactlyOnePlaceAndASecretNeedsItsRegion() {
    assertThatThrownBy(() -> new Builder().build())
        .hasMessageStartingWith("give exactly one of --api-keys-file and --api-keys-secret-id");
    assertThatThrownBy(
            () -> new Builder().apiKeysFile(Path.of("k")).apiKeysSecret("s", "eu-west-1").build())
        .hasMessageStartingWith("give exactly one of");
    assertThatThrownBy(() -> new Builder().apiKeysSecret("cardstream/api-keys", " ").build())
        .hasMessage("--api-keys-secret-id needs --region (or AWS_REGION)");
    // A blank secret id is no secret: the file alone is fine.
    assertThat(new Builder().apiKeysFile(Path.of("k")).apiKeysSecret(" ", null).build())
        .extracting(ServerConfig::apiKeysSecretId)
        .isNull();
    assertThat(new Builder().apiKeysSecret("s", "eu-west-1").build().region())
        .isEqualTo("eu-west-1");
  }

  @Test
  void badHostsAndPortsSayWhatIsWrong() {
    Builder ok = new Builder().apiKeysFile(Path.of("k"));

    assertThatThrownBy(() -> ok.host(" ").build()).hasMessageStartingWith("--host is blank");
    assertThatThrownBy(() -> ok.host("127.0.0.1").port(70000).build())
        .hasMessage("--port 70000 is outside 0..65535 (0 picks a free one)");
    assertThatThrownBy(() -> ok.port(-1).build()).hasMessageStartingWith("--port -1");
  }

  @Test
  void theSharedOptionsFillTheBuilder() {
    Command cmd = new Command();
    new CommandLine(cmd)
        .parseArgs("--host", "0.0.0.0", "--api-keys-secret-id", "keys", "--region", "eu-west-1");

    ServerConfig c = cmd.options.applyTo(new Builder()).build();

    assertThat(c).isEqualTo(new ServerConfig("0.0.0.0", 18000, null, "keys", "eu-west-1"));
  }
}

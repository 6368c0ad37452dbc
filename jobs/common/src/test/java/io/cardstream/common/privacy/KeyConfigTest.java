package io.cardstream.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.cli.KeyOptions;
import io.cardstream.common.feedback.FeedbackLinks;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KeyConfigTest {

  private static final String PAN = "2703186189652095";

  private static KeyConfig parse(String... args) {
    KeyOptions options = new KeyOptions();
    new CommandLine(options).parseArgs(args);
    return options.config();
  }

  @Test
  void withoutAKeyAndWithoutTheDevelopmentKeysRequestItFailsNamingTheFix() {
    KeyConfig none = parse();
    assertThatThrownBy(() -> none.tokenizer(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no card-token key")
        .hasMessageContaining("--token-key-secret-id")
        .hasMessageContaining(PanTokenizer.KEY_ENV)
        .hasMessageContaining("--dev-keys");
    assertThatThrownBy(() -> none.links(Map.of()))
        .hasMessageContaining("no link-signing key")
        .hasMessageContaining("--link-key-secret-id")
        .hasMessageContaining(FeedbackLinks.KEY_ENV);
  }

  @Test
  void theDevelopmentKeysOnlyWhenAskedFor() {
    PanTokenizer dev = parse("--dev-keys").tokenizer(Map.of());
    assertThat(dev.usesDevelopmentKey()).isTrue();
    assertThat(dev.cardId(PAN)).isEqualTo(PanTokenizer.fromEnvironment(Map.of()).cardId(PAN));
    assertThat(KeyConfig.developmentKeys().tokenizer(Map.of()).usesDevelopmentKey()).isTrue();
  }

  @Test
  void anEnvironmentKeyIsUsedBeforeTheDevelopmentKeys() {
    Map<String, String> env =
        Map.of(
            PanTokenizer.KEY_ENV, "an-environment-token-key",
            FeedbackLinks.KEY_ENV, "an-environment-link-key");
    PanTokenizer fromEnv = parse("--dev-keys").tokenizer(env);
    assertThat(fromEnv.usesDevelopmentKey()).isFalse();
    assertThat(fromEnv.cardId(PAN))
        .isEqualTo(new PanTokenizer("an-environment-token-key".getBytes()).cardId(PAN));
    assertThat(parse().tokenizer(env).cardId(PAN)).isEqualTo(fromEnv.cardId(PAN));
    assertThat(fromEnv.toString()).doesNotContain("an-environment-token-key");
  }

  @Test
  void theRegionDefaultsToTheEnvironmentsAndTheOptionsReachTheConfig() {
    KeyConfig c =
        parse(
            "--token-key-secret-id", "t",
            "--link-key-secret-id", "l",
            "--keys-region", "eu-west-1",
            "--keys-endpoint", "http://127.0.0.1:1");
    assertThat(c).isEqualTo(new KeyConfig("t", "l", "eu-west-1", "http://127.0.0.1:1", false));
  }
}

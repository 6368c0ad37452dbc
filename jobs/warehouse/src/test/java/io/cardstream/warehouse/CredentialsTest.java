package io.cardstream.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.lake.RunDates;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Where the password comes from, and that it is never shown. */
class CredentialsTest {

  private static final Function<String, String> NO_SECRETS =
      id -> {
        throw new AssertionError("Secrets Manager must not be asked");
      };

  private static WarehouseConfig config(String user, String passwordEnv, String secretId) {
    return new WarehouseConfig(
        "/lake",
        RunDates.of(LocalDate.of(2020, 6, 1)),
        WarehouseConfig.Target.POSTGRES,
        "jdbc:postgresql://h/db",
        user,
        passwordEnv,
        secretId,
        null,
        null,
        null,
        false);
  }

  @Test
  void passwordFromTheNamedEnvironmentVariable() {
    Credentials c =
        Credentials.resolve(config("u", "MY_PW", null), Map.of("MY_PW", "s3cret"), NO_SECRETS);
    assertThat(c).isEqualTo(new Credentials("u", "s3cret"));
    assertThat(c.toString()).doesNotContain("s3cret").contains("***");
  }

  @Test
  void unsetOrEmptyVariableMeansNoPassword() {
    assertThat(Credentials.resolve(config(null, null, null), Map.of(), NO_SECRETS).password())
        .isNull();
    assertThat(
            Credentials.resolve(
                    config(null, null, null),
                    Map.of(WarehouseConfig.DEFAULT_PASSWORD_ENV, ""),
                    NO_SECRETS)
                .password())
        .isNull();
  }

  @Test
  void secretWinsOverTheEnvironmentAndMayBeJson() {
    Map<String, String> env = Map.of(WarehouseConfig.DEFAULT_PASSWORD_ENV, "from-env");
    assertThat(Credentials.resolve(config("u", null, "plain"), env, id -> "p@ss"))
        .isEqualTo(new Credentials("u", "p@ss"));
    assertThat(
            Credentials.resolve(
                config(null, null, "json"),
                env,
                id -> "{\"username\":\"loader\",\"password\":\"pw\",\"engine\":\"redshift\"}"))
        .isEqualTo(new Credentials("loader", "pw"));
    // --user wins over the secret's username.
    assertThat(
            Credentials.resolve(
                config("admin", null, "json"),
                env,
                id -> "{\"username\":\"loader\",\"password\":\"pw\"}"))
        .isEqualTo(new Credentials("admin", "pw"));
  }

  @Test
  void malformedSecretsFailWithoutEchoingTheSecret() {
    assertThatThrownBy(() -> Credentials.fromSecretString("{\"pass\":\"hunter2\"}"))
        .hasMessage("the password secret is JSON without a \"password\" string field")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> Credentials.fromSecretString("{hunter2"))
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> Credentials.fromSecretString(""))
        .hasMessage("the password secret is empty");
  }
}

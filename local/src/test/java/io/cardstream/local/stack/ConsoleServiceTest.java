package io.cardstream.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleServiceTest {

  private final StackConfig defaults = StackConfig.fromEnvironment(Path.of("."), Map.of());

  @Test
  void theConsolePortIsTheOptionThenTheEnvironmentThenBelowTheCollectors() {
    assertThat(ConsoleService.port(defaults, null, Map.of())).isEqualTo(18070);
    StackConfig other = defaults.withPorts(null, null, null, null, 28090, null, null);
    assertThat(ConsoleService.port(other, null, Map.of())).isEqualTo(28070);
    assertThat(ConsoleService.port(other, null, Map.of(ConsoleService.PORT_ENV, " 19999 ")))
        .isEqualTo(19999);
    assertThat(ConsoleService.port(other, 20001, Map.of(ConsoleService.PORT_ENV, "19999")))
        .isEqualTo(20001);
  }

  @Test
  void aBadPortIsRefusedWithTheWayToFixIt() {
    assertThatThrownBy(
            () -> ConsoleService.port(defaults, null, Map.of("CARDSTREAM_CONSOLE_PORT", "x")))
        .hasMessageContaining("CARDSTREAM_CONSOLE_PORT='x' is not a port number");
    assertThatThrownBy(() -> ConsoleService.port(defaults, 80, Map.of()))
        .hasMessageContaining("--console-port");
  }

  @Test
  void withNothingRecordedNoConsoleRunsAndStoppingItDoesNothing() throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory("console-service-");
    LocalStack s = new LocalStack(defaults.withStateDir(dir));
    assertThat(s.state()).isEmpty();
    assertThat(s.status()).isEmpty();
    var out = new java.io.ByteArrayOutputStream();
    s.stop(ConsoleService.NAME, new java.io.PrintStream(out, true));
    assertThat(out.toString()).isEmpty();
    java.nio.file.Files.writeString(
        s.layout().stateFile(),
        "{\"services\":{\"console\":{\"name\":\"console\",\"pid\":"
            + Long.MAX_VALUE
            + ",\"port\":18070,\"log\":\"x\",\"startedAt\":\"2026-12-01T10:00:00Z\"}}}");
    assertThat(s.status().get(ConsoleService.NAME)).startsWith("down (pid");
    s.stop(ConsoleService.NAME, new java.io.PrintStream(out, true));
    assertThat(out.toString()).contains("console   was not running");
    assertThat(s.layout().stateFile()).doesNotExist();
  }
}

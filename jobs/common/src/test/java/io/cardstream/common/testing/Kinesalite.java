package io.cardstream.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real Kinesis emulator (kinesalite, installed by local/services/kinesalite at build time) in a
 * node process of its own on a free loopback port, for one test class. The module that uses it
 * depends on cardstream-service-kinesalite (type pom, scope test), so the build installs it first.
 */
public final class Kinesalite extends LoopbackProcess {

  private Kinesalite(Started s) {
    super(s);
  }

  /**
   * Starts it; the project's root is {@code -Dcardstream.home}, else two levels up (a module under
   * jobs/).
   */
  public static Kinesalite start() throws IOException, InterruptedException {
    Path script = home().resolve("local/services/kinesalite/target/npm/kinesalite-local.js");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException(script + " is missing: build local/services/kinesalite");
    }
    return new Kinesalite(
        start(
            "kinesalite",
            port -> List.of("node", script.toString(), Integer.toString(port)),
            Duration.ofSeconds(30),
            (port, log) -> Files.readString(log).contains("listening on 127.0.0.1:" + port)));
  }
}

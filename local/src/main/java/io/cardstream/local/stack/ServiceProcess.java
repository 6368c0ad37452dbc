package io.cardstream.local.stack;

import io.cardstream.service.JvmLauncher;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** How the supervisor runs a service's process: check, start, wait until ready, stop. */
final class ServiceProcess {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private ServiceProcess() {}

  /** The build made what the services need, and their ports are free. */
  static void checkStartable(List<LocalService> services) {
    for (LocalService s : services) {
      for (Path p : s.needs()) {
        if (!Files.isRegularFile(p)) {
          throw JvmLauncher.notBuilt(p);
        }
      }
    }
    for (LocalService s : services) {
      s.listens().forEach((what, port) -> checkPortFree(what, port, s.portOptions()));
    }
  }

  private static void checkPortFree(String what, int port, String options) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      throw new IllegalStateException(
          "port "
              + port
              + " for "
              + what
              + " is already in use by another program; stop it or choose "
              + options);
    } catch (IOException free) {
      // nothing listens: good
    }
  }

  /** Starts a service in {@code data}; its output goes to {@code log} (appended on a restart). */
  static Process start(LocalService s, Path data, Path log, boolean fresh) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      // Own session: the service survives the CLI and a terminal's Ctrl-C aimed at it.
      cmd.add(SETSID.toString());
    }
    cmd.addAll(s.command(data, fresh));
    return new ProcessBuilder(cmd)
        .directory(data.toFile())
        .redirectErrorStream(true)
        .redirectOutput(
            fresh
                ? ProcessBuilder.Redirect.to(log.toFile())
                : ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  /** Returns once the service answers; fails when its process exits or its time is up. */
  static void awaitReady(LocalService s, Process p, Path log) {
    Instant deadline = Instant.now().plus(s.readyTimeout());
    while (true) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            s.name() + " exited with code " + p.exitValue() + " during start-up; " + tailOf(log));
      }
      try {
        if (s.ready()) {
          return;
        }
      } catch (Exception notYet) {
        // not answering yet
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            s.name()
                + " was not ready after "
                + s.readyTimeout().toSeconds()
                + " s; "
                + tailOf(log));
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** SIGTERM, then SIGKILL after 30 s. */
  static void stop(ProcessHandle h) {
    h.destroy();
    try {
      h.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      h.destroyForcibly();
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // reported by status if it is still there
      }
    }
  }

  private static String tailOf(Path log) {
    return "last lines of " + log + ":\n" + tail(log);
  }

  /** The last 20 lines of a log. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}

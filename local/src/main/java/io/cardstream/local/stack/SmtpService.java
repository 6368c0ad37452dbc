package io.cardstream.local.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The mail server ({@link MailServer}): the notifier's e-mails land in its maildir. */
public final class SmtpService implements LocalService {

  public static final String NAME = "smtp";

  private final StackConfig config;

  SmtpService(StackConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int port() {
    return config.smtpPort();
  }

  @Override
  public List<Path> needs() {
    return List.of(config.home().resolve("local/target/classpath.txt"));
  }

  @Override
  public List<String> command(Path data, boolean fresh) throws IOException {
    return JvmLauncher.of(MailServer.class.getName())
        .small()
        .heap("96m")
        .module(config.home(), "local")
        .args(String.valueOf(port()), config.layout().maildir().toString())
        .command();
  }

  @Override
  public boolean ready() throws IOException {
    return Probes.smtpGreets(port());
  }
}

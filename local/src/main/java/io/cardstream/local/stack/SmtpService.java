package io.cardstream.local.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The mail server ({@link MailServer}): the notifier's e-mails land in its maildir. */
public final class SmtpService extends LocalService {

  public static final String NAME = "smtp";

  SmtpService(StackConfig config) {
    super(config, NAME, config.smtpPort(), config.home().resolve("local/target/classpath.txt"));
  }

  @Override
  List<String> command(Path data, boolean fresh) throws IOException {
    return localJvm(MailServer.class)
        .heap("96m")
        .args(String.valueOf(port()), config.layout().maildir().toString())
        .command();
  }

  @Override
  boolean ready() throws IOException {
    return Probes.smtpGreets(port());
  }
}

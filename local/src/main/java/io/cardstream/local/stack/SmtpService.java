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
    return localMain(MailServer.class, "96m", config.layout().maildir());
  }

  @Override
  boolean ready() throws IOException {
    return Probes.smtpGreets(port());
  }
}

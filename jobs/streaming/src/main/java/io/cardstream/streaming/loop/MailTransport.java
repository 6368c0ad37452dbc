package io.cardstream.streaming.loop;

/**
 * How the notifier sends (its {@code --mail} option): SMTP (the local mail server) or Amazon SES's
 * API with the job's role (on AWS, no SMTP credentials).
 */
public sealed interface MailTransport permits SmtpMailer.Settings, SesMailer.Settings {

  /** The sender address. */
  String from();

  /** A mailer for these settings. */
  Mailer mailer();

  /** Refuses a sender that is not an e-mail address (both transports' {@code --mail-from}). */
  static void requireSender(String from) {
    if (from == null || !from.contains("@")) {
      throw new IllegalArgumentException(
          "--mail-from must be an e-mail address, got '" + from + "'");
    }
  }
}

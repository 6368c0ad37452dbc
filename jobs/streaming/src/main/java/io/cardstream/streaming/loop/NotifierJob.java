package io.cardstream.streaming.loop;

import io.cardstream.common.cli.DynamoDbOptions;
import io.cardstream.common.cli.JobMain;
import io.cardstream.common.cli.KeyOptions;
import io.cardstream.common.kafka.KafkaOptions;
import io.cardstream.common.lake.Lake;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * spark-submit entry point of the notifier: options → {@link NotifierConfig} → {@link
 * NotifierStream}; runs until stopped (or, with --available-now, until caught up).
 */
@Command(
    name = "notifier",
    mixinStandardHelpOptions = true,
    description =
        "E-mail the customers about their REVIEW/DECLINE alerts (at most once each), with signed"
            + " 'was this you?' links; log every e-mail to the notifications table.")
public final class NotifierJob implements Callable<Integer> {

  @Mixin KeyOptions keys;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--approved-notices",
      description = "Also notify approved payments, to customers whose contact asks for it.")
  boolean approvedNotices;

  @Option(names = "--lake", required = true, description = "Lake root (the notifications log).")
  String lake;

  @Option(names = "--checkpoint", required = true, description = "The notifier's checkpoint.")
  String checkpoint;

  @Mixin DynamoDbOptions dynamodb;

  /** The {@code --mail} transports. */
  public enum Mail {
    smtp,
    ses
  }

  @Option(
      names = "--mail",
      defaultValue = "smtp",
      description =
          "How to send: smtp (a mail server, e.g. the local one) or ses (Amazon SES's API with"
              + " the job's role; no SMTP credentials). Default ${DEFAULT-VALUE}.")
  Mail mail;

  @Option(names = "--smtp-host", description = "SMTP server (required with --mail smtp).")
  String smtpHost;

  @Option(
      names = "--smtp-port",
      defaultValue = "587",
      description = "SMTP port (default ${DEFAULT-VALUE}).")
  int smtpPort;

  @Option(names = "--smtp-starttls", description = "Require STARTTLS (SES: yes).")
  boolean smtpStartTls;

  @Option(
      names = "--smtp-user",
      description = "SMTP user; the password is $CARDSTREAM_SMTP_PASSWORD.")
  String smtpUser;

  @Option(
      names = "--ses-region",
      description = "SES region with --mail ses (default: --dynamodb-region).")
  String sesRegion;

  @Option(names = "--ses-endpoint", description = "SES endpoint override (an emulator).")
  String sesEndpoint;

  @Option(
      names = "--mail-from",
      required = true,
      description = "Sender address (an SES identity on AWS).")
  String mailFrom;

  @Option(
      names = "--feedback-base-url",
      required = true,
      description = "The collector's public URL, for the links.")
  String feedbackBaseUrl;

  @Option(
      names = "--link-validity-hours",
      defaultValue = "72",
      description = "How long a link works (default ${DEFAULT-VALUE}).")
  long linkValidityHours;

  @Option(
      names = "--outage-limit-seconds",
      defaultValue = "3600",
      description = "How long to wait for a mail server that is down (default ${DEFAULT-VALUE}).")
  long outageLimitSeconds;

  @Mixin NotifierRunOptions run;

  public NotifierConfig config() {
    return new NotifierConfig(
        kafka.bootstrap(),
        kafka.auth(),
        approvedNotices,
        new Lake(lake),
        checkpoint,
        dynamodb.target(),
        transport(),
        feedbackBaseUrl,
        Duration.ofHours(linkValidityHours),
        Duration.ofSeconds(outageLimitSeconds),
        run.triggerSeconds(),
        run.availableNow(),
        "earliest");
  }

  private MailTransport transport() {
    return switch (mail) {
      case smtp ->
          new SmtpMailer.Settings(
              smtpHost,
              smtpPort,
              smtpStartTls,
              smtpUser,
              System.getenv("CARDSTREAM_SMTP_PASSWORD"),
              mailFrom);
      case ses ->
          new SesMailer.Settings(
              sesRegion == null ? dynamodb.target().region() : sesRegion, sesEndpoint, mailFrom);
    };
  }

  @Override
  public Integer call() throws Exception {
    NotifierConfig c = config();
    NotifierStream.onServices(c, keys.config().links(System.getenv()))
        .start(JobMain.session("cardstream-notifier"))
        .awaitTermination();
    return 0;
  }

  public static void main(String[] args) {
    JobMain.run(new NotifierJob(), args);
  }
}

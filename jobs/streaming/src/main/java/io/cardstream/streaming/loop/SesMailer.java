package io.cardstream.streaming.loop;

import io.cardstream.common.aws.SdkClients;
import java.time.Duration;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.MessageRejectedException;
import software.amazon.awssdk.services.ses.model.SesException;

/**
 * Amazon SES's API ({@code SendEmail}, v1) with the default credentials chain: on EMR the nodes'
 * role, which may send from the sender identity only, so no SMTP credentials exist anywhere. SES
 * sets its own Message-ID; ours stays in the ledger.
 *
 * <p>Only a rejection of the recipient is permanent (dead-lettered). Throttling, SES unreachable
 * and every rejection an operator has to fix (the sender not verified, sending paused, the role not
 * allowed) are transient: the batch waits up to the outage limit and then fails the job, so no
 * alert is dead-lettered for a mistake in the deployment.
 */
public final class SesMailer implements Mailer {

  /**
   * @param region the SES region (the sender identity's)
   * @param endpoint an emulator's URL, or null for AWS
   */
  public record Settings(String region, String endpoint, String from) implements MailTransport {
    public Settings {
      if (region == null || region.isBlank()) {
        throw new IllegalArgumentException("--ses-region is required with --mail ses");
      }
      MailTransport.requireSender(from);
    }

    @Override
    public Mailer mailer() {
      return new SesMailer(this);
    }
  }

  private final SesClient ses;
  private final String from;

  public SesMailer(Settings settings) {
    this.ses =
        SdkClients.build(
            SesClient.builder(), settings.endpoint(), settings.region(), Duration.ofSeconds(10));
    this.from = settings.from();
  }

  @Override
  public void send(Mail mail) throws Transient, Permanent {
    try {
      ses.sendEmail(
          r ->
              r.source(from)
                  .destination(d -> d.toAddresses(mail.to()))
                  .message(
                      m ->
                          m.subject(c -> c.data(mail.subject()).charset("UTF-8"))
                              .body(b -> b.text(c -> c.data(mail.body()).charset("UTF-8")))));
    } catch (MessageRejectedException e) {
      // SES names the identity that failed its check: the sender is ours to fix, a recipient
      // (unverified in the sandbox, suppressed) is not going to change.
      String why = String.valueOf(e.awsErrorDetails().errorMessage());
      if (Pattern.compile("(^|[\\s,:])" + Pattern.quote(from) + "($|[\\s,.])")
          .matcher(why)
          .find()) {
        throw new Transient("SES refused the sender " + from + ": " + why, e);
      }
      throw new Permanent("SES refused the recipient: " + why, e);
    } catch (SesException e) {
      if ("InvalidParameterValue".equals(e.awsErrorDetails().errorCode())) {
        throw new Permanent("SES refused the message: " + e.awsErrorDetails().errorMessage(), e);
      }
      throw new Transient(e.getMessage(), e);
    } catch (SdkException e) {
      throw new Transient(e.getMessage(), e);
    }
  }
}

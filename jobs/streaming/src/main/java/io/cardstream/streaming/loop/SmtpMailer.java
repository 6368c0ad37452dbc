package io.cardstream.streaming.loop;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/**
 * SMTP with Jakarta Mail (Angus): the local mail server, or Amazon SES's SMTP interface on AWS
 * ({@code email-smtp.<region>.amazonaws.com:587}, STARTTLS, SMTP credentials).
 */
public final class SmtpMailer implements Mailer {

  /**
   * @param user null: no authentication (the local server)
   * @param password the SMTP password (from the environment or Secrets Manager), or null
   */
  public record Settings(
      String host, int port, boolean startTls, String user, String password, String from)
      implements MailTransport {
    public Settings {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("--smtp-host is required");
      }
      MailTransport.requireSender(from);
    }

    @Override
    public Mailer mailer() {
      return new SmtpMailer(this);
    }

    @Override
    public String toString() {
      return "Settings[host="
          + host
          + ", port="
          + port
          + ", startTls="
          + startTls
          + ", user="
          + user
          + "]";
    }
  }

  private final Settings settings;
  private final Session session;

  public SmtpMailer(Settings settings) {
    this.settings = settings;
    Properties p = new Properties();
    p.put("mail.smtp.host", settings.host());
    p.put("mail.smtp.port", String.valueOf(settings.port()));
    p.put("mail.smtp.connectiontimeout", "5000");
    p.put("mail.smtp.timeout", "10000");
    p.put("mail.smtp.writetimeout", "10000");
    if (settings.startTls()) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    if (settings.user() != null) {
      p.put("mail.smtp.auth", "true");
    }
    this.session = Session.getInstance(p);
  }

  @Override
  public void send(Mail mail) throws Transient, Permanent {
    try {
      MimeMessage m =
          new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
              // Deterministic, from the alert: a resend (if one ever happened) is recognisable.
              setHeader("Message-ID", "<" + mail.messageId() + ">");
            }
          };
      m.setFrom(new InternetAddress(settings.from()));
      m.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to()));
      m.setSubject(mail.subject(), "UTF-8");
      m.setText(mail.body(), "UTF-8");
      if (settings.user() != null) {
        Transport.send(m, settings.user(), settings.password());
      } else {
        Transport.send(m);
      }
    } catch (jakarta.mail.internet.AddressException e) {
      // A malformed address never becomes deliverable: no retry.
      throw new Permanent("the recipient's address is malformed", e);
    } catch (SendFailedException e) {
      if (e.getValidSentAddresses() == null && e.getInvalidAddresses() != null) {
        throw new Permanent("the server refused the recipient", e);
      }
      throw new Transient(e.getMessage(), e);
    } catch (MessagingException e) {
      // Connection refused, timeouts, 4xx: the server will take it later.
      throw new Transient(e.getMessage(), e);
    }
  }
}

package io.cardstream.streaming.loop;

import io.cardstream.common.decision.Decision;
import io.cardstream.common.decision.DecisionMessage;
import io.cardstream.common.decision.ReasonText;
import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.privacy.PayloadMasker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of alerts (and, for customers who asked, notices of approved payments) to e-mails: the
 * card's contact, a claim in the ledger, the e-mail with its two signed "was this you?" links, the
 * ledger marked. At most one e-mail per alert ({@link Ledger}); while the mail server is down the
 * batch waits and retries with backoff (up to {@code outageLimit}, then it fails and the job is
 * restarted), so an outage delays e-mails and loses none; a recipient the server refuses for good
 * goes to the dead-letter topic. Cards without a contact get no e-mail and are counted.
 */
public final class Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /**
   * What happened to one alert.
   *
   * @param status {@code sent}, {@code failed} (dead-lettered), {@code no_contact}, {@code
   *     bad_address} (skipped once, never retried), {@code unknown} (a claim an interrupted run
   *     left: maybe sent, never resent)
   * @param recipientDomain the domain of the address only
   */
  public record Outcome(
      DecisionMessage alert,
      String status,
      String recipientDomain,
      int attempts,
      String messageId,
      String detail,
      Instant at) {}

  /** The contact directory. */
  public interface Directory {
    Map<String, Contacts.Contact> lookup(List<String> cardIds);
  }

  /** The ledger. */
  public interface Claims {
    boolean claim(String alertId, String cardId, Instant at);

    void mark(String alertId, String status, Instant at, String messageId);

    Optional<Ledger.Entry> get(String alertId);
  }

  /** Where undeliverable alerts go (masked). */
  public interface DeadLetters {
    void send(DecisionMessage alert, String reason);
  }

  private final Directory contacts;
  private final Claims ledger;
  private final Mailer mailer;
  private final FeedbackLinks links;
  private final String feedbackBaseUrl;
  private final Duration linkValidity;
  private final Duration outageLimit;
  private final DeadLetters deadLetters;
  private final Clock clock;

  public Notifier(
      Directory contacts,
      Claims ledger,
      Mailer mailer,
      FeedbackLinks links,
      String feedbackBaseUrl,
      Duration linkValidity,
      Duration outageLimit,
      DeadLetters deadLetters,
      Clock clock) {
    this.contacts = contacts;
    this.ledger = ledger;
    this.mailer = mailer;
    this.links = links;
    this.feedbackBaseUrl = feedbackBaseUrl.replaceAll("/+$", "");
    this.linkValidity = linkValidity;
    this.outageLimit = outageLimit;
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  /**
   * Notifies every alert of a batch (its REVIEW and DECLINE decisions; its APPROVEs are notices);
   * returns one outcome per alert that owed an e-mail.
   */
  public List<Outcome> notify(List<DecisionMessage> alerts) {
    Map<String, Contacts.Contact> directory =
        contacts.lookup(alerts.stream().map(DecisionMessage::cardId).toList());
    List<Outcome> out = new ArrayList<>();
    for (DecisionMessage a : alerts) {
      Contacts.Contact c = directory.get(a.cardId());
      if (a.approved() && (c == null || !c.notifyApproved())) {
        continue; // notices go only to those who asked for them
      }
      if (c == null) {
        out.add(
            new Outcome(
                a, "no_contact", null, 0, null, "no contact for the card", clock.instant()));
        continue;
      }
      out.add(deliver(a, c));
    }
    return out;
  }

  private Outcome deliver(DecisionMessage a, Contacts.Contact c) {
    String messageId = a.alertId().replaceAll("[^A-Za-z0-9._-]", "_") + "@cardstream";
    String bad = MailText.undeliverable(c.email());
    String domain = bad == null ? c.email().substring(c.email().indexOf('@') + 1) : null;
    if (!ledger.claim(a.alertId(), a.cardId(), clock.instant())) {
      // Delivered again (a replayed batch, Kafka redelivery): what the ledger says, no e-mail.
      Ledger.Entry e = ledger.get(a.alertId()).orElseThrow();
      String status = e.status().equals(Ledger.SENDING) ? "unknown" : e.status();
      return new Outcome(a, status, domain, 0, e.messageId(), "already handled", e.at());
    }
    if (bad != null) {
      // Skipped once, with the reason: a malformed address is no mail-server outage to wait out.
      Instant now = clock.instant();
      ledger.mark(a.alertId(), Ledger.BAD_ADDRESS, now, messageId);
      return new Outcome(a, Ledger.BAD_ADDRESS, null, 0, messageId, bad, now);
    }
    Mailer.Mail mail = mail(a, c, messageId);
    Instant giveUp = clock.instant().plus(outageLimit);
    long backoff = 500;
    for (int attempt = 1; ; attempt++) {
      try {
        mailer.send(mail);
        Instant now = clock.instant();
        ledger.mark(a.alertId(), Ledger.SENT, now, messageId);
        return new Outcome(a, Ledger.SENT, domain, attempt, messageId, null, now);
      } catch (Mailer.Permanent e) {
        Instant now = clock.instant();
        String why = PayloadMasker.maskDigitRuns(String.valueOf(e.getMessage()));
        deadLetters.send(a, why);
        ledger.mark(a.alertId(), Ledger.FAILED, now, messageId);
        return new Outcome(a, Ledger.FAILED, domain, attempt, messageId, why, now);
      } catch (Mailer.Transient e) {
        if (clock.instant().isAfter(giveUp)) {
          // Released, so the restarted job sends it: the batch was not committed.
          ledger.mark(a.alertId(), Ledger.RETRY, clock.instant(), messageId);
          throw new IllegalStateException(
              "the mail server has refused or not answered for "
                  + outageLimit.toSeconds()
                  + " s: "
                  + e.getMessage(),
              e);
        }
        if (attempt == 1 || attempt % 10 == 0) {
          LOG.warn("mail server unavailable (attempt {}), retrying: {}", attempt, e.getMessage());
        }
        sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  /**
   * The e-mail: the payment (no card number, no name) and, for an alert, the two links. Fields from
   * the transaction are single clean lines, masked and cut short: they reach a subject header.
   */
  Mailer.Mail mail(DecisionMessage a, Contacts.Contact c, String messageId) {
    String amount = String.format(Locale.ROOT, "%.2f", a.amt());
    String where = a.merchant() == null ? "a merchant" : MailText.line(a.merchant(), 60);
    String last4 = MailText.line(a.cardLast4(), 4);
    String category = MailText.line(a.category(), 40);
    if (a.approved()) {
      return new Mailer.Mail(
          c.email(),
          "Card ****" + last4 + " used: " + amount + " at " + where,
          "Your card ending "
              + last4
              + " was used:\n\n  "
              + amount
              + " at "
              + where
              + ", "
              + TIME.format(a.eventTime())
              + "\n\nNo action is needed.\n",
          messageId);
    }
    Instant expires = clock.instant().plus(linkValidity);
    String yes = link(a, Answer.NOT_FRAUD, expires);
    String no = link(a, Answer.CONFIRMED_FRAUD, expires);
    String held = Decision.DECLINE.equals(a.decision()) ? "declined" : "held for review";
    return new Mailer.Mail(
        c.email(),
        "Was this you? Card ****" + last4 + ", " + amount + " at " + where,
        "We "
            + held
            + " a payment on your card ending "
            + last4
            + ":\n\n  "
            + amount
            + " at "
            + where
            + (category == null ? "" : " (" + category + ")")
            + ", "
            + TIME.format(a.eventTime())
            + why(a)
            + "\n\nWas this you?\n\n  Yes, it was me:     "
            + yes
            + "\n  No, it was not me:  "
            + no
            + "\n\nThe links expire on "
            + TIME.format(expires)
            + ". If it was not you, we block"
            + " the card at once.\n",
        messageId);
  }

  /**
   * Why the payment was held, in the stable words of {@link ReasonText}: the model's top reasons
   * (from its exact contributions); empty when the model gave none.
   */
  static String why(DecisionMessage a) {
    List<String> codes = ReasonText.modelReasons(a.explanation());
    if (codes.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("\n\nWhy we are asking:");
    codes.forEach(c -> b.append("\n  - ").append(ReasonText.reason(c, null)));
    return b.toString();
  }

  private String link(DecisionMessage a, Answer answer, Instant expires) {
    return feedbackBaseUrl
        + "/feedback/"
        + links.sign(new FeedbackLinks.Link(a.transNum(), a.cardId(), answer, expires));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the mail server", e);
    }
  }
}

package io.cardstream.streaming.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.decision.DecisionMessage;
import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.FeedbackLinks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The notifier's rules with an in-memory directory and ledger and a scripted mail server. */
class NotifierTest {

  private static final FeedbackLinks LINKS =
      new FeedbackLinks("test-link-key-0123456789".getBytes(StandardCharsets.UTF_8));
  private static final String CARD = "a".repeat(64);
  private static final String NO_CONTACT = "b".repeat(64);
  private static final String BAD_ADDRESS = "c".repeat(64);

  /** The ledger as a map. */
  static final class MemoryLedger implements Notifier.Claims {
    final Map<String, Ledger.Entry> entries = new HashMap<>();

    @Override
    public boolean claim(String alertId, String cardId, Instant at) {
      Ledger.Entry e = entries.get(alertId);
      if (e != null && !e.status().equals(Ledger.RETRY)) {
        return false;
      }
      entries.put(alertId, new Ledger.Entry(alertId, Ledger.SENDING, at, null));
      return true;
    }

    @Override
    public void mark(String alertId, String status, Instant at, String messageId) {
      entries.put(alertId, new Ledger.Entry(alertId, status, at, messageId));
    }

    @Override
    public Optional<Ledger.Entry> get(String alertId) {
      return Optional.ofNullable(entries.get(alertId));
    }
  }

  /** Fails the first {@code transientFailures} sends, then takes everything; or refuses. */
  static final class ScriptedMailer implements Mailer {
    final List<Mail> sent = new ArrayList<>();
    int transientFailures;
    boolean refuse;

    @Override
    public void send(Mail mail) throws Transient, Permanent {
      if (refuse) {
        throw new Permanent("550 no such user", null);
      }
      if (transientFailures > 0) {
        transientFailures--;
        throw new Transient("Connection refused", null);
      }
      sent.add(mail);
    }
  }

  private final MemoryLedger ledger = new MemoryLedger();
  private final ScriptedMailer mailer = new ScriptedMailer();
  private final List<String> deadLetters = new ArrayList<>();

  private Notifier notifier(Duration outageLimit) {
    Map<String, Contacts.Contact> directory =
        Map.of(
            CARD,
            new Contacts.Contact(CARD, "card-aaaa@example.test", true),
            BAD_ADDRESS,
            new Contacts.Contact(
                BAD_ADDRESS, "someone@example.test\r\nBcc: all@evil.example", false));
    return new Notifier(
        ids -> directory,
        ledger,
        mailer,
        LINKS,
        "http://127.0.0.1:18090/",
        Duration.ofHours(72),
        outageLimit,
        (a, why) -> deadLetters.add(a.alertId() + ": " + why),
        Clock.systemUTC());
  }

  private static DecisionMessage alert(String id, String card, String decision) {
    return message(id, card, "1234", 812.5, "fraud_Kirlin and Sons", "shopping_net", decision);
  }

  /** A decision message as the topics carry it, with what the notifier reads. */
  static DecisionMessage message(
      String id,
      String card,
      String last4,
      double amt,
      String merchant,
      String category,
      String decision) {
    return new DecisionMessage(
        id,
        card,
        last4,
        Instant.parse("2019-03-01T09:55:00Z"),
        amt,
        merchant,
        category,
        null,
        decision,
        List.of(),
        List.of(),
        List.of(),
        "v1",
        "r1",
        null);
  }

  @Test
  void anAlertGetsOneEmailWithTwoSignedLinksEvenWhenDeliveredTwice() {
    Notifier n = notifier(Duration.ofMinutes(1));
    List<Notifier.Outcome> first = n.notify(List.of(alert("t1", CARD, "DECLINE")));
    List<Notifier.Outcome> again = n.notify(List.of(alert("t1", CARD, "DECLINE")));

    assertThat(mailer.sent).hasSize(1);
    assertThat(first).extracting(Notifier.Outcome::status).containsExactly("sent");
    assertThat(first.get(0).recipientDomain()).isEqualTo("example.test");
    assertThat(again).extracting(Notifier.Outcome::status).containsExactly("sent");
    assertThat(again.get(0).attempts()).isZero();
    Mailer.Mail m = mailer.sent.get(0);
    assertThat(m.to()).isEqualTo("card-aaaa@example.test");
    assertThat(m.subject())
        .isEqualTo("Was this you? Card ****1234, 812.50 at fraud_Kirlin and Sons");
    assertThat(m.body()).contains("We declined a payment on your card ending 1234");
    Matcher links =
        Pattern.compile("http://127\\.0\\.0\\.1:18090/feedback/(\\S+)").matcher(m.body());
    List<Answer> answers = new ArrayList<>();
    while (links.find()) {
      FeedbackLinks.Checked c = LINKS.check(links.group(1), Instant.now());
      assertThat(c.ok()).isTrue();
      assertThat(c.link().transNum()).isEqualTo("t1");
      assertThat(c.link().cardId()).isEqualTo(CARD);
      answers.add(c.link().answer());
    }
    assertThat(answers).containsExactly(Answer.NOT_FRAUD, Answer.CONFIRMED_FRAUD);
  }

  @Test
  void cardsWithoutAContactAreCountedAndNoticesGoOnlyToThoseWhoAskedForThem() {
    List<Notifier.Outcome> out =
        notifier(Duration.ofMinutes(1))
            .notify(
                List.of(
                    alert("t2", NO_CONTACT, "REVIEW"),
                    alert("t3", NO_CONTACT, "APPROVE"),
                    alert("t4", CARD, "APPROVE")));
    assertThat(out)
        .extracting(o -> o.alert().alertId() + "=" + o.status())
        .containsExactly(NO_CONTACT + ":t2=no_contact", "notice:" + CARD + ":t4=sent");
    assertThat(mailer.sent).hasSize(1);
    assertThat(mailer.sent.get(0).body())
        .doesNotContain("/feedback/")
        .contains("No action is needed");
  }

  @Test
  void aMailServerThatIsDownDelaysTheEmailAndLosesNone() {
    mailer.transientFailures = 2;
    List<Notifier.Outcome> out =
        notifier(Duration.ofMinutes(1)).notify(List.of(alert("t5", CARD, "REVIEW")));
    assertThat(out.get(0).status()).isEqualTo("sent");
    assertThat(out.get(0).attempts()).isEqualTo(3);
    assertThat(mailer.sent).hasSize(1);
  }

  @Test
  void aLongOutageFailsTheBatchAndReleasesTheAlertForTheNextRun() {
    mailer.transientFailures = 1_000;
    assertThatThrownBy(
            () -> notifier(Duration.ofSeconds(1)).notify(List.of(alert("t6", CARD, "REVIEW"))))
        .hasMessageContaining("the mail server has refused or not answered for 1 s");
    assertThat(ledger.entries.get(CARD + ":t6").status()).isEqualTo(Ledger.RETRY);
    mailer.transientFailures = 0;
    assertThat(notifier(Duration.ofSeconds(1)).notify(List.of(alert("t6", CARD, "REVIEW"))))
        .extracting(Notifier.Outcome::status)
        .containsExactly("sent");
    assertThat(mailer.sent).hasSize(1);
  }

  @Test
  void aRefusedRecipientIsDeadLetteredOnce() {
    mailer.refuse = true;
    Notifier n = notifier(Duration.ofMinutes(1));
    assertThat(n.notify(List.of(alert("t7", CARD, "DECLINE"))))
        .extracting(Notifier.Outcome::status)
        .containsExactly("failed");
    n.notify(List.of(alert("t7", CARD, "DECLINE")));
    assertThat(deadLetters).containsExactly(CARD + ":t7: 550 no such user");
  }

  @Test
  void twoCardsWithTheSameTransNumGetAnEmailEach() {
    Notifier n = notifier(Duration.ofMinutes(1));
    n.notify(List.of(alert("same", CARD, "DECLINE")));
    n.notify(List.of(alert("same", BAD_ADDRESS, "DECLINE")));
    assertThat(ledger.entries).containsKeys(CARD + ":same", BAD_ADDRESS + ":same");
  }

  @Test
  void aMalformedAddressIsSkippedOnceWithItsReasonAndNeverRetried() {
    Notifier n = notifier(Duration.ofSeconds(1));
    List<Notifier.Outcome> first = n.notify(List.of(alert("t8", BAD_ADDRESS, "DECLINE")));
    assertThat(first).extracting(Notifier.Outcome::status).containsExactly("bad_address");
    assertThat(first.get(0).detail()).isEqualTo("the contact's e-mail address is malformed");
    assertThat(first.get(0).recipientDomain()).isNull();
    List<Notifier.Outcome> again = n.notify(List.of(alert("t8", BAD_ADDRESS, "DECLINE")));
    assertThat(again).extracting(Notifier.Outcome::status).containsExactly("bad_address");
    assertThat(again.get(0).detail()).isEqualTo("already handled");
    assertThat(mailer.sent).isEmpty();
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void transactionTextInTheMailIsOneMaskedLineCutShort() {
    DecisionMessage a =
        message(
            "t9",
            CARD,
            "12\r\n34",
            10,
            "Shop\r\nBcc: all@evil.example 4111 1111 1111 1111 " + "x".repeat(200),
            "misc\u202E",
            "REVIEW");
    notifier(Duration.ofMinutes(1)).notify(List.of(a));
    Mailer.Mail m = mailer.sent.get(0);
    assertThat(m.subject())
        .doesNotContain("\r")
        .doesNotContain("\n")
        .doesNotContain("4111 1111")
        .contains("Shop Bcc: all@evil.example **** **** **** 1111 x")
        .hasSizeLessThan(120);
    assertThat(m.body()).doesNotContain("\u202E").doesNotContain("4111 1111");
  }

  @Test
  void anAlertSaysWhyInTheReasonWordsOfTheModelsTopContributions() {
    DecisionMessage a = alert("t9", CARD, "REVIEW");
    DecisionMessage explained =
        new DecisionMessage(
            a.transNum(),
            a.cardId(),
            a.cardLast4(),
            a.eventTime(),
            a.amt(),
            a.merchant(),
            a.category(),
            0.7,
            a.decision(),
            List.of("score:review"),
            List.of(),
            List.of(
                new DecisionMessage.Contribution("amt_to_card_cat_mean", 2.1),
                new DecisionMessage.Contribution("night_share", 0.4),
                new DecisionMessage.Contribution("age", -0.1)),
            "v1",
            "r1",
            null);
    notifier(Duration.ofMinutes(1)).notify(List.of(explained));
    assertThat(mailer.sent.get(0).body())
        .contains(
            "Why we are asking:\n"
                + "  - the payment stood out by the amount compared with the card's usual amount at"
                + " this kind of merchant\n"
                + "  - the payment stood out by how often the card is used at night\n\n")
        .doesNotContain("age group");
    assertThat(Notifier.why(alert("t10", CARD, "REVIEW"))).isEmpty();
  }
}

package io.cardstream.streaming.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardstream.common.aws.SdkClients;
import io.cardstream.common.decision.DecisionMessage;
import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.testing.AwsEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;

/**
 * The notifier's SES path against the AWS emulator (MiniStack): what SES received, read back
 * through the emulator's API; SES's sandbox rules decide what is refused, as on AWS.
 */
class SesMailerTest {

  private static final String FROM = "alerts@cardstream.test";
  private static final String TO = "customer@example.test";
  private static final String CARD = "d".repeat(64);
  private static final String PAN = "4111111111111111";

  private static AwsEmulator aws;
  private static SesClient ses;

  @BeforeAll
  static void start() throws Exception {
    aws = AwsEmulator.start();
    ses =
        SdkClients.build(SesClient.builder(), aws.endpoint(), "us-east-1", Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() throws Exception {
    ses.close();
    aws.close();
  }

  @BeforeEach
  void reset() throws Exception {
    aws.reset();
    // SES's sandbox, where a new account starts: only verified recipients get mail.
    assertThat(
            aws.post(
                "ses",
                "/v2/email/account/details",
                "{\"MailType\":\"TRANSACTIONAL\",\"WebsiteURL\":\"https://cardstream.test\","
                    + "\"ProductionAccessEnabled\":false}"))
        .isEqualTo(200);
  }

  private static void verify(String identity) {
    ses.verifyEmailIdentity(v -> v.emailAddress(identity));
  }

  private static SesMailer mailer() {
    return new SesMailer(new SesMailer.Settings("us-east-1", aws.endpoint(), FROM));
  }

  /** The e-mails SES took, as the emulator shows them. */
  private static List<JsonNode> sent() throws Exception {
    JsonNode all = new ObjectMapper().readTree(aws.get("/_ministack/ses/messages"));
    return new ArrayList<>(all.findParents("Subject"));
  }

  private static DecisionMessage alert(String id, String merchant) {
    return NotifierTest.message(id, CARD, "1111", 812.5, merchant, "shopping_net", "DECLINE");
  }

  private static Notifier notifier(List<String> deadLetters) {
    return new Notifier(
        ids -> Map.of(CARD, new Contacts.Contact(CARD, TO, false)),
        new NotifierTest.MemoryLedger(),
        mailer(),
        new FeedbackLinks("test-link-key-0123456789".getBytes(StandardCharsets.UTF_8)),
        "https://collector.example.test",
        Duration.ofHours(72),
        Duration.ofSeconds(5),
        (a, why) -> deadLetters.add(a.alertId() + ": " + why),
        Clock.systemUTC());
  }

  @Test
  void anAlertReachesSesFromTheSenderWithItsLinksAndNoCardNumber() throws Exception {
    verify(FROM);
    verify(TO);
    List<String> dead = new ArrayList<>();

    List<Notifier.Outcome> out =
        notifier(dead).notify(List.of(alert("t1", "Shop " + PAN + " Ltd")));

    assertThat(out).extracting(Notifier.Outcome::status).containsExactly("sent");
    assertThat(dead).isEmpty();
    List<JsonNode> mails = sent();
    assertThat(mails).hasSize(1);
    JsonNode m = mails.get(0);
    assertThat(m.path("Source").asText()).isEqualTo(FROM);
    assertThat(m.path("To").get(0).asText()).isEqualTo(TO);
    assertThat(m.path("Subject").asText()).startsWith("Was this you? Card ****1111, 812.50 at");
    assertThat(m.path("BodyText").asText())
        .contains("We declined a payment on your card ending 1111")
        .contains("https://collector.example.test/feedback/");
    assertThat(m.toString()).doesNotContain(PAN).doesNotContain("4111 1111");
  }

  @Test
  void aRecipientSesRefusesIsDeadLetteredNotRetried() throws Exception {
    verify(FROM); // the recipient is not: SES's sandbox refuses it
    List<String> dead = new ArrayList<>();

    List<Notifier.Outcome> out = notifier(dead).notify(List.of(alert("t2", "A shop")));

    assertThat(out).extracting(Notifier.Outcome::status).containsExactly("failed");
    assertThat(out.get(0).attempts()).isEqualTo(1);
    assertThat(dead)
        .singleElement()
        .asString()
        .contains("t2: SES refused the recipient")
        .endsWith(TO);
    assertThat(sent()).isEmpty();
  }

  @Test
  void anUnverifiedSenderIsTheDeploymentsFaultSoItIsTransient() throws Exception {
    verify(TO); // the sender is not
    Mailer.Mail mail = new Mailer.Mail(TO, "subject", "body", "m1@cardstream");

    assertThatThrownBy(() -> mailer().send(mail))
        .isInstanceOf(Mailer.Transient.class)
        .hasMessageContaining("SES refused the sender " + FROM);
    assertThat(sent()).isEmpty();
  }

  @Test
  void sesUnreachableIsTransient() {
    Mailer down = new SesMailer(new SesMailer.Settings("us-east-1", "http://127.0.0.1:1", FROM));

    assertThatThrownBy(() -> down.send(new Mailer.Mail(TO, "s", "b", "m2@cardstream")))
        .isInstanceOf(Mailer.Transient.class);
  }
}

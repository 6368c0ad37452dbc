package io.cardstream.console;

import io.cardstream.common.feedback.Answer;
import io.cardstream.common.feedback.Cases;
import io.cardstream.common.feedback.FeedbackEvent;
import io.cardstream.common.feedback.FeedbackRecorder;
import io.cardstream.common.privacy.PayloadMasker;
import io.cardstream.console.html.Html;
import io.cardstream.console.page.CasePage;
import io.cardstream.console.page.LoginPage;
import io.cardstream.console.source.Sources;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /cases/{trans_num}/resolve}: an operator's answer from the case page's form, recorded
 * the way the collector's {@code /cases} API records one ({@link FeedbackRecorder}: the one-time
 * conditional resolution, then the feedback event that becomes a label), with source {@code
 * analyst}, channel {@value #CHANNEL} and the session key's id as the author. The form must carry
 * the session's token ({@link Access#csrfMatches}); the note is masked and capped before it is
 * kept.
 */
final class CaseResolution {

  static final String CHANNEL = "console";

  private static final Logger LOG = LoggerFactory.getLogger(CaseResolution.class);

  /** Records one analyst's answer with a note: {@link FeedbackRecorder#record} on the services. */
  @FunctionalInterface
  interface Recorder {
    Cases.Outcome record(String transNum, String cardId, Answer answer, String by, String note);

    static Recorder of(FeedbackRecorder r) {
      return (t, c, a, by, note) -> r.record(t, c, a, FeedbackEvent.ANALYST, CHANNEL, by, note);
    }
  }

  private final Access access;
  private final Sources sources;
  private final Recorder recorder;

  /**
   * @param recorder null when the console has no Kafka or no DynamoDB (resolving is then refused)
   */
  CaseResolution(Access access, Sources sources, Recorder recorder) {
    this.access = access;
    this.sources = sources;
    this.recorder = recorder;
  }

  void handle(Context ctx) {
    String transNum = ctx.pathParam("trans_num");
    String card = ctx.formParam("card");
    String session = ctx.cookie(Access.COOKIE);
    if (!access.csrfMatches(session, ctx.formParam("csrf"))) {
      Login.html(
          ctx,
          403,
          LoginPage.error(
              "Form refused",
              "The form did not come from this console's page of your session: nothing was"
                  + " changed. Open the case again and resolve it there."));
      return;
    }
    Answer answer = answer(ctx.formParam("answer"));
    if (answer == null || card == null || card.isBlank()) {
      again(ctx, 400, transNum, card, "Choose confirmed fraud or not fraud.");
      return;
    }
    if (recorder == null) {
      again(
          ctx,
          503,
          transNum,
          card,
          "This console cannot resolve cases: it needs Kafka and DynamoDB.");
      return;
    }
    String by = Login.keyId(ctx);
    Cases.Outcome outcome;
    try {
      outcome = recorder.record(transNum, card, answer, by, note(ctx.formParam("note")));
    } catch (RuntimeException e) {
      LOG.error(
          "recording {}'s answer {} to a case failed ({}: {}){}",
          by,
          answer.status(),
          e.getClass().getSimpleName(),
          PayloadMasker.maskDigitRuns(String.valueOf(e.getMessage())),
          e.getSuppressed().length > 0 ? "; the case could not be reopened" : "");
      again(
          ctx,
          503,
          transNum,
          card,
          "The answer could not be recorded (DynamoDB or Kafka did not answer): the case is open"
              + " again, try later.");
      return;
    }
    switch (outcome) {
      case RESOLVED ->
          ctx.redirect(
              "/cases/" + Html.url(transNum) + "?card=" + Html.url(card) + "&resolved=1",
              HttpStatus.SEE_OTHER);
      case ALREADY_RESOLVED ->
          again(
              ctx,
              409,
              transNum,
              card,
              "This case was resolved elsewhere meanwhile: your answer was not recorded. Its"
                  + " resolution is below.");
      case NOT_FOUND ->
          Login.html(ctx, 404, LoginPage.error("Not found", "There is no such case."));
    }
  }

  /** The case page again with why the answer was not recorded, under {@code status}. */
  private void again(Context ctx, int status, String transNum, String card, String why) {
    Optional<io.cardstream.console.html.Page> p =
        CasePage.render(
            sources,
            transNum,
            card,
            access.csrf(ctx.cookie(Access.COOKIE)).orElse(null),
            new CasePage.Notice("bad", why));
    if (p.isEmpty()) {
      Login.html(ctx, 404, LoginPage.error("Not found", "There is no such case."));
    } else {
      Login.html(ctx, status, p.get());
    }
  }

  private static Answer answer(String given) {
    for (Answer a : Answer.values()) {
      if (a.status().equals(given)) {
        return a;
      }
    }
    return null;
  }

  /**
   * The note as kept: control characters become spaces, card numbers and other long digit runs are
   * masked, then it is cut to {@link CasePage#MAX_NOTE} characters; null when there is none.
   */
  static String note(String given) {
    if (given == null) {
      return null;
    }
    String clean = PayloadMasker.maskDigitRuns(given.replaceAll("\\p{Cntrl}", " ").strip());
    if (clean.isEmpty()) {
      return null;
    }
    return clean.length() > CasePage.MAX_NOTE ? clean.substring(0, CasePage.MAX_NOTE) : clean;
  }
}

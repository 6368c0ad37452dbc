package io.cardstream.ingest;

import io.cardstream.common.feedback.Case;
import io.cardstream.common.feedback.Cases;
import io.cardstream.common.feedback.FeedbackEvent;
import io.cardstream.common.feedback.FeedbackLinks;
import io.cardstream.common.feedback.FeedbackLinks.Checked;
import io.cardstream.common.feedback.FeedbackLinks.Link;
import io.cardstream.common.privacy.PayloadMasker;
import io.cardstream.service.Reply;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customers' "was this you?" links (no API key: the signed token is the credential). {@code GET
 * /feedback/{token}} only shows the alert and the link's answer with a form; it never records
 * anything, since mail scanners and link previews open links on their own. {@code POST} to the same
 * URL records the answer, once. Every answer is an HTML page of {@link FeedbackPages}; no token is
 * ever logged. The links carry no API key, so they are limited per client address.
 */
final class FeedbackRoutes {

  static final String CHANNEL = "email";
  static final String BY = "customer";

  /** The route's name (its path as the links have it). */
  static final String ROUTE = "/feedback/{token}";

  private static final Logger LOG = LoggerFactory.getLogger(FeedbackRoutes.class);

  private final FeedbackLinks links;
  private final Cases cases;
  private final AnswerRecorder recorder;
  private final Clock clock;
  private final Metrics metrics;
  // Per client address; null when the config turns the limit off.
  private final RateLimiter perAddress;

  FeedbackRoutes(
      FeedbackLinks links,
      Cases cases,
      AnswerRecorder recorder,
      Clock clock,
      Metrics metrics,
      RateLimiter perAddress) {
    this.links = Objects.requireNonNull(links, "links");
    this.cases = Objects.requireNonNull(cases, "cases");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = metrics;
    this.perAddress = perAddress;
  }

  void register(Endpoints api) {
    // <token>: a token with a slash in it still reaches the page that says it is not valid.
    api.open(
        HandlerType.GET,
        "/feedback/<token>",
        ROUTE,
        ctx -> withinRate(ctx, () -> view(ctx.pathParam("token"))));
    api.open(
        HandlerType.POST,
        "/feedback/<token>",
        ROUTE,
        ctx -> withinRate(ctx, () -> answer(ctx.pathParam("token"))));
  }

  /**
   * The page, within the client address's rate, else a 429 page. Checked before the token or the
   * case store is touched.
   */
  private Reply withinRate(Context ctx, Supplier<Reply> page) {
    long wait = perAddress == null ? 0 : perAddress.acquire(ctx.ip());
    return wait > 0 ? FeedbackPages.tooMany(wait) : page.get();
  }

  /** What a link is, before anything is recorded: a page to answer with, or its open case. */
  private record Resolved(Link link, Case open, Reply refusal, String outcome) {}

  /** GET: the confirmation page, or why not. Records nothing. */
  Reply view(String token) {
    Resolved r = resolve(token);
    if (r.refusal() != null) {
      metrics.linkView(r.outcome());
      return r.refusal();
    }
    metrics.linkView("shown");
    return FeedbackPages.confirm(r.open(), r.link().answer());
  }

  /** POST: checks the link again, then records its answer once. */
  Reply answer(String token) {
    Resolved r = resolve(token);
    if (r.refusal() != null) {
      metrics.feedback(FeedbackEvent.CUSTOMER, r.outcome());
      return r.refusal();
    }
    Link link = r.link();
    Cases.Outcome outcome;
    try {
      outcome =
          recorder.record(
              link.transNum(), link.cardId(), link.answer(), FeedbackEvent.CUSTOMER, CHANNEL, BY);
    } catch (RuntimeException e) {
      // The recorder reopened the case, so the customer's retry can succeed; unless it says not.
      LOG.error(
          "recording the customer's answer {} to alert {} failed ({}: {}); the recorder reopens"
              + " the case for a retry, and says so here when it could not",
          link.answer().status(),
          safe(link.transNum()),
          e.getClass().getSimpleName(),
          PayloadMasker.maskDigitRuns(String.valueOf(e.getMessage())) + CaseRoutes.suppressed(e));
      metrics.feedback(FeedbackEvent.CUSTOMER, "unavailable");
      return FeedbackPages.unavailable();
    }
    metrics.feedback(FeedbackEvent.CUSTOMER, outcome.name().toLowerCase(Locale.ROOT));
    LOG.info(
        "customer answered {} to alert {}: {}",
        link.answer().status(),
        safe(link.transNum()),
        outcome);
    return switch (outcome) {
      case RESOLVED -> FeedbackPages.thanks(r.open(), link.answer());
      case ALREADY_RESOLVED -> FeedbackPages.alreadyAnswered();
      case NOT_FOUND -> FeedbackPages.notFound();
    };
  }

  /**
   * The checks GET and POST share: the signature, the expiry, the case, the card the link was made
   * for, the case still open (a refusal for everything else).
   */
  private Resolved resolve(String token) {
    Checked checked = links.check(token, clock.instant());
    if (!checked.ok()) {
      return switch (checked.refusal()) {
        case MALFORMED -> refused(FeedbackPages.invalid(), "malformed");
        case TAMPERED -> refused(FeedbackPages.invalid(), "tampered");
        case EXPIRED -> refused(FeedbackPages.expired(), "expired");
      };
    }
    Link link = checked.link();
    Optional<Case> found;
    try {
      found = cases.get(link.transNum(), link.cardId());
    } catch (RuntimeException e) {
      LOG.warn(
          "reading alert {} for a feedback link failed: {}: {}",
          safe(link.transNum()),
          e.getClass().getSimpleName(),
          PayloadMasker.maskDigitRuns(String.valueOf(e.getMessage())));
      return refused(FeedbackPages.unavailable(), "unavailable");
    }
    if (found.isEmpty()) {
      // Signed by us, but for another card than the alert's: never act on it.
      boolean otherCard;
      try {
        otherCard = !cases.find(link.transNum()).isEmpty();
      } catch (RuntimeException e) {
        return refused(FeedbackPages.unavailable(), "unavailable");
      }
      if (otherCard) {
        LOG.warn("a feedback link for alert {} names another card; refused", safe(link.transNum()));
        return refused(FeedbackPages.invalid(), "wrong_card");
      }
      return refused(FeedbackPages.notFound(), "not_found");
    }
    Case c = found.get();
    if (!c.isOpen()) {
      return refused(FeedbackPages.alreadyAnswered(), "already_resolved");
    }
    return new Resolved(link, c, null, null);
  }

  private static Resolved refused(Reply page, String outcome) {
    return new Resolved(null, null, page, outcome);
  }

  /** A trans_num for the log: short, digit runs masked. */
  private static String safe(String transNum) {
    return PayloadMasker.maskDigitRuns(BatchBody.abbreviate(transNum));
  }
}

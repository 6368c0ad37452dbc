package io.cardstream.ingest;

import io.cardstream.service.ApiKey;
import io.cardstream.service.ApiKeys;
import io.cardstream.service.ApiProblem;
import io.cardstream.service.KeyStore;
import io.cardstream.service.Reply;
import io.cardstream.service.Role;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Who may call a route of the collector: a current API key ({@value ApiKeys#HEADER}), with the
 * route's role, within its key's rate. Wrong keys are also counted per client address.
 */
final class Gate {

  /** The id of the request's key, for the metrics (set once the key is known). */
  static final String KEY_ID = "cardstream.key";

  private final CollectorConfig config;
  private final KeyStore keys;
  private final RateLimiter perKey;
  // Per client address; null when the config turns the limit off.
  private final RateLimiter authFailures;

  Gate(CollectorConfig config, KeyStore keys, LongSupplier nanoTime) {
    this.config = config;
    this.keys = keys;
    this.perKey = new RateLimiter(config.rate(), config.burst(), nanoTime);
    this.authFailures = perMinute(config.authFailuresPerMinute(), nanoTime);
  }

  /** A burst of {@code n}, then one every 60/n s; null for 0 (no limit). */
  static RateLimiter perMinute(int n, LongSupplier nanoTime) {
    return n == 0 ? null : new RateLimiter(n / 60.0, n, nanoTime);
  }

  /**
   * The key of the request, allowed on this route and within its rate.
   *
   * @throws ApiProblem 401 without a key, 403 for an unknown key or the wrong role, 429 over rate
   */
  ApiKey authorize(Context ctx, Role role) {
    ApiKey key = authenticate(ctx);
    if (key.role() != role) {
      throw ApiProblem.of(
          403,
          "forbidden",
          "key '"
              + key.id()
              + "' has role "
              + key.role().wireName()
              + "; this route needs role "
              + role.wireName(),
          "use a key with role " + role.wireName());
    }
    withinRate(key);
    return key;
  }

  /**
   * The request's key, of any role.
   *
   * @throws ApiProblem 401 without a key, 403 for an unknown key
   */
  ApiKey authenticate(Context ctx) {
    String clear = ctx.header(ApiKeys.HEADER);
    if (clear == null || clear.isEmpty()) {
      throw ApiProblem.of(
          401,
          "missing_api_key",
          "the request has no " + ApiKeys.HEADER + " header",
          "send your API key in the " + ApiKeys.HEADER + " header");
    }
    Optional<ApiKey> found = keys.authenticate(clear);
    if (found.isEmpty()) {
      throw unknownKey(ctx);
    }
    ctx.attribute(KEY_ID, found.get().id());
    return found.get();
  }

  /**
   * 403 for a wrong key, or 429 once the client's address is over its failures per minute. Only
   * failures count and a valid key always gets in: one client with a revoked key behind a NAT or a
   * load balancer (one address for many clients) must not lock the others out. Keys are 256 random
   * bits, so the limit is not what stops guessing; it keeps a flood of wrong keys cheap to refuse
   * and easy to see (429s on {@code collector_requests_total}).
   */
  private ApiProblem unknownKey(Context ctx) {
    long wait = authFailures == null ? 0 : authFailures.acquire(ctx.ip());
    if (wait > 0) {
      return new ApiProblem(
          Reply.error(
                  429,
                  "too_many_failed_authentications",
                  "too many requests with a wrong API key from this address (more than "
                      + config.authFailuresPerMinute()
                      + " a minute)",
                  "retry after "
                      + wait
                      + " s with a current key; a valid key is never held back by this limit")
              .withHeader("Retry-After", Long.toString(wait)));
    }
    return ApiProblem.of(
        403,
        "unknown_api_key",
        "the API key is not known (revoked, rotated or mistyped)",
        "use a current key; ask an operator for one (docs/ingest.md, API keys)");
  }

  /** Takes one of the key's tokens, or refuses with 429. */
  void withinRate(ApiKey key) {
    long wait = perKey.acquire(key.id());
    if (wait > 0) {
      throw new ApiProblem(
          Reply.error(
                  429,
                  "rate_limited",
                  "key '"
                      + key.id()
                      + "' is over its rate of "
                      + config.rate()
                      + " requests/s (burst "
                      + config.burst()
                      + ")",
                  "retry after " + wait + " s; send larger batches rather than more requests")
              .withHeader("Retry-After", Long.toString(wait)));
    }
  }
}

package io.cardstream.console;

import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;
import io.cardstream.console.page.LoginPage;
import io.cardstream.service.ApiKey;
import io.cardstream.service.ApiKeys;
import io.cardstream.service.Reply;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The console's door: the security headers on every answer, an operator's key or session before
 * every page but {@code /health}, {@code /login} and the static files, the login form and the
 * logout. Who is an operator, and the sessions, are {@link Access}'s.
 */
final class Login {

  /** Every page and file says this; the pages' scripts and styles come from /static only. */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private static final Set<String> OPEN = Set.of("/health", "/login", "/favicon.ico");
  private static final String KEY_ATTRIBUTE = "cardstream.operator";

  /**
   * A path (and query) of RFC 3986 path and query characters and %-escapes: no space, control
   * character, backslash, quote, {@code #} or non-ASCII character.
   */
  private static final Pattern LOCAL_PATH =
      Pattern.compile("/(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*");

  /** Escaped slash, dot, percent sign, backslash and control characters (%00-%1F, %7F). */
  private static final Pattern REFUSED_ESCAPE =
      Pattern.compile("%(?:2[FfEe5]|5[Cc]|[01][0-9A-Fa-f]|7[Ff])");

  private static final Pattern DOT_SEGMENT = Pattern.compile("/\\.{1,2}(?:/|$)");

  private final Access access;
  private final boolean secureCookie;

  /**
   * @param secureCookie mark the session cookie Secure (behind TLS)
   */
  Login(Access access, boolean secureCookie) {
    this.access = access;
    this.secureCookie = secureCookie;
  }

  /** The check before every route, and the login and logout routes. */
  void register(RoutesConfig r) {
    r.before(this::headersAndAccess);
    r.get("/login", ctx -> html(ctx, 200, LoginPage.render(next(ctx.queryParam("next")), null)));
    r.post("/login", this::login);
    r.post("/logout", this::logout);
  }

  private void headersAndAccess(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    String path = ctx.path();
    if (OPEN.contains(path) || path.startsWith("/static/")) {
      return;
    }
    ctx.header("Cache-Control", "no-store");
    String header = ctx.header(ApiKeys.HEADER);
    Optional<ApiKey> key =
        header != null ? access.byKey(header) : access.bySession(ctx.cookie(Access.COOKIE));
    if (key.isPresent()) {
      ctx.attribute(KEY_ATTRIBUTE, key.get().id());
      return;
    }
    if (header != null) {
      html(
          ctx,
          403,
          LoginPage.error(
              "Not an operator key",
              "The x-api-key header is not a current key with role admin or analyst."));
    } else if (HandlerType.GET.equals(ctx.method())) {
      String q = ctx.queryString();
      ctx.redirect(
          "/login?next=" + Html.url(path + (q == null ? "" : "?" + q)), HttpStatus.SEE_OTHER);
    } else {
      html(ctx, 401, LoginPage.error("Log in first", "This needs an operator key."));
    }
    ctx.skipRemainingHandlers();
  }

  private void login(Context ctx) {
    String next = next(ctx.formParam("next"));
    Optional<String> token = access.login(ctx.formParam("key"));
    if (token.isEmpty()) {
      html(
          ctx,
          401,
          LoginPage.render(
              next, "That is not a current operator key (a key with role admin or analyst)."));
      return;
    }
    ctx.header(
        "Set-Cookie",
        Access.COOKIE
            + "="
            + token.get()
            + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
            + access.lifetime().toSeconds()
            + (secureCookie ? "; Secure" : ""));
    ctx.redirect(next, HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    access.logout(ctx.cookie(Access.COOKIE));
    ctx.header(
        "Set-Cookie",
        Access.COOKIE
            + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
            + (secureCookie ? "; Secure" : ""));
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }

  /**
   * Only a path of this console: never another site (no open redirect). Browsers read a Location
   * loosely: they drop tabs and newlines (Jetty sends {@code /<TAB>/evil.example} as it is, which a
   * browser follows to {@code //evil.example}), take a backslash for a slash, and a proxy may
   * decode {@code %2F}. So rather than clean a value this accepts plain path characters only, and
   * refuses {@code //}, dot segments and escaped slashes, backslashes, dots, percent signs and
   * control characters. The console's own paths never need them; anything refused goes to the
   * stream page.
   */
  static String next(String next) {
    if (next == null
        || !LOCAL_PATH.matcher(next).matches()
        || next.startsWith("/login")
        || REFUSED_ESCAPE.matcher(next).find()) {
      return "/stream";
    }
    int q = next.indexOf('?');
    String path = q < 0 ? next : next.substring(0, q);
    if (path.contains("//") || DOT_SEGMENT.matcher(path).find()) {
      return "/stream";
    }
    return next;
  }

  /** The id of the operator key behind this request (its session's or its header's). */
  static String keyId(Context ctx) {
    return ctx.attribute(KEY_ATTRIBUTE);
  }

  static void html(Context ctx, int status, Page page) {
    Reply.html(status, page.render(Page.Mode.SERVED)).send(ctx);
  }
}

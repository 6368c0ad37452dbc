package io.cardstream.console.page;

import io.cardstream.console.html.Html;
import io.cardstream.console.html.Page;

/** The login form: an operator key, posted once, for a session cookie. No script. */
public final class LoginPage {

  private LoginPage() {}

  public static Page render(String next, String error) {
    Page page = new Page("Operator console", null).withoutNav();
    if (error != null) {
      page.notice("bad", error);
    }
    page.raw(
        "<form class=\"login\" method=\"post\" action=\"/login\">"
            + "<label for=\"key\">Operator key (role admin or analyst)</label>"
            + "<input type=\"password\" id=\"key\" name=\"key\" autocomplete=\"off\" required autofocus>"
            + "<input type=\"hidden\" name=\"next\" value=\""
            + Html.esc(next)
            + "\"><button type=\"submit\" id=\"login\">Log in</button></form>");
    page.note(
        "Locally: the key in .cardstream/data/collector/analyst.key (or admin.key), made at each"
            + " stack up. Scripts may send it in the x-api-key header instead.");
    return page;
  }

  /** A page of the console's own for an error (no detail of the cause). */
  public static Page error(String title, String text) {
    Page page = new Page(title, null);
    page.p(text);
    page.raw("<p><a href=\"/stream\">Back to the console</a></p>");
    return page;
  }
}

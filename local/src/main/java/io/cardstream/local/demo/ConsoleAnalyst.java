package io.cardstream.local.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An analyst in the operator console, doing what a browser does: the login form (the session
 * cookie), the case page (its form's token), then the resolution form's POST with both. Not the
 * collector's API: this is the console's own path from a form to a label.
 */
final class ConsoleAnalyst {

  private static final Pattern COOKIE = Pattern.compile("^(cardstream_console=[^;]+)");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final Pattern STATUS = Pattern.compile("data-metric=\"case_status\">([a-z_]+)<");

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String base;
  private final String cookie;

  /** Logs in with an operator key. */
  ConsoleAnalyst(String base, String key) throws IOException, InterruptedException {
    this.base = base;
    HttpResponse<String> r = post("/login", Map.of("key", key, "next", "/cases"), null);
    String set = r.headers().firstValue("set-cookie").orElse("");
    Matcher m = COOKIE.matcher(set);
    if (r.statusCode() != 303 || !m.find()) {
      throw new IllegalStateException(
          "the console's login answered " + r.statusCode() + " without a session");
    }
    this.cookie = m.group(1);
  }

  /**
   * Resolves a case through its page's form.
   *
   * @return the case's status the page shows afterwards
   */
  String resolve(String transNum, String card, String answer, String note)
      throws IOException, InterruptedException {
    String path = "/cases/" + enc(transNum) + "?card=" + enc(card);
    HttpResponse<String> page = get(path);
    Matcher token = CSRF.matcher(page.body());
    if (page.statusCode() != 200 || !token.find()) {
      throw new IllegalStateException(
          "the console's case page answered " + page.statusCode() + " without a resolution form");
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("csrf", token.group(1));
    form.put("card", card);
    form.put("answer", answer);
    form.put("note", note);
    HttpResponse<String> done = post("/cases/" + enc(transNum) + "/resolve", form, cookie);
    String location = done.headers().firstValue("location").orElse("");
    if (done.statusCode() != 303 || !location.contains("resolved=1")) {
      throw new IllegalStateException(
          "the console's resolution form answered " + done.statusCode() + " (not resolved)");
    }
    Matcher status = STATUS.matcher(get(location).body());
    return status.find() ? status.group(1) : "unknown";
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).header("cookie", cookie).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, Map<String, String> form, String session)
      throws IOException, InterruptedException {
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("content-type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("cookie", session);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

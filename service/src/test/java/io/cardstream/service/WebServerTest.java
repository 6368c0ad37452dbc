package io.cardstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.HttpResponseException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class WebServerTest {

  static final ServerConfig LOOPBACK = new ServerConfig("127.0.0.1", 0, Path.of("k"), null, null);
  static final Reply INTERNAL = Reply.error(503, "internal_error", "it failed", "retry later");

  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheRoutesItIsGivenOnLoopbackAndClosesWhatItOwnsOnce() throws Exception {
    List<String> closed = new ArrayList<>();
    WebServer web = new WebServer("test", LOOPBACK);
    web.own(() -> closed.add("first"));
    web.own(
        () -> {
          closed.add("second");
          throw new IllegalStateException("cannot close");
        });
    web.own(null);
    web.own(() -> closed.add("third"));

    int port =
        web.start(c -> c.routes.get("/hello", ctx -> Reply.html(200, "<p>hi</p>").send(ctx)), "");
    HttpResponse<String> r = get(port, "/hello");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("<p>hi</p>");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThatThrownBy(() -> web.start(c -> {}, "")).hasMessage("the test is already started");
    web.stop();
    web.stop();
    assertThat(closed).containsExactly("first", "second", "third");
  }

  @Test
  void anAnswerAlreadySentIsNotReplacedByTheErrorHandlersFallback() throws Exception {
    WebServer web = new WebServer("test", LOOPBACK);
    int port =
        web.start(
            c -> {
              c.routes.get(
                  "/gone",
                  ctx -> {
                    Reply.error(404, "no_such_item", "gone", "look elsewhere").send(ctx);
                    throw new HttpResponseException(404, "");
                  });
              c.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) -> Reply.error(404, "not_found", "no route", "-").sendIfUnanswered(ctx));
              c.routes.error(
                  404, ctx -> Reply.error(404, "not_found", "no route", "-").sendIfUnanswered(ctx));
            },
            "");
    try {
      assertThat(get(port, "/gone").body()).contains("\"no_such_item\"");
      assertThat(get(port, "/else").body()).contains("\"not_found\"");
    } finally {
      web.stop();
    }
  }

  @Test
  void jettysOwnRefusalsAreJsonErrors() throws Exception {
    WebServer web = new WebServer("test", LOOPBACK);
    int port = web.start(c -> WebServer.jsonErrors(c, INTERNAL), "");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer)
          .startsWith("HTTP/1.1 400 ")
          .contains("Content-Type: application/json")
          .contains("Connection: close")
          .contains("\"error\":\"bad_request\"")
          .doesNotContain("<html");
    } finally {
      web.stop();
    }
  }

  @Command(name = "demo")
  static final class Demo implements Callable<Integer> {
    @Option(names = "--limit", required = true)
    int limit;

    @Override
    public Integer call() {
      if (limit < 0) {
        throw new IllegalArgumentException("--limit must not be negative");
      }
      return 0;
    }
  }

  @Test
  void aCommandFailsWithOneLineNamingTheServer() {
    StringWriter err = new StringWriter();

    int missing = ServiceMain.run("demo", new Demo(), new String[] {}, new PrintWriter(err));
    int invalid =
        ServiceMain.run("demo", new Demo(), new String[] {"--limit", "-1"}, new PrintWriter(err));
    int fine =
        ServiceMain.run("demo", new Demo(), new String[] {"--limit", "1"}, new PrintWriter(err));

    assertThat(List.of(missing, invalid, fine)).containsExactly(1, 1, 0);
    assertThat(err.toString().lines().toList())
        .containsExactly(
            "demo: error: Missing required option: '--limit=<limit>' (see --help)",
            "demo: error: --limit must not be negative");
  }
}

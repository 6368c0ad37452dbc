package io.cardstream.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * One HTTP answer: status, body and extra headers. Every answer of the collector is one of these,
 * so no code path writes a body that was not built here (no stack trace, no payload).
 *
 * @param contentType the body's media type
 */
public record Reply(int status, String body, String contentType, Map<String, String> headers) {

  public static final String JSON = "application/json";
  public static final String HTML = "text/html; charset=utf-8";

  /** Set on a request once it was answered, so a later error handler leaves the answer alone. */
  private static final String ANSWERED = "cardstream.answered";

  public Reply {
    headers = Map.copyOf(headers);
  }

  public static Reply json(int status, ObjectNode body) {
    return new Reply(status, body.toString(), JSON, Map.of());
  }

  /** A page of the server's own. */
  public static Reply html(int status, String html) {
    return new Reply(status, html, HTML, Map.of());
  }

  /** A whole-request error: what is wrong and how to fix it. */
  public static Reply error(int status, String code, String message, String fix) {
    ObjectNode n = Json.object();
    n.put("error", code);
    n.put("message", message);
    n.put("fix", fix);
    return json(status, n);
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> h = new HashMap<>(headers);
    h.put(name, value);
    return new Reply(status, body, contentType, h);
  }

  /** Writes this answer to the request. */
  public void send(Context ctx) {
    ctx.attribute(ANSWERED, Boolean.TRUE);
    ctx.status(status);
    headers.forEach(ctx::header);
    ctx.contentType(contentType);
    ctx.result(body);
  }

  /** Writes this answer unless the request was answered already (an error handler's fallback). */
  public void sendIfUnanswered(Context ctx) {
    if (ctx.attribute(ANSWERED) == null) {
      send(ctx);
    }
  }
}

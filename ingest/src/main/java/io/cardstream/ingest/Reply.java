package io.cardstream.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One HTTP answer: status, body and extra headers. Every answer of the collector is one of these,
 * so no code path writes a body that was not built here (no stack trace, no payload).
 *
 * @param contentType the body's media type
 */
public record Reply(int status, String body, String contentType, Map<String, String> headers) {

  static final String JSON = "application/json";

  public Reply {
    headers = Map.copyOf(headers);
  }

  static Reply json(int status, ObjectNode body) {
    return new Reply(status, body.toString(), JSON, Map.of());
  }

  /** A whole-request error: what is wrong and how to fix it. */
  static Reply error(int status, String code, String message, String fix) {
    ObjectNode n = Json.object();
    n.put("error", code);
    n.put("message", message);
    n.put("fix", fix);
    return json(status, n);
  }

  Reply withHeader(String name, String value) {
    Map<String, String> h = new java.util.HashMap<>(headers);
    h.put(name, value);
    return new Reply(status, body, contentType, h);
  }
}

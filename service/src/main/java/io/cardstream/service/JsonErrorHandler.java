package io.cardstream.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a request it refuses before the application sees it: a bad request
 * line, headers too large) in the {@link Reply#error} JSON shape, without Jetty's HTML or any stack
 * trace. A server installs it with {@link WebServer#jsonErrors}.
 */
final class JsonErrorHandler extends ErrorHandler {

  private final Reply internalError;

  /**
   * @param internalError the server's answer to a failure of its own (Jetty's 5xx become this)
   */
  JsonErrorHandler(Reply internalError) {
    this.internalError = internalError;
    setShowStacks(false);
    setShowCauses(false);
  }

  @Override
  protected void generateResponse(
      Request request, Response response, int code, String message, Throwable cause, Callback cb) {
    int status = code >= 500 ? 503 : code;
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Reply.JSON);
    // Jetty ends the connection after a request it refused itself: say so, or a client that
    // reuses the connection gets no answer at all.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(body(status)), cb);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Reply.JSON);
    fields.put(HttpHeader.CONNECTION, "close");
    return ByteBuffer.wrap(body(status));
  }

  private byte[] body(int status) {
    Reply r =
        status >= 500
            ? internalError
            : Reply.error(
                status,
                "bad_request",
                "the HTTP request was refused (status " + status + ")",
                "send a well-formed HTTP/1.1 request with headers under 8 KiB");
    return r.body().getBytes(StandardCharsets.UTF_8);
  }
}

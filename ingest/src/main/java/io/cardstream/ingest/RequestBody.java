package io.cardstream.ingest;

import io.cardstream.service.ApiProblem;
import io.cardstream.service.Reply;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reading a request body within the size limit, after checking that it is JSON. */
final class RequestBody {

  private RequestBody() {}

  /**
   * The body's bytes.
   *
   * @throws ApiProblem 415 when it is not declared as JSON, 413 when it is larger than {@code
   *     maxBytes} (by Content-Length, or by what arrives: a client may lie or send it chunked)
   */
  static byte[] read(Context ctx, long maxBytes) {
    requireJson(ctx.header("Content-Type"));
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(declared + " bytes (Content-Length)", maxBytes);
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) Math.min(Math.max(declared, 1024), maxBytes));
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = ctx.req().getInputStream()) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        if (out.size() + (long) n > maxBytes) {
          throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
        }
        out.write(buf, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiProblem p) {
        throw p;
      }
      throw ApiProblem.of(
          400,
          "unreadable_body",
          "the body could not be read to its end (" + e.getClass().getSimpleName() + ")",
          "send the whole body, with a correct Content-Length or chunked encoding");
    }
    return out.toByteArray();
  }

  /** application/json, with no charset or UTF-8 (RFC 8259: JSON between systems is UTF-8). */
  static void requireJson(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    String[] parts = type.split(";");
    boolean json = parts[0].trim().equals("application/json");
    for (int i = 1; i < parts.length && json; i++) {
      String p = parts[i].trim();
      if (p.startsWith("charset=")) {
        String cs = p.substring("charset=".length()).replace("\"", "").trim();
        json = cs.equals("utf-8") || cs.equals("utf8");
      }
    }
    if (!json) {
      throw ApiProblem.of(
          415,
          "unsupported_media_type",
          contentType == null
              ? "the request has no Content-Type"
              : "the Content-Type is not application/json (UTF-8)",
          "send the body as JSON with the header Content-Type: application/json");
    }
  }

  private static ApiProblem tooLarge(String size, long max) {
    return new ApiProblem(
        Reply.error(
                413,
                "body_too_large",
                "the body has " + size + "; the limit is " + max + " bytes",
                "send fewer records per request (split the batch)")
            // Whatever the client is still sending is not read: end the connection after this.
            .withHeader("Connection", "close"));
  }
}

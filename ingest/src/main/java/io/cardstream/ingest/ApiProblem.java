package io.cardstream.ingest;

/**
 * A request the collector refuses as a whole; carries the answer. Thrown by the request checks and
 * turned into the response by the server. No stack trace: it is control flow, not a bug.
 */
final class ApiProblem extends RuntimeException {

  private final transient Reply reply;

  ApiProblem(Reply reply) {
    super(reply.status() + " " + reply.body(), null, false, false);
    this.reply = reply;
  }

  static ApiProblem of(int status, String code, String message, String fix) {
    return new ApiProblem(Reply.error(status, code, message, fix));
  }

  Reply reply() {
    return reply;
  }
}

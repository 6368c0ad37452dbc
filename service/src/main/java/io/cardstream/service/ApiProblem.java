package io.cardstream.service;

/**
 * A request a server refuses as a whole; carries the answer. Thrown by the request checks and
 * turned into the response by the server. No stack trace: it is control flow, not a bug.
 */
public final class ApiProblem extends RuntimeException {

  private final transient Reply reply;

  public ApiProblem(Reply reply) {
    super(reply.status() + " " + reply.body(), null, false, false);
    this.reply = reply;
  }

  public static ApiProblem of(int status, String code, String message, String fix) {
    return new ApiProblem(Reply.error(status, code, message, fix));
  }

  public Reply reply() {
    return reply;
  }
}

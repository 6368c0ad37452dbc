package io.cardstream.streaming.loop;

/** Sends one e-mail. */
public interface Mailer {

  /** An e-mail to one recipient, plain text. */
  record Mail(String to, String subject, String body, String messageId) {}

  /** The server will not take the message now (down, busy, 4xx): try again later. */
  final class Transient extends Exception {
    public Transient(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The server refused the message for good (a 5xx for the recipient): do not retry. */
  final class Permanent extends Exception {
    public Permanent(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Sends the mail; returns when the server accepted it. */
  void send(Mail mail) throws Transient, Permanent;
}

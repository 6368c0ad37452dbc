package io.cardstream.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.privacy.PayloadMasker;
import java.sql.Timestamp;

/**
 * What the stream stores of a row it rejects after parsing (a redelivery, a stage that failed on
 * it, a sink that cannot hold it): the reason's detail and a payload of ids and amount only, since
 * the row is already tokenized and its raw message is not at hand.
 */
final class Rejects {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 200;

  private Rejects() {}

  /**
   * "state failed: ArithmeticException: long overflow", from the root cause (a failed Spark task
   * wraps the row's own exception), masked and cut short.
   */
  static String failed(String stage, Throwable failure) {
    Throwable e = failure;
    while (e.getCause() != null && e.getCause() != e) {
      e = e.getCause();
    }
    String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ");
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "...";
    }
    return PayloadMasker.maskDigitRuns(
        stage
            + " failed: "
            + e.getClass().getSimpleName()
            + (message.isEmpty() ? "" : ": " + message));
  }

  /** The row's ids, time, card's last four and amount as JSON (values escaped, nothing else). */
  static String idsPayload(String transNum, Timestamp eventTime, String cardLast4, Object amt) {
    ObjectNode n = JSON.createObjectNode();
    n.put("trans_num", transNum);
    n.put("event_time", eventTime == null ? null : eventTime.toInstant().toString());
    n.put("card_last4", cardLast4);
    if (amt instanceof Double d) {
      n.put("amt", d);
    }
    return n.toString();
  }
}

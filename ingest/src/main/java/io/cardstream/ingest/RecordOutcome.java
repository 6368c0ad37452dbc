package io.cardstream.ingest;

import io.cardstream.common.contract.ReasonCode;

/** What became of one record of a request. */
sealed interface RecordOutcome permits RecordOutcome.Accepted, RecordOutcome.Rejected {

  int index();

  /**
   * Valid and edge-tokenized: to be written as is.
   *
   * @param id the record's trans_num (or trxId)
   * @param event what goes on the topic: key = card token, value = the tokenized event
   */
  record Accepted(int index, String id, EventSink.Event event) implements RecordOutcome {}

  /**
   * @param detail the validator's explanation (masked; never the payload)
   */
  record Rejected(int index, ReasonCode reason, String detail) implements RecordOutcome {}
}

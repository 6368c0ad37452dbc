package io.cardstream.common.contract;

/** Why a record was rejected. Stable identifiers: they are stored in the quarantine table. */
public enum ReasonCode {
  MALFORMED_RECORD("the line or message could not be parsed as a record (bad JSON / CSV)"),
  OVERSIZED_RECORD("the record is larger than the configured maximum size"),
  MISSING_ID("trans_num is missing or blank"),
  BAD_ID("trans_num is longer than 64 characters or has characters other than A-Z a-z 0-9 _ . : -"),
  MISSING_TIME("neither event_time nor trans_date_trans_time is present"),
  UNPARSEABLE_TIME("the event time is not ISO-8601 or yyyy-MM-dd HH:mm:ss"),
  TIME_OUT_OF_RANGE("the event time is outside the accepted window around the time it arrived"),
  MISSING_AMOUNT("amt is missing"),
  NON_NUMERIC_AMOUNT("amt is not a number"),
  NON_POSITIVE_AMOUNT("amt is zero, negative or not finite"),
  AMOUNT_OUT_OF_RANGE("amt is a billion or more, or has a fraction of a cent"),
  BAD_CARD_NUMBER("cc_num is missing or not 8 to 19 digits (or card_id is not a token)"),
  CARD_NUMBER_IN_FIELD("a field other than cc_num holds a card number"),
  BAD_ACCOUNT_NUMBER("an IBAN is malformed or fails its check digits"),
  BAD_COORDINATES("lat/long or merch_lat/merch_long is not a number in range"),
  FIELD_TOO_LONG("a text field is longer than its column can hold"),
  INVALID_TEXT(
      "a text field holds control, format or invalid Unicode characters, or the NULL marker"),
  INVALID_FIELD("another field has the wrong type or an impossible value"),
  DUPLICATE_ID("trans_num was already scored for this card (a retried delivery)"),
  PROCESSING_ERROR("the stream failed on this record after it was accepted (a defect, isolated)"),
  SINK_REJECTED("a sink cannot store this record (a per-item limit of DynamoDB or Kafka)");

  private final String description;

  ReasonCode(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}

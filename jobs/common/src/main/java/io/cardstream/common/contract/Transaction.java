package io.cardstream.common.contract;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One validated card transaction in the canonical (Sparkov) shape, before tokenization. It still
 * holds the clear card number and the customer's name, street and birth date, so it must never be
 * written anywhere as is: {@link #toString()} masks them, and {@code Tokenizer} turns it into the
 * storable form.
 *
 * <p>Demographic and location fields are null when the source does not carry them (PaySim). A
 * producer that tokenizes at the edge (the HTTP collector) sends {@code cardToken} and {@code
 * tokenLast4} instead of the card number: then {@code ccNum} is null, and it sends the customer's
 * {@code age} at the transaction instead of the birth date.
 */
public record Transaction(
    String transNum,
    Instant eventTime,
    String ccNum,
    String merchant,
    String category,
    double amt,
    String first,
    String last,
    String gender,
    String street,
    String city,
    String state,
    String zip,
    Double lat,
    Double lon,
    Long cityPop,
    String job,
    LocalDate dob,
    Long unixTime,
    Double merchLat,
    Double merchLong,
    Integer isFraud,
    String cardToken,
    String tokenLast4,
    Integer age) {

  public Transaction {
    if (transNum == null || transNum.isBlank()) {
      throw new IllegalArgumentException("transNum is required");
    }
    if (eventTime == null) {
      throw new IllegalArgumentException("eventTime is required");
    }
    if (ccNum == null && (cardToken == null || tokenLast4 == null)) {
      throw new IllegalArgumentException("ccNum, or cardToken with tokenLast4, is required");
    }
  }

  /** Last four digits of the card number: safe to keep. */
  public String cardLast4() {
    return ccNum == null ? tokenLast4 : ccNum.substring(Math.max(0, ccNum.length() - 4));
  }

  /** Whole years at the transaction: from the birth date, or as an edge-tokenized event says. */
  public Integer ageAtEvent() {
    return dob == null ? age : TokenizedTransaction.ageAt(dob, eventTime);
  }

  /**
   * The same transaction as an edge-tokenized producer sends it: no card number, names, street or
   * birth date (the age instead), and no label unless {@code keepLabel}.
   */
  public Transaction tokenized(String token, boolean keepLabel) {
    return new Transaction(
        transNum,
        eventTime,
        null,
        merchant,
        category,
        amt,
        null,
        null,
        gender,
        null,
        city,
        state,
        zip,
        lat,
        lon,
        cityPop,
        job,
        null,
        unixTime,
        merchLat,
        merchLong,
        keepLabel ? isFraud : null,
        token,
        cardLast4(),
        ageAtEvent());
  }

  @Override
  public String toString() {
    // Never print the clear PAN or personal fields: records end up in logs and exception messages.
    return "Transaction[transNum="
        + transNum
        + ", eventTime="
        + eventTime
        + ", card=****"
        + cardLast4()
        + ", merchant="
        + merchant
        + ", category="
        + category
        + ", amt="
        + amt
        + ", isFraud="
        + isFraud
        + "]";
  }
}

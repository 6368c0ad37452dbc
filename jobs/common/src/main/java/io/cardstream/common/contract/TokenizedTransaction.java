package io.cardstream.common.contract;

import io.cardstream.common.privacy.PanTokenizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * The storable form of a transaction: the card is a token plus its last four digits, the customer
 * is reduced to gender, age at the transaction, job and location. Names, street, birth date and the
 * card number are gone. Kaggle's {@code unix_time} is dropped too: it is seven years off the event
 * time in the published files and carries nothing the event time does not.
 */
public record TokenizedTransaction(
    String transNum,
    Instant eventTime,
    String cardId,
    String cardLast4,
    String merchant,
    String category,
    double amt,
    String gender,
    String city,
    String state,
    String zip,
    Double lat,
    Double lon,
    Long cityPop,
    String job,
    Integer age,
    Double merchLat,
    Double merchLong,
    Integer isFraud)
    implements java.io.Serializable {

  public static TokenizedTransaction of(Transaction t, PanTokenizer tokenizer) {
    return new TokenizedTransaction(
        t.transNum(),
        t.eventTime(),
        t.cardToken() != null ? t.cardToken() : tokenizer.cardId(t.ccNum()),
        t.cardLast4(),
        t.merchant(),
        t.category(),
        t.amt(),
        t.gender(),
        t.city(),
        t.state(),
        t.zip(),
        t.lat(),
        t.lon(),
        t.cityPop(),
        t.job(),
        t.ageAtEvent(),
        t.merchLat(),
        t.merchLong(),
        t.isFraud());
  }

  /** Whole years between birth date and the event's UTC date; null when unknown or impossible. */
  public static Integer ageAt(LocalDate dob, Instant eventTime) {
    if (dob == null) {
      return null;
    }
    LocalDate day = LocalDate.ofInstant(eventTime, ZoneOffset.UTC);
    if (dob.isAfter(day)) {
      return null;
    }
    return Period.between(dob, day).getYears();
  }
}

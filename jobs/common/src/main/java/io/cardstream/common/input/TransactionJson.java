package io.cardstream.common.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cardstream.common.contract.Transaction;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes a transaction as the JSON event of the {@code transactions} topic. This is the upstream
 * producer's message, so it carries the card number (or, edge-tokenized, its {@code card_id},
 * {@code card_last4} and the {@code age} instead of the birth date): only producers use it.
 */
public final class TransactionJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private TransactionJson() {}

  public static String write(Transaction t) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("trans_num", t.transNum());
      g.writeStringField("event_time", t.eventTime().toString());
      if (t.ccNum() != null) {
        g.writeStringField("cc_num", t.ccNum());
      } else {
        g.writeStringField("card_id", t.cardToken());
        g.writeStringField("card_last4", t.tokenLast4());
      }
      str(g, "merchant", t.merchant());
      str(g, "category", t.category());
      g.writeNumberField("amt", t.amt());
      str(g, "first", t.first());
      str(g, "last", t.last());
      str(g, "gender", t.gender());
      str(g, "street", t.street());
      str(g, "city", t.city());
      str(g, "state", t.state());
      str(g, "zip", t.zip());
      num(g, "lat", t.lat());
      num(g, "long", t.lon());
      if (t.cityPop() != null) {
        g.writeNumberField("city_pop", t.cityPop());
      }
      str(g, "job", t.job());
      str(g, "dob", t.dob() == null ? null : t.dob().toString());
      if (t.dob() == null && t.age() != null) {
        g.writeNumberField("age", t.age());
      }
      if (t.unixTime() != null) {
        g.writeNumberField("unix_time", t.unixTime());
      }
      num(g, "merch_lat", t.merchLat());
      num(g, "merch_long", t.merchLong());
      if (t.isFraud() != null) {
        g.writeNumberField("is_fraud", t.isFraud());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void str(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void num(JsonGenerator g, String name, Double value) throws IOException {
    if (value != null) {
      g.writeNumberField(name, value);
    }
  }
}

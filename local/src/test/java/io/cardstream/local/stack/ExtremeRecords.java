package io.cardstream.local.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardstream.common.privacy.CardNumbers;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded hostile transaction records, built field by field: an ordinary record, then one to three
 * fields replaced by extreme values of that field's kind (boundary and over-long lengths, Unicode,
 * control and format characters, huge, tiny and non-finite numbers, far dates, card numbers in
 * every text field, in several spellings). Every card number it plants is kept ({@link #pans}), so
 * a test can look for them wherever the pipeline writes.
 */
final class ExtremeRecords {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TEXT_FIELDS =
      List.of(
          "merchant",
          "category",
          "gender",
          "city",
          "state",
          "zip",
          "job",
          "first",
          "last",
          "street");
  private static final List<String> NUMBER_FIELDS =
      List.of("amt", "lat", "long", "merch_lat", "merch_long", "city_pop", "unix_time", "is_fraud");
  private static final List<String> TIME_FIELDS = List.of("event_time", "trans_date_trans_time");

  private final Random rnd;
  private final Instant now;
  private final List<String> cards = new ArrayList<>();
  private final Set<String> pans = new LinkedHashSet<>();
  private int n;

  ExtremeRecords(long seed, Instant now) {
    this.rnd = new Random(seed);
    this.now = now;
    for (int i = 0; i < 40; i++) {
      cards.add(pan(16));
    }
  }

  /** Every card number the records hold, as digits. */
  Set<String> pans() {
    return pans;
  }

  /** The card numbers the ordinary records are paid with. */
  List<String> cards() {
    return cards;
  }

  /** The next {@code count} records as JSON objects. */
  List<ObjectNode> next(int count) {
    List<ObjectNode> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ObjectNode r = ordinary();
      // Three in ten stay ordinary, so the stream scores real rows among the hostile ones.
      int mutations = rnd.nextInt(10) < 3 ? 0 : 1 + rnd.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        mutate(r);
      }
      out.add(r);
    }
    return out;
  }

  private ObjectNode ordinary() {
    n++;
    ObjectNode r = NODES.objectNode();
    r.put("trans_num", "fz-" + n);
    r.put(
        "event_time",
        now.minus(rnd.nextInt(24 * 60 * 7), ChronoUnit.MINUTES)
            .truncatedTo(ChronoUnit.SECONDS)
            .toString());
    r.put("cc_num", cards.get(rnd.nextInt(cards.size())));
    r.put("merchant", "fraud_Shop " + rnd.nextInt(50));
    r.put(
        "category",
        List.of("grocery_pos", "shopping_net", "gas_transport", "misc_net").get(rnd.nextInt(4)));
    r.put(
        "amt",
        Math.round((1 + rnd.nextDouble() * (rnd.nextInt(20) == 0 ? 3000 : 300)) * 100) / 100.0);
    r.put("first", "Jane");
    r.put("last", "Doe");
    r.put("gender", rnd.nextBoolean() ? "F" : "M");
    r.put("street", "1 Oak St");
    r.put("city", "Columbus");
    r.put("state", "OH");
    r.put("zip", "43004");
    r.put("lat", 40.0 + rnd.nextDouble());
    r.put("long", -82.9 + rnd.nextDouble());
    r.put("city_pop", 1000 + rnd.nextInt(100000));
    r.put("job", "Engineer");
    r.put("dob", "1980-05-01");
    r.put("merch_lat", 40.1);
    r.put("merch_long", -82.8);
    return r;
  }

  private void mutate(ObjectNode r) {
    switch (rnd.nextInt(7)) {
      case 0 -> r.set(pick(TEXT_FIELDS), text());
      case 1 -> r.set(pick(NUMBER_FIELDS), number());
      case 2 -> r.set(pick(TIME_FIELDS), time());
      case 3 -> r.set("trans_num", id());
      case 4 -> r.set("cc_num", cardNumber());
      case 5 ->
          r.set(
              "dob",
              NODES.textNode(
                  pick(List.of("0001-01-01", "2999-01-01", "1900-02-29", "1850-01-01", "x"))));
      default -> r.set(pick(List.of("age", "cvv", "\u0063c_num", "x".repeat(300), "")), text());
    }
  }

  private com.fasterxml.jackson.databind.JsonNode text() {
    String pan = plant();
    String s =
        switch (rnd.nextInt(22)) {
          case 0 -> "";
          case 1 -> " ";
          case 2 -> "x".repeat(256);
          case 3 -> "x".repeat(257);
          case 4 -> "é".repeat(64 + rnd.nextInt(2));
          case 5 -> "Zürich 東京 🎉 Ελλάδα";
          case 6 -> "a\u0000b";
          case 7 -> "a\r\nBcc: all@evil.example";
          case 8 -> "tab\there";
          case 9 -> "\u202Eevil";
          case 10 -> "\ud800lone";
          case 11 -> "\uFFFF";
          case 12 -> "__NULL__";
          case 13 -> "<script>alert(1)</script>";
          case 14 -> "'; DROP TABLE fraud.fact_transactions; --";
          case 15 -> pan;
          case 16 -> spaced(pan, ' ');
          case 17 -> spaced(pan, '-');
          case 18 -> spaced(pan, '.');
          case 19 -> "x" + pan;
          case 20 -> "paid " + pan + " 123";
          default -> "y".repeat(70_000);
        };
    return NODES.textNode(s);
  }

  private com.fasterxml.jackson.databind.JsonNode number() {
    return switch (rnd.nextInt(20)) {
      case 0 -> NODES.numberNode(0);
      case 1 -> NODES.numberNode(-0.0);
      case 2 -> NODES.numberNode(-1);
      case 3 -> NODES.numberNode(1e-300);
      case 4 -> NODES.numberNode(1e300);
      case 5 -> NODES.textNode("NaN");
      case 6 -> NODES.textNode("Infinity");
      case 7 -> NODES.textNode("-Infinity");
      case 8 -> NODES.numberNode(0.001);
      case 9 -> NODES.numberNode(12.345);
      case 10 -> NODES.numberNode(999999999.99);
      case 11 -> NODES.numberNode(1_000_000_000L);
      case 12 -> NODES.numberNode(Long.MAX_VALUE);
      case 13 -> NODES.numberNode(new java.math.BigInteger(plant()));
      case 14 -> NODES.textNode("1e400");
      case 15 -> NODES.textNode("12,50");
      case 16 -> NODES.booleanNode(true);
      case 17 -> NODES.arrayNode().add(1);
      case 18 -> NODES.numberNode(new java.math.BigDecimal("1E+1000"));
      default -> NODES.numberNode(0.01);
    };
  }

  private com.fasterxml.jackson.databind.JsonNode time() {
    return NODES.textNode(
        switch (rnd.nextInt(14)) {
          case 0 -> "+999999-01-01T00:00:00Z";
          case 1 -> "0001-01-01T00:00:00Z";
          case 2 -> "9999-12-31T23:59:59Z";
          case 3 -> "1969-12-31T23:59:59Z";
          case 4 -> "2019-02-29 10:00:00";
          case 5 -> "2019-01-01T25:00:00Z";
          case 6 -> now.plus(2, ChronoUnit.DAYS).toString();
          case 7 -> now.minus(7400, ChronoUnit.DAYS).toString();
          case 8 -> now.toString().replace("Z", "+14:00");
          case 9 ->
              now.minus(3, ChronoUnit.HOURS)
                  .truncatedTo(ChronoUnit.SECONDS)
                  .toString()
                  .replace("Z", ".123456789Z");
          case 10 -> "yesterday";
          case 11 -> "1546300800";
          case 12 -> "2020-06-15 10:00:00";
          default -> "";
        });
  }

  private com.fasterxml.jackson.databind.JsonNode id() {
    String pan = plant();
    return switch (rnd.nextInt(11)) {
      case 0 -> NODES.textNode("i".repeat(64));
      case 1 -> NODES.textNode("i".repeat(65));
      case 2 -> NODES.textNode("has space");
      case 3 -> NODES.textNode("../cases");
      case 4 -> NODES.textNode("ид-" + n);
      case 5 -> NODES.textNode(pan);
      case 6 -> NODES.textNode("tx-" + pan);
      case 7 -> NODES.textNode("");
      case 8 -> NODES.numberNode(n);
      case 9 -> NODES.textNode("fz-" + Math.max(1, n - 1)); // a repeat of the previous id
      default -> NODES.textNode("a\u0000b");
    };
  }

  private com.fasterxml.jackson.databind.JsonNode cardNumber() {
    String pan = plant();
    return NODES.textNode(
        switch (rnd.nextInt(8)) {
          case 0 -> spaced(pan, ' ');
          case 1 -> spaced(pan, '-');
          case 2 -> pan.substring(0, 12);
          case 3 -> pan + "0000";
          case 4 -> "4111x1111";
          case 5 -> pan(13);
          case 6 -> pan(19);
          default -> pan;
        });
  }

  /** A new Luhn-valid card number, remembered. */
  private String plant() {
    String pan = pan(13 + rnd.nextInt(7));
    return pan;
  }

  private String pan(int digits) {
    StringBuilder b = new StringBuilder(digits);
    b.append((char) ('3' + rnd.nextInt(4)));
    while (b.length() < digits - 1) {
      b.append((char) ('0' + rnd.nextInt(10)));
    }
    for (char c = '0'; c <= '9'; c++) {
      if (CardNumbers.isCardNumber(b + String.valueOf(c))) {
        String pan = b.append(c).toString();
        pans.add(pan);
        return pan;
      }
    }
    throw new IllegalStateException("no check digit");
  }

  private static String spaced(String pan, char sep) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pan.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        b.append(sep);
      }
      b.append(pan.charAt(i));
    }
    return b.toString();
  }

  private <T> T pick(List<T> values) {
    return values.get(rnd.nextInt(values.size()));
  }

  static String json(ObjectNode r) {
    try {
      return JSON.writeValueAsString(r);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

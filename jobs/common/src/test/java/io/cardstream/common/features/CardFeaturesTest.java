package io.cardstream.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cardstream.common.contract.TokenizedTransaction;
import io.cardstream.common.contract.TransactionSchema;
import io.cardstream.common.testing.SparkTestSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Golden values computed by hand, checked against both the batch and the incremental code. */
class CardFeaturesTest {

  private static SparkSession spark;
  private static final double KM_PER_TENTH_DEGREE = 0.1 * Math.PI / 180 * 6371.0;
  private static final Instant T0 = Instant.parse("2019-01-01T10:00:00Z");
  private static final String[] CATEGORIES = {"grocery_pos", "shopping_net", "travel"};

  @BeforeAll
  static void start() {
    spark = SparkTestSession.create("CardFeaturesTest");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static TokenizedTransaction txn(
      String id,
      String card,
      long offsetSeconds,
      double amt,
      Double merchLat,
      Double lat,
      Integer age) {
    return txn(id, card, offsetSeconds, amt, merchLat, lat, age, "home");
  }

  private static TokenizedTransaction txn(
      String id,
      String card,
      long offsetSeconds,
      double amt,
      Double merchLat,
      Double lat,
      Integer age,
      String category) {
    return new TokenizedTransaction(
        id,
        T0.plusSeconds(offsetSeconds),
        card,
        "0000",
        "m",
        category,
        amt,
        "F",
        "c",
        "s",
        "z",
        lat,
        lat == null ? null : -75.0,
        lat == null ? null : 1000L,
        "job",
        age,
        merchLat,
        merchLat == null ? null : -75.0,
        0);
  }

  /** Card A: window boundaries (exactly 3600 s / 86400 s back is in, 3601 s is out) and a tie. */
  private static List<TokenizedTransaction> history() {
    return List.of(
        txn("a1", "A", 0, 10, 40.0, 40.0, 40),
        txn("a2", "A", 1800, 20, 40.1, 40.0, 40),
        txn("a3", "A", 3600, 30, 40.0, 40.0, 40),
        txn("a4", "A", 5401, 100, 40.0, 40.0, 40),
        txn("a5", "A", 86_400 + 1800, 50, 40.0, 40.0, 40),
        txn("a6", "A", 86_400 + 1800, 5, 40.0, 40.0, 40),
        txn("b1", "B", 60, 70, null, null, null),
        txn("n1", "N", 13 * 3600, 10, 40.0, 40.0, 40),
        txn("n2", "N", 14 * 3600, 20, 40.0, 40.0, 40),
        txn("n3", "N", 20 * 3600, 30, 40.0, 40.0, 40, "travel"));
  }

  // log_amt, amt_to_card_mean, card_txn_count, secs_since_prev, count_1h, sum_1h, count_24h,
  // sum_24h, dist_home_km, dist_prev_merchant_km, hour_of_day, day_of_week, age, log_city_pop,
  // then card_cat_txn_count, amt_to_card_cat_mean, hour_share, night_share, count_7d, sum_7d,
  // max_amt_24h, night_count_24h
  private static final Map<String, double[]> EXPECTED = new HashMap<>();

  private static double[] concat(double[] first, double[] rest) {
    double[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }

  static {
    double pop = Math.log1p(1000);
    double d = KM_PER_TENTH_DEGREE;
    EXPECTED.put(
        "a1",
        concat(
            new double[] {Math.log1p(10), 1.0, 0, -1, 0, 0, 0, 0, 0, -1, 10, 2, 40, pop},
            new double[] {0, 1.0, -1, -1, 0, 0, 0, 0}));
    EXPECTED.put(
        "a2",
        concat(
            new double[] {Math.log1p(20), 2.0, 1, 1800, 1, 10, 1, 10, d, d, 10, 2, 40, pop},
            new double[] {1, 2.0, 1, 0, 1, 10, 10, 0}));
    EXPECTED.put(
        "a3",
        concat(
            new double[] {Math.log1p(30), 2.0, 2, 1800, 2, 30, 2, 30, 0, d, 11, 2, 40, pop},
            new double[] {2, 2.0, 0, 0, 2, 30, 20, 0}));
    EXPECTED.put(
        "a4",
        concat(
            new double[] {Math.log1p(100), 5.0, 3, 1801, 1, 30, 3, 60, 0, 0, 11, 2, 40, pop},
            new double[] {3, 5.0, 1 / 3.0, 0, 3, 60, 30, 0}));
    EXPECTED.put(
        "a5",
        concat(
            new double[] {
              Math.log1p(50), 1.25, 4, 86_400 + 1800 - 5401, 0, 0, 3, 150, 0, 0, 10, 3, 40, pop
            },
            new double[] {4, 1.25, 0.5, 0, 4, 160, 100, 0}));
    // a6 is in the same second as a5: a5 counts for the running values, not for the windows.
    EXPECTED.put(
        "a6",
        concat(
            new double[] {Math.log1p(5), 5 / 42.0, 5, 0, 0, 0, 3, 150, 0, 0, 10, 3, 40, pop},
            new double[] {5, 5 / 42.0, 0.6, 0, 4, 160, 100, 0}));
    EXPECTED.put(
        "b1",
        concat(
            new double[] {Math.log1p(70), 1.0, 0, -1, 0, 0, 0, 0, -1, -1, 10, 2, -1, -1},
            new double[] {0, 1.0, -1, -1, 0, 0, 0, 0}));
    // Card N at night: 23:00, 00:00 (exactly an hour later) and 06:00 in another category.
    EXPECTED.put(
        "n1",
        concat(
            new double[] {Math.log1p(10), 1.0, 0, -1, 0, 0, 0, 0, 0, -1, 23, 2, 40, pop},
            new double[] {0, 1.0, -1, -1, 0, 0, 0, 0}));
    EXPECTED.put(
        "n2",
        concat(
            new double[] {Math.log1p(20), 2.0, 1, 3600, 1, 10, 1, 10, 0, 0, 0, 3, 40, pop},
            new double[] {1, 2.0, 0, 1, 1, 10, 10, 1}));
    EXPECTED.put(
        "n3",
        concat(
            new double[] {Math.log1p(30), 2.0, 2, 21_600, 0, 0, 2, 30, 0, 0, 6, 3, 40, pop},
            new double[] {0, 1.0, 0, 1, 2, 30, 20, 2}));
  }

  @Test
  void batchFeaturesMatchHandComputedValues() {
    Map<String, double[]> batch = batch(history());
    assertThat(batch).containsOnlyKeys(EXPECTED.keySet());
    EXPECTED.forEach((id, want) -> assertFeatures(id, batch.get(id), want));
  }

  @Test
  void incrementalStateMatchesHandComputedValues() {
    Map<String, double[]> incremental = incremental(history());
    EXPECTED.forEach((id, want) -> assertFeatures(id, incremental.get(id), want));
  }

  @Test
  void batchAndIncrementalAgreeOnASeededRandomHistory() {
    List<TokenizedTransaction> rows = randomHistory(new Random(11), 40, 20);
    Map<String, double[]> batch = batch(rows);
    Map<String, double[]> incremental = incremental(rows);
    assertThat(batch).hasSize(rows.size());
    for (TokenizedTransaction t : rows) {
      assertFeatures(t.transNum(), batch.get(t.transNum()), incremental.get(t.transNum()));
    }
  }

  /**
   * Cards with bursts (several events within a minute, some in the same second), missing locations
   * and ages, over {@code days} days: the edge cases of the windows and the sentinels.
   */
  private static List<TokenizedTransaction> randomHistory(Random r, int cards, int days) {
    List<TokenizedTransaction> rows = new ArrayList<>();
    for (int c = 0; c < cards; c++) {
      Double lat = r.nextInt(10) == 0 ? null : 30 + 10 * r.nextDouble();
      Integer age = r.nextInt(10) == 0 ? null : 18 + r.nextInt(70);
      long t = r.nextInt(86_400);
      while (t < days * 86_400L) {
        String id = "c" + c + "-" + rows.size();
        Double merchLat = lat == null || r.nextInt(20) == 0 ? null : lat + r.nextGaussian() * 0.5;
        String category = CATEGORIES[r.nextInt(CATEGORIES.length)];
        rows.add(
            txn(id, "card" + c, t, 1 + r.nextInt(50_000) / 100.0, merchLat, lat, age, category));
        t += r.nextInt(4) == 0 ? r.nextInt(60) : r.nextInt(3 * 86_400);
      }
    }
    return rows;
  }

  private static void assertFeatures(String id, double[] actual, double[] expected) {
    assertThat(expected).hasSize(CardFeatures.NUMERIC.size());
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i])
          .as("%s %s", id, CardFeatures.NUMERIC.get(i))
          .isCloseTo(expected[i], within(1e-9 * Math.max(1, Math.abs(expected[i]))));
    }
  }

  private static Map<String, double[]> batch(List<TokenizedTransaction> txns) {
    List<Row> rows = txns.stream().map(TransactionSchema::toRow).toList();
    Map<String, double[]> out = new HashMap<>();
    for (Row r :
        CardFeatures.add(spark.createDataFrame(rows, TransactionSchema.TOKENIZED))
            .collectAsList()) {
      double[] f = new double[CardFeatures.NUMERIC.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = r.getDouble(r.fieldIndex(CardFeatures.NUMERIC.get(i)));
      }
      out.put(r.getAs("trans_num"), f);
    }
    return out;
  }

  private static Map<String, double[]> incremental(List<TokenizedTransaction> txns) {
    Map<String, CardFeatureState> states = new HashMap<>();
    Map<String, double[]> out = new HashMap<>();
    txns.stream()
        .sorted(
            Comparator.comparing(TokenizedTransaction::eventTime)
                .thenComparing(TokenizedTransaction::transNum))
        .forEach(
            t ->
                out.put(
                    t.transNum(),
                    states
                        .computeIfAbsent(t.cardId(), k -> new CardFeatureState())
                        .next(CardFeatureState.Input.of(t))
                        .numeric()));
    return out;
  }
}

package io.cardstream.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardstream.common.contract.ParseResult;
import io.cardstream.common.contract.Transaction;
import io.cardstream.common.input.InputFormat;
import io.cardstream.common.input.KaggleCsvWriter;
import io.cardstream.common.input.ReaderOptions;
import io.cardstream.common.input.TransactionFiles;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionGeneratorTest {

  private static final GeneratorConfig CONFIG =
      new GeneratorConfig(300, 60, LocalDate.of(2019, 1, 1), 42L, 0.006);
  private static List<Transaction> rows;
  private static TransactionGenerator.Summary summary;

  @BeforeAll
  static void generate() {
    rows = new ArrayList<>();
    summary = new TransactionGenerator(CONFIG).generate(rows::add);
  }

  private static String csv(GeneratorConfig config) throws Exception {
    StringWriter out = new StringWriter();
    try (KaggleCsvWriter w = new KaggleCsvWriter(out)) {
      new TransactionGenerator(config).generate(t -> write(w, t));
    }
    return out.toString();
  }

  private static void write(KaggleCsvWriter w, Transaction t) {
    try {
      w.write(t);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
    GeneratorConfig small = new GeneratorConfig(50, 10, LocalDate.of(2020, 2, 1), 7L, 0.01);
    String a = csv(small);
    assertThat(csv(small)).isEqualTo(a);
    assertThat(csv(new GeneratorConfig(50, 10, LocalDate.of(2020, 2, 1), 8L, 0.01)))
        .isNotEqualTo(a);
  }

  @Test
  void fraudRateIsWithinTwentyPercentOfTheRequestedRate() {
    assertThat(summary.rows()).isGreaterThan(20_000);
    assertThat(summary.fraudRate()).isBetween(0.006 * 0.8, 0.006 * 1.2);
    assertThat(rows.stream().filter(t -> t.isFraud() == 1).count()).isEqualTo(summary.fraudRows());

    GeneratorConfig high = new GeneratorConfig(100, 30, LocalDate.of(2019, 1, 1), 3L, 0.05);
    double rate = new TransactionGenerator(high).generate(t -> {}).fraudRate();
    assertThat(rate).isBetween(0.04, 0.06);
  }

  @Test
  void outputOpensInTheKaggleReaderWithoutRejects(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gen.csv");
    Files.writeString(file, csv(new GeneratorConfig(40, 20, LocalDate.of(2019, 6, 1), 1L, 0.02)));
    List<ParseResult> parsed = new ArrayList<>();
    long n =
        TransactionFiles.read(file, InputFormat.KAGGLE, ReaderOptions.defaults(), 0, parsed::add);
    assertThat(n).isPositive();
    assertThat(parsed).allMatch(ParseResult::isValid);
    assertThat(Files.readAllLines(file).get(0)).isEqualTo(KaggleCsvWriter.HEADER);
  }

  @Test
  void rowsAreInTimeOrderWithUniqueIdsInsideTheWindow() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      Transaction t = rows.get(i);
      assertThat(ids.add(t.transNum())).isTrue();
      if (i > 0) {
        assertThat(t.eventTime()).isAfterOrEqualTo(rows.get(i - 1).eventTime());
      }
      LocalDate day = LocalDate.ofInstant(t.eventTime(), ZoneOffset.UTC);
      assertThat(day).isBetween(CONFIG.start(), CONFIG.start().plusDays(CONFIG.days() - 1));
      assertThat(t.merchant()).startsWith("fraud_");
    }
  }

  @Test
  void cardNumbersAreLuhnValid() {
    Set<String> cards = new HashSet<>();
    rows.forEach(t -> cards.add(t.ccNum()));
    assertThat(cards).hasSizeBetween(250, 300);
    for (String pan : cards) {
      assertThat(pan.length()).isBetween(12, 16);
      assertThat(CardNumbers.luhnCheckDigit(pan.substring(0, pan.length() - 1)))
          .isEqualTo(pan.charAt(pan.length() - 1));
    }
  }

  @Test
  void noSingleSignalSeparatesFraud() {
    List<Transaction> fraud = rows.stream().filter(t -> t.isFraud() == 1).toList();
    List<Transaction> legit = rows.stream().filter(t -> t.isFraud() == 0).toList();
    // Amount: fraud includes small amounts, legit includes large ones.
    assertThat(fraud).anyMatch(t -> t.amt() < 20);
    assertThat(legit).anyMatch(t -> t.amt() > 1000);
    // Time: fraud happens by day, legit at night too.
    assertThat(fraud).anyMatch(t -> hour(t) >= 10 && hour(t) < 20);
    assertThat(legit.stream().filter(t -> hour(t) < 4).count()).isGreaterThan(fraud.size());
    // Place: legit travel is far from home too.
    assertThat(legit.stream().filter(t -> distanceKm(t) > 500).count())
        .isGreaterThan(fraud.size() / 4);
    assertThat(fraud).anyMatch(t -> distanceKm(t) < 50);
    // But the patterns exist: fraud is far more often large, nightly or far away.
    double fraudLarge = share(fraud, t -> t.amt() > 250);
    double legitLarge = share(legit, t -> t.amt() > 250);
    assertThat(fraudLarge).isGreaterThan(5 * legitLarge);
  }

  @Test
  void invalidConfigIsRejectedClearly() {
    assertThatThrownBy(() -> new GeneratorConfig(0, 1, LocalDate.now(), 1, 0.01))
        .hasMessage("customers must be between 1 and 5000000, got 0");
    assertThatThrownBy(() -> new GeneratorConfig(1, 1, LocalDate.now(), 1, 0.9))
        .hasMessage("fraud rate must be between 0 and 0.5, got 0.9");
  }

  private static int hour(Transaction t) {
    return t.eventTime().atOffset(ZoneOffset.UTC).getHour();
  }

  private static double distanceKm(Transaction t) {
    return io.cardstream.common.features.Geo.haversineKm(
        t.lat(), t.lon(), t.merchLat(), t.merchLong());
  }

  private static double share(List<Transaction> l, java.util.function.Predicate<Transaction> p) {
    return (double) l.stream().filter(p).count() / l.size();
  }

  @Test
  void theSparkovProfileDrawsFraudAsTheKaggleGeneratorDoes() {
    List<Transaction> all = new ArrayList<>();
    TransactionGenerator.Summary s =
        new TransactionGenerator(CONFIG, TransactionGenerator.FraudProfile.SPARKOV)
            .generate(all::add);
    List<Transaction> fraud = all.stream().filter(t -> t.isFraud() == 1).toList();
    assertThat(s.fraudRate()).isBetween(0.005, 0.007);
    // The dev data's fraud: 86% between 22:00 and 03:59 ...
    long night =
        fraud.stream()
            .map(t -> t.eventTime().atZone(ZoneOffset.UTC).getHour())
            .filter(h -> h >= 22 || h <= 3)
            .count();
    assertThat((double) night / fraud.size()).isBetween(0.78, 0.94);
    // ... at its tight amounts per category (shopping_net about $1,000, gas_transport about $10)
    // ...
    assertThat(fraud)
        .filteredOn(t -> t.category().equals("shopping_net"))
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.amt()).isBetween(650.0, 1500.0));
    assertThat(fraud)
        .filteredOn(t -> t.category().equals("gas_transport"))
        .allSatisfy(t -> assertThat(t.amt()).isBetween(6.0, 16.0));
    // ... 6-14 charges within two days per spree (a card's sprees are 30+ days apart).
    java.util.Map<String, List<Transaction>> byCard =
        fraud.stream().collect(java.util.stream.Collectors.groupingBy(Transaction::ccNum));
    List<List<Transaction>> sprees = new ArrayList<>();
    for (List<Transaction> l : byCard.values()) {
      List<Transaction> current = new ArrayList<>(List.of(l.get(0)));
      for (int i = 1; i < l.size(); i++) {
        if (java.time.Duration.between(l.get(i - 1).eventTime(), l.get(i).eventTime()).toDays()
            > 20) {
          sprees.add(current);
          current = new ArrayList<>();
        }
        current.add(l.get(i));
      }
      sprees.add(current);
    }
    java.time.Instant lastTwoDays =
        CONFIG.start().plusDays(CONFIG.days() - 2L).atStartOfDay().toInstant(ZoneOffset.UTC);
    // A spree begun in the last two days is cut off by the end of the data.
    assertThat(sprees)
        .filteredOn(sp -> sp.get(0).eventTime().isBefore(lastTwoDays))
        .isNotEmpty()
        .allSatisfy(
            sp -> {
              assertThat(sp.size()).isBetween(6, 14);
              assertThat(
                      java.time.Duration.between(
                          sp.get(0).eventTime(), sp.get(sp.size() - 1).eventTime()))
                  .isLessThan(java.time.Duration.ofDays(2));
            });
  }

  @Test
  void legitimateAmountsAndHoursFollowTheDevData() {
    List<Transaction> legit = rows.stream().filter(t -> t.isFraud() == 0).toList();
    // The dev data's legitimate rows: 23% between 22:00 and 03:59 ...
    assertThat(share(legit, t -> hour(t) >= 22 || hour(t) <= 3)).isBetween(0.19, 0.29);
    // ... and category-bound amounts: gas mostly $49-88, groceries capped near $280, online
    // shopping mostly under $10 (medians and p99 within the dev data's spread).
    assertThat(median(legit, "gas_transport")).isBetween(55.0, 80.0);
    assertThat(median(legit, "shopping_net")).isBetween(5.0, 14.0);
    assertThat(median(legit, "grocery_pos")).isBetween(80.0, 125.0);
    assertThat(legit)
        .filteredOn(t -> t.category().equals("grocery_pos"))
        .allSatisfy(t -> assertThat(t.amt()).isLessThan(400.0));
  }

  private static double median(List<Transaction> l, String category) {
    double[] a =
        l.stream()
            .filter(t -> t.category().equals(category))
            .mapToDouble(Transaction::amt)
            .sorted()
            .toArray();
    assertThat(a).as(category).isNotEmpty();
    return a[a.length / 2];
  }

  @Test
  void theMixedProfileAddsFraudFarFromHomeAndCardTesting() {
    List<Transaction> all = new ArrayList<>();
    TransactionGenerator.Summary s =
        new TransactionGenerator(CONFIG, TransactionGenerator.FraudProfile.MIXED)
            .generate(all::add);
    List<Transaction> fraud = all.stream().filter(t -> t.isFraud() == 1).toList();
    assertThat(s.fraudRate()).isBetween(0.006 * 0.8, 0.006 * 1.2);
    // Clusters of a cloned card 800+ km from home, and card tests of $1-5.
    assertThat(share(fraud, t -> distanceKm(t) > 800)).isGreaterThan(0.1);
    assertThat(share(fraud, t -> t.amt() < 5)).isGreaterThan(0.05);
    // Neither is in the default (Sparkov-shaped) fraud.
    List<Transaction> sparkov = rows.stream().filter(t -> t.isFraud() == 1).toList();
    assertThat(share(sparkov, t -> distanceKm(t) > 800)).isZero();
  }
}

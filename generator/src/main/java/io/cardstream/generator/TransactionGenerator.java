package io.cardstream.generator;

import io.cardstream.common.contract.Transaction;
import io.cardstream.common.features.Geo;
import io.cardstream.common.input.KaggleCsvWriter;
import io.cardstream.generator.ReferenceData.City;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Synthetic card transactions with realistic behaviour and labelled fraud, in time order.
 *
 * <p>Legitimate behaviour: customers with a home, demographics and a spending level; category mixes
 * that depend on age and gender; daily, weekly and seasonal rhythms; trips to other cities;
 * occasional large purchases; amounts per category and hours as the Sparkov generator's (which made
 * the Kaggle files) as measured on the dev data. Fraud comes in episodes on a victim's card: by
 * default Sparkov-shaped two-day sprees ({@link FraudProfile#SPARKOV}); or night bursts of
 * high-value online/grocery shopping, clusters far from home, and card testing ({@link
 * FraudProfile#MIXED}). Every signal overlaps with some legitimate behaviour (night owls, travel,
 * big purchases, small purchases), so no single column separates fraud.
 *
 * <p>The fraud rate is steered, not sampled: episodes are scheduled whenever the fraud count falls
 * behind {@code rate} of everything generated so far, which keeps small runs on target.
 */
public final class TransactionGenerator {

  static final String[] CATEGORIES = {
    "entertainment",
    "food_dining",
    "gas_transport",
    "grocery_net",
    "grocery_pos",
    "health_fitness",
    "home",
    "kids_pets",
    "misc_net",
    "misc_pos",
    "personal_care",
    "shopping_net",
    "shopping_pos",
    "travel"
  };

  // Share of transactions per category, close to the Kaggle files.
  private static final double[] BASE_WEIGHT = {
    7.2, 7.0, 10.2, 3.5, 9.5, 6.6, 9.5, 8.7, 4.9, 6.1, 7.0, 7.5, 9.0, 3.1
  };
  // Legitimate amounts per category: the quantiles AMT_Q of the 2020 legitimate rows of the dev
  // data (../shared/data/sparkov-dev, the Sparkov generator's), drawn by interpolating between
  // them in log space. Sparkov's amounts are category-bound: gas at $49-88 for 80% of rows,
  // groceries
  // capped near $280, online shopping mostly under $10 with a long tail (docs/model.md).
  private static final double[] AMT_Q = {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1};
  private static final double[][] LEGIT_AMT = {
    {1.00, 1.30, 4.89, 14.48, 46.70, 96.72, 164.79, 331.74, 503.02, 665.85},
    {1.00, 1.47, 7.29, 21.80, 48.68, 82.79, 125.29, 224.77, 360.50, 586.37},
    {21.42, 36.12, 48.88, 57.20, 66.97, 77.46, 88.26, 108.10, 129.62, 143.58},
    {3.58, 15.14, 30.15, 41.45, 55.61, 73.02, 90.95, 123.98, 149.30, 182.20},
    {14.03, 30.24, 52.14, 71.37, 99.86, 191.27, 212.43, 241.01, 261.84, 282.51},
    {1.00, 1.56, 6.71, 17.03, 39.77, 75.19, 118.29, 230.61, 330.05, 480.57},
    {1.00, 2.32, 10.78, 23.41, 47.17, 81.03, 125.09, 227.58, 322.76, 475.83},
    {1.01, 2.67, 13.17, 28.28, 53.24, 89.87, 132.18, 230.26, 314.08, 370.13},
    {1.00, 1.13, 2.31, 4.77, 9.75, 74.82, 209.49, 710.57, 1510.27, 2083.20},
    {1.00, 1.12, 2.44, 5.33, 14.77, 71.35, 182.58, 641.03, 1276.82, 2244.05},
    {1.00, 1.23, 4.27, 10.95, 30.71, 66.25, 112.41, 230.48, 375.42, 480.77},
    {1.00, 1.09, 2.14, 4.23, 8.44, 63.11, 230.95, 1018.60, 2850.23, 4994.87},
    {1.00, 1.09, 2.02, 3.92, 7.37, 27.90, 183.55, 1127.99, 3141.01, 6778.90},
    {1.00, 1.11, 1.96, 3.35, 5.73, 8.19, 9.73, 1453.67, 9390.62, 35662.58}
  };
  // Legitimate hours as in the dev data: 3.2% an hour before noon, 5.1% after (23% at night,
  // 22:00-03:59), which makes the hour a weaker sign of fraud than a diurnal curve would.
  private static final double[] HOUR_WEIGHT = {
    3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 5.1, 5.1, 5.1, 5.1, 5.1, 5.1, 5.1,
    5.1, 5.1, 5.1, 5.1, 5.1
  };
  // Monday first.
  private static final double[] DOW_WEIGHT = {1.1, 0.9, 0.85, 0.9, 1.0, 1.15, 1.2};

  private static final int GROCERY_POS = 4;
  private static final int MISC_NET = 8;
  private static final int SHOPPING_NET = 11;
  private static final int TRAVEL = 13;
  private static final int MERCHANTS_PER_CATEGORY = 50;

  // Sparkov's fraud as the dev data shows it (../shared/data/sparkov-dev, 2020's 1,248 fraud
  // rows): categories by share, their median amount (p10-p90 within about +-12%), the hours (86%
  // between 22:00 and 03:59, most at 22 and 23), 6-14 charges over about two days.
  private static final int[] SPREE_CATEGORY = {
    SHOPPING_NET, GROCERY_POS, MISC_NET, 12, 2, 9, 10, 0, 7, 5, 1, 6, TRAVEL, 3
  };
  private static final double[] SPREE_WEIGHT = {
    314, 285, 158, 152, 100, 34, 34, 32, 28, 28, 23, 22, 22, 16
  };
  private static final double[] SPREE_MEDIAN = {
    999, 302, 792, 900, 10, 8, 20, 510, 21, 20, 124, 246, 10, 10
  };
  private static final double SPREE_SIGMA = 0.09;
  private static final double SPREE_NIGHT = 0.86;
  private static final int[] SPREE_HOURS = {22, 23, 0, 1, 2, 3};
  private static final double[] SPREE_HOUR_WEIGHT = {304, 298, 118, 137, 101, 114};

  private final GeneratorConfig config;
  private final SplittableRandom rnd;
  private final List<Customer> customers = new ArrayList<>();
  private final String[][] merchants = new String[CATEGORIES.length][];
  private long sequence;

  /** What one run produced. */
  public record Summary(long rows, long fraudRows, int customers) {
    public double fraudRate() {
      return rows == 0 ? 0 : (double) fraudRows / rows;
    }
  }

  private static final class Customer {
    String ccNum;
    String first;
    String last;
    String gender;
    String street;
    City city;
    double lat;
    double lon;
    String job;
    LocalDate dob;
    double txPerDay;
    double spend;
    double[] categoryWeight;
    double[] hourWeight;
    boolean traveller;
    City tripCity;
    int tripDaysLeft;
    int fraudCooldownUntilDay = -1;
  }

  private record Event(Transaction txn, long seq) {}

  /** How fraud episodes are drawn. */
  public enum FraudProfile {
    /**
     * Night bursts of high-value online and grocery shopping (45%), clusters far from home (30%),
     * card testing (25%): varied, every signal shared with some legitimate behaviour. Harder than
     * the Kaggle data (docs/model.md); for testing the geography and card-testing signals.
     */
    MIXED,
    /**
     * The default: two-day sprees shaped like the Sparkov generator's, which made the Kaggle files:
     * its fraud categories at its tight per-category amounts, 86% at night (docs/model.md).
     */
    SPARKOV
  }

  private final FraudProfile profile;

  /** Fraud drawn as {@link FraudProfile#SPARKOV}, the default. */
  public TransactionGenerator(GeneratorConfig config) {
    this(config, FraudProfile.SPARKOV);
  }

  public TransactionGenerator(GeneratorConfig config, FraudProfile profile) {
    this.config = config;
    this.profile = profile;
    this.rnd = new SplittableRandom(config.seed());
    buildMerchants();
    buildCustomers();
  }

  /** Generates into a CSV file in the Kaggle layout, creating parent directories. */
  public static Summary writeKaggleCsv(GeneratorConfig config, Path out) throws IOException {
    return writeKaggleCsv(config, FraudProfile.SPARKOV, out);
  }

  /**
   * As {@link #writeKaggleCsv(GeneratorConfig, Path)}, with fraud drawn as {@code profile} says.
   */
  public static Summary writeKaggleCsv(GeneratorConfig config, FraudProfile profile, Path out)
      throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (KaggleCsvWriter w =
        new KaggleCsvWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      return new TransactionGenerator(config, profile)
          .generate(
              t -> {
                try {
                  w.write(t);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** Generates every transaction in event-time order. */
  public Summary generate(Consumer<Transaction> sink) {
    PriorityQueue<Event> pendingFraud =
        new PriorityQueue<>(
            Comparator.comparing((Event e) -> e.txn().eventTime()).thenComparingLong(Event::seq));
    long rows = 0;
    long fraudRows = 0;
    long fraudScheduled = 0;
    double target = config.fraudRate() / (1 - config.fraudRate());
    List<Event> day = new ArrayList<>();
    for (int d = 0; d < config.days(); d++) {
      LocalDate date = config.start().plusDays(d);
      Instant dayStart = date.atStartOfDay().toInstant(ZoneOffset.UTC);
      Instant dayEnd = dayStart.plusSeconds(86_400);
      day.clear();
      long legitToday = 0;
      for (Customer c : customers) {
        legitToday += legitDay(c, date, dayStart, day);
      }
      // Schedule fraud episodes until the running fraud share catches up with the target.
      long legitSoFar = rows - fraudRows + legitToday;
      int attempts = 0;
      while (fraudScheduled < target * legitSoFar && attempts++ < customers.size()) {
        Customer victim = customers.get(rnd.nextInt(customers.size()));
        if (victim.fraudCooldownUntilDay > d || !isVictim(victim, date)) {
          continue;
        }
        victim.fraudCooldownUntilDay = d + 30;
        List<Transaction> episode = fraudEpisode(victim, dayStart);
        for (Transaction t : episode) {
          pendingFraud.add(new Event(t, sequence++));
        }
        fraudScheduled += episode.size();
      }
      while (!pendingFraud.isEmpty() && pendingFraud.peek().txn().eventTime().isBefore(dayEnd)) {
        day.add(pendingFraud.poll());
      }
      day.sort(
          Comparator.comparing((Event e) -> e.txn().eventTime()).thenComparingLong(Event::seq));
      for (Event e : day) {
        sink.accept(e.txn());
        rows++;
        if (e.txn().isFraud() == 1) {
          fraudRows++;
        }
      }
    }
    return new Summary(rows, fraudRows, customers.size());
  }

  // Older cardholders are targeted somewhat more often, as in the Kaggle data.
  private boolean isVictim(Customer c, LocalDate date) {
    int age = date.getYear() - c.dob.getYear();
    double p = age >= 60 ? 1.0 : age >= 45 ? 0.8 : age >= 30 ? 0.6 : 0.7;
    return rnd.nextDouble() < p;
  }

  private int legitDay(Customer c, LocalDate date, Instant dayStart, List<Event> out) {
    // Trips: start, continue or end.
    if (c.tripDaysLeft > 0) {
      c.tripDaysLeft--;
      if (c.tripDaysLeft == 0) {
        c.tripCity = null;
      }
    } else if (c.traveller && rnd.nextDouble() < 1.0 / 45) {
      c.tripCity = otherCity(c.city, 0);
      c.tripDaysLeft = 2 + rnd.nextInt(6);
    }
    double season = date.getMonthValue() == 12 ? 1.3 : date.getMonthValue() == 1 ? 0.85 : 1.0;
    double mean = c.txPerDay * DOW_WEIGHT[date.getDayOfWeek().getValue() - 1] * season;
    int n = poisson(mean);
    boolean onTrip = c.tripCity != null;
    for (int i = 0; i < n; i++) {
      int cat = onTrip ? tripCategory(c) : pick(c.categoryWeight);
      double amt = legitAmount(c, cat);
      int hour = pick(c.hourWeight);
      Instant t = dayStart.plusSeconds(hour * 3600L + rnd.nextInt(3600));
      City where = onTrip ? c.tripCity : null;
      out.add(new Event(txn(c, t, cat, amt, where, 0.12, 0), sequence++));
    }
    return n;
  }

  private double legitAmount(Customer c, int cat) {
    double u = rnd.nextDouble();
    int i = 0;
    while (i < AMT_Q.length - 2 && u >= AMT_Q[i + 1]) {
      i++;
    }
    double t = (u - AMT_Q[i]) / (AMT_Q[i + 1] - AMT_Q[i]);
    double[] q = LEGIT_AMT[cat];
    double amt = Math.exp(Math.log(q[i]) + t * (Math.log(q[i + 1]) - Math.log(q[i])));
    // The customer's spending level moves the amounts a little (the quantiles already hold the
    // spread between customers).
    return Math.max(1.0, amt * Math.pow(c.spend, 0.25));
  }

  private int tripCategory(Customer c) {
    double[] w = c.categoryWeight.clone();
    w[TRAVEL] *= 6;
    w[1] *= 2; // food_dining
    w[2] *= 1.5; // gas_transport
    w[6] *= 0.1; // home
    w[7] *= 0.4; // kids_pets
    w[GROCERY_POS] *= 0.5;
    return pick(w);
  }

  /** A Sparkov-shaped spree: 6-14 charges over two days, mostly at night. */
  private List<Transaction> spree(Customer c, Instant dayStart) {
    int k = 6 + rnd.nextInt(9);
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      int hour =
          rnd.nextDouble() < SPREE_NIGHT
              ? SPREE_HOURS[pick(SPREE_HOUR_WEIGHT)]
              : 4 + rnd.nextInt(18);
      times.add(dayStart.plusSeconds(rnd.nextInt(2) * 86_400L + hour * 3600L + rnd.nextInt(3600)));
    }
    times.sort(Comparator.naturalOrder());
    List<Transaction> out = new ArrayList<>();
    for (Instant t : times) {
      int p = pick(SPREE_WEIGHT);
      out.add(
          txn(
              c,
              t,
              SPREE_CATEGORY[p],
              SPREE_MEDIAN[p] * Math.exp(SPREE_SIGMA * gaussian()),
              null,
              0.12,
              1));
    }
    return out;
  }

  private List<Transaction> fraudEpisode(Customer c, Instant dayStart) {
    if (profile == FraudProfile.SPARKOV) {
      return spree(c, dayStart);
    }
    List<Transaction> out = new ArrayList<>();
    double u = rnd.nextDouble();
    if (u < 0.45) {
      // Night burst of high-value online / grocery purchases.
      int hour = new int[] {22, 23, 0, 1, 2, 3}[rnd.nextInt(6)];
      Instant t = dayStart.plusSeconds(hour * 3600L + rnd.nextInt(3600));
      int k = 3 + rnd.nextInt(7);
      for (int i = 0; i < k; i++) {
        double v = rnd.nextDouble();
        int cat = v < 0.4 ? SHOPPING_NET : v < 0.65 ? MISC_NET : GROCERY_POS;
        double amt;
        if (rnd.nextDouble() < 0.15) {
          amt = legitAmount(c, cat);
        } else if (cat == GROCERY_POS) {
          amt = 300 * Math.exp(0.15 * gaussian());
        } else if (cat == SHOPPING_NET) {
          amt = 780 * Math.exp(0.35 * gaussian());
        } else {
          amt = 650 * Math.exp(0.4 * gaussian());
        }
        out.add(txn(c, t, cat, amt, null, 0.12, 1));
        t = t.plusSeconds(120 + rnd.nextInt(40 * 60));
      }
    } else if (u < 0.75) {
      // A cloned card used in person far from home.
      City far = otherCity(c.city, 800);
      Instant t = dayStart.plusSeconds((10 + rnd.nextInt(12)) * 3600L + rnd.nextInt(3600));
      int k = 2 + rnd.nextInt(5);
      int[] cats = {12, 2, GROCERY_POS, 9, 0, 1};
      for (int i = 0; i < k; i++) {
        int cat = cats[rnd.nextInt(cats.length)];
        double amt = legitAmount(c, cat) * (2 + rnd.nextDouble() * 3);
        out.add(txn(c, t, cat, amt, far, 0.12, 1));
        t = t.plusSeconds(600 + rnd.nextInt(3 * 3600));
      }
    } else {
      // Card testing: a few tiny charges, then the real hit.
      Instant t = dayStart.plusSeconds(rnd.nextInt(86_400));
      int k = 2 + rnd.nextInt(4);
      int[] smallCats = {MISC_NET, SHOPPING_NET, 3, 10};
      for (int i = 0; i < k; i++) {
        int cat = smallCats[rnd.nextInt(smallCats.length)];
        out.add(txn(c, t, cat, 1 + rnd.nextDouble() * 4, null, 0.12, 1));
        t = t.plusSeconds(30 + rnd.nextInt(600));
      }
      int big = 1 + rnd.nextInt(2);
      int[] bigCats = {SHOPPING_NET, MISC_NET, TRAVEL};
      for (int i = 0; i < big; i++) {
        t = t.plusSeconds(300 + rnd.nextInt(7200));
        int cat = bigCats[rnd.nextInt(bigCats.length)];
        out.add(txn(c, t, cat, 400 + rnd.nextDouble() * 1600, null, 0.12, 1));
      }
    }
    return out;
  }

  private Transaction txn(
      Customer c, Instant t, int cat, double amt, City where, double spreadDeg, int fraud) {
    double baseLat = where == null ? c.lat : where.lat();
    double baseLon = where == null ? c.lon : where.lon();
    String merchant = merchants[cat][rnd.nextInt(MERCHANTS_PER_CATEGORY)];
    double mLat = clamp(baseLat + spreadDeg * gaussian(), 90);
    double mLon = clamp(baseLon + spreadDeg * gaussian(), 180);
    return new Transaction(
        hexId(),
        t,
        c.ccNum,
        merchant,
        CATEGORIES[cat],
        Math.round(amt * 100) / 100.0,
        c.first,
        c.last,
        c.gender,
        c.street,
        c.city.name(),
        c.city.state(),
        c.city.zip(),
        c.lat,
        c.lon,
        c.city.population(),
        c.job,
        c.dob,
        // As in the published Kaggle files: the same wall-clock time seven years earlier.
        t.atOffset(ZoneOffset.UTC).minusYears(7).toEpochSecond(),
        mLat,
        mLon,
        fraud,
        null,
        null,
        null);
  }

  private void buildMerchants() {
    Set<String> used = new HashSet<>();
    String[] w = ReferenceData.MERCHANT_WORDS;
    String[] s = ReferenceData.MERCHANT_SUFFIXES;
    for (int cat = 0; cat < CATEGORIES.length; cat++) {
      merchants[cat] = new String[MERCHANTS_PER_CATEGORY];
      for (int i = 0; i < MERCHANTS_PER_CATEGORY; i++) {
        String name;
        do {
          String a = w[rnd.nextInt(w.length)];
          String b = w[rnd.nextInt(w.length)];
          String suffix = s[rnd.nextInt(s.length)];
          name =
              switch (rnd.nextInt(3)) {
                case 0 -> "fraud_" + a + " " + suffix;
                case 1 -> "fraud_" + a + "-" + b;
                default -> "fraud_" + a + ", " + b + " and " + w[rnd.nextInt(w.length)];
              };
        } while (!used.add(name));
        merchants[cat][i] = name;
      }
    }
  }

  private void buildCustomers() {
    Set<String> cards = new HashSet<>();
    List<City> cities = ReferenceData.CITIES;
    for (int i = 0; i < config.customers(); i++) {
      Customer c = new Customer();
      do {
        c.ccNum = cardNumber();
      } while (!cards.add(c.ccNum));
      boolean female = rnd.nextDouble() < 0.55;
      c.gender = female ? "F" : "M";
      String[] firsts = female ? ReferenceData.FEMALE_FIRST : ReferenceData.MALE_FIRST;
      c.first = firsts[rnd.nextInt(firsts.length)];
      c.last = ReferenceData.LAST[rnd.nextInt(ReferenceData.LAST.length)];
      c.street =
          (100 + rnd.nextInt(99_800))
              + " "
              + ReferenceData.STREET_NAMES[rnd.nextInt(ReferenceData.STREET_NAMES.length)]
              + " "
              + ReferenceData.STREET_SUFFIXES[rnd.nextInt(ReferenceData.STREET_SUFFIXES.length)];
      c.city = cities.get(rnd.nextInt(cities.size()));
      c.lat = round(clamp(c.city.lat() + 0.08 * gaussian(), 90), 4);
      c.lon = round(clamp(c.city.lon() + 0.08 * gaussian(), 180), 4);
      c.job = ReferenceData.JOBS[rnd.nextInt(ReferenceData.JOBS.length)];
      int age = (int) Math.round(Math.min(92, Math.max(18, 46 + 17 * gaussian())));
      c.dob = config.start().minusYears(age).minusDays(rnd.nextInt(365));
      double young = age < 30 ? 1.25 : age >= 65 ? 0.75 : 1.0;
      c.txPerDay = Math.min(9, 2.3 * young * Math.exp(0.45 * gaussian()));
      c.spend = (age >= 35 && age < 65 ? 1.15 : age < 25 ? 0.8 : 1.0) * Math.exp(0.3 * gaussian());
      c.categoryWeight = categoryWeights(age, female);
      c.hourWeight = HOUR_WEIGHT.clone();
      if (rnd.nextDouble() < 0.06) {
        // Night-shift workers and night owls shop at night too.
        for (int h : new int[] {22, 23, 0, 1, 2, 3, 4}) {
          c.hourWeight[h] *= 5;
        }
      }
      c.traveller = rnd.nextDouble() < 0.4;
      customers.add(c);
    }
  }

  private double[] categoryWeights(int age, boolean female) {
    double[] w = BASE_WEIGHT.clone();
    if (age < 30) {
      mul(w, 0, 1.5);
      mul(w, 11, 1.4);
      mul(w, 1, 1.3);
      mul(w, 5, 0.8);
    } else if (age >= 60) {
      mul(w, 5, 1.5);
      mul(w, GROCERY_POS, 1.3);
      mul(w, 6, 1.2);
      mul(w, SHOPPING_NET, 0.6);
      mul(w, 0, 0.7);
      mul(w, MISC_NET, 0.7);
    }
    if (female) {
      mul(w, 10, 1.4);
      mul(w, 7, 1.2);
      mul(w, 12, 1.2);
    } else {
      mul(w, 2, 1.2);
      mul(w, 9, 1.1);
      mul(w, 0, 1.1);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] *= Math.exp(0.3 * gaussian());
    }
    return w;
  }

  private static void mul(double[] w, int i, double f) {
    w[i] *= f;
  }

  /** A random city at least {@code minKm} away from {@code home} (any other city when 0). */
  private City otherCity(City home, double minKm) {
    List<City> cities = ReferenceData.CITIES;
    for (int tries = 0; tries < 100; tries++) {
      City c = cities.get(rnd.nextInt(cities.size()));
      if (c != home && Geo.haversineKm(home.lat(), home.lon(), c.lat(), c.lon()) >= minKm) {
        return c;
      }
    }
    return cities.get(0) == home ? cities.get(1) : cities.get(0);
  }

  private String cardNumber() {
    double u = rnd.nextDouble();
    String prefix;
    int length;
    if (u < 0.38) {
      prefix = "4";
      length = 16;
    } else if (u < 0.42) {
      prefix = "4";
      length = 13;
    } else if (u < 0.62) {
      prefix = "5" + (1 + rnd.nextInt(5));
      length = 16;
    } else if (u < 0.72) {
      prefix = rnd.nextBoolean() ? "34" : "37";
      length = 15;
    } else if (u < 0.79) {
      prefix = "6011";
      length = 16;
    } else if (u < 0.87) {
      prefix = "3" + new char[] {'0', '6', '8'}[rnd.nextInt(3)];
      length = 14;
    } else if (u < 0.95) {
      prefix = "35";
      length = 16;
    } else {
      prefix = "50";
      length = 12;
    }
    StringBuilder sb = new StringBuilder(prefix);
    while (sb.length() < length - 1) {
      sb.append((char) ('0' + rnd.nextInt(10)));
    }
    sb.append(luhnCheckDigit(sb));
    return sb.toString();
  }

  static char luhnCheckDigit(CharSequence body) {
    int sum = 0;
    boolean dbl = true;
    for (int i = body.length() - 1; i >= 0; i--) {
      int d = body.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  private String hexId() {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(rnd.nextLong()) + hex.toHexDigits(rnd.nextLong());
  }

  private int pick(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rnd.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private int poisson(double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = rnd.nextDouble();
    while (p > l) {
      k++;
      p *= rnd.nextDouble();
    }
    return k;
  }

  private double gaussian() {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1 == 0 ? Double.MIN_VALUE : u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static double clamp(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }

  private static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}

package io.cardstream.generator;

import static io.cardstream.generator.Draws.clamp;
import static io.cardstream.generator.Draws.round;
import static io.cardstream.generator.SparkovShapes.*;

import io.cardstream.common.features.Geo;
import io.cardstream.generator.ReferenceData.City;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The generator's cardholders (card, name, home, demographics, spending habits) and merchants,
 * drawn once per run before the first day.
 */
final class Population {

  private final GeneratorConfig config;
  private final Draws rnd;
  final List<Customer> customers = new ArrayList<>();
  final String[][] merchants = new String[CATEGORIES.length][];

  Population(GeneratorConfig config, Draws rnd) {
    this.config = config;
    this.rnd = rnd;
    buildMerchants();
    buildCustomers();
  }

  static final class Customer {
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
      c.lat = round(clamp(c.city.lat() + 0.08 * rnd.gaussian(), 90), 4);
      c.lon = round(clamp(c.city.lon() + 0.08 * rnd.gaussian(), 180), 4);
      c.job = ReferenceData.JOBS[rnd.nextInt(ReferenceData.JOBS.length)];
      int age = (int) Math.round(Math.min(92, Math.max(18, 46 + 17 * rnd.gaussian())));
      c.dob = config.start().minusYears(age).minusDays(rnd.nextInt(365));
      double young = age < 30 ? 1.25 : age >= 65 ? 0.75 : 1.0;
      c.txPerDay = Math.min(9, 2.3 * young * Math.exp(0.45 * rnd.gaussian()));
      c.spend =
          (age >= 35 && age < 65 ? 1.15 : age < 25 ? 0.8 : 1.0) * Math.exp(0.3 * rnd.gaussian());
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
      w[i] *= Math.exp(0.3 * rnd.gaussian());
    }
    return w;
  }

  private static void mul(double[] w, int i, double f) {
    w[i] *= f;
  }

  /** A random city at least {@code minKm} away from {@code home} (any other city when 0). */
  static City otherCity(Draws rnd, City home, double minKm) {
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
}

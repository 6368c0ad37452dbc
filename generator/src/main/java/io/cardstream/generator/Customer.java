package io.cardstream.generator;

import static io.cardstream.generator.SparkovShapes.BASE_WEIGHT;
import static io.cardstream.generator.SparkovShapes.GROCERY_POS;
import static io.cardstream.generator.SparkovShapes.HOUR_WEIGHT;
import static io.cardstream.generator.SparkovShapes.MISC_NET;
import static io.cardstream.generator.SparkovShapes.SHOPPING_NET;

import io.cardstream.generator.ReferenceData.City;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One cardholder: who they are, where they live and how they spend; the trip and fraud fields
 * change as the generator walks the days.
 */
final class Customer {
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

  /**
   * A new cardholder, with a card number not in {@code cards} (added to it), aged as of {@code
   * start}.
   */
  static Customer draw(SplittableRandom rnd, Draws draw, Set<String> cards, LocalDate start) {
    List<City> cities = ReferenceData.CITIES;
    Customer c = new Customer();
    do {
      c.ccNum = CardNumbers.draw(rnd);
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
    c.lat = Draws.round(Draws.clamp(c.city.lat() + 0.08 * draw.gaussian(), 90), 4);
    c.lon = Draws.round(Draws.clamp(c.city.lon() + 0.08 * draw.gaussian(), 180), 4);
    c.job = ReferenceData.JOBS[rnd.nextInt(ReferenceData.JOBS.length)];
    int age = (int) Math.round(Math.min(92, Math.max(18, 46 + 17 * draw.gaussian())));
    c.dob = start.minusYears(age).minusDays(rnd.nextInt(365));
    double young = age < 30 ? 1.25 : age >= 65 ? 0.75 : 1.0;
    c.txPerDay = Math.min(9, 2.3 * young * Math.exp(0.45 * draw.gaussian()));
    c.spend =
        (age >= 35 && age < 65 ? 1.15 : age < 25 ? 0.8 : 1.0) * Math.exp(0.3 * draw.gaussian());
    c.categoryWeight = categoryWeights(draw, age, female);
    c.hourWeight = HOUR_WEIGHT.clone();
    if (rnd.nextDouble() < 0.06) {
      // Night-shift workers and night owls shop at night too.
      for (int h : new int[] {22, 23, 0, 1, 2, 3, 4}) {
        c.hourWeight[h] *= 5;
      }
    }
    c.traveller = rnd.nextDouble() < 0.4;
    return c;
  }

  private static double[] categoryWeights(Draws draw, int age, boolean female) {
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
      w[i] *= Math.exp(0.3 * draw.gaussian());
    }
    return w;
  }

  private static void mul(double[] w, int i, double f) {
    w[i] *= f;
  }
}

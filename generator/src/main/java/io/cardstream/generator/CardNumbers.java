package io.cardstream.generator;

import java.util.SplittableRandom;

/** Luhn-valid card numbers with the networks' prefixes and lengths, in plausible shares. */
final class CardNumbers {

  private CardNumbers() {}

  static String draw(SplittableRandom rnd) {
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

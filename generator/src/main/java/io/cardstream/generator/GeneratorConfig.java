package io.cardstream.generator;

import java.time.LocalDate;

/**
 * What to generate.
 *
 * @param customers number of cardholders (one card each)
 * @param days number of days from {@code start}
 * @param start first day (UTC)
 * @param seed the same seed gives the same bytes
 * @param fraudRate wanted share of fraudulent transactions, e.g. 0.006
 */
public record GeneratorConfig(
    int customers, int days, LocalDate start, long seed, double fraudRate) {

  public static final double DEFAULT_FRAUD_RATE = 0.006;

  public GeneratorConfig {
    if (customers < 1 || customers > 5_000_000) {
      throw new IllegalArgumentException(
          "customers must be between 1 and 5000000, got " + customers);
    }
    if (days < 1 || days > 3660) {
      throw new IllegalArgumentException("days must be between 1 and 3660, got " + days);
    }
    if (start == null) {
      throw new IllegalArgumentException("start date is required");
    }
    if (!(fraudRate >= 0 && fraudRate <= 0.5)) {
      throw new IllegalArgumentException("fraud rate must be between 0 and 0.5, got " + fraudRate);
    }
  }
}

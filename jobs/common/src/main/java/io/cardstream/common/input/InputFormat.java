package io.cardstream.common.input;

import java.util.Locale;

/** The input layouts the pipeline accepts. */
public enum InputFormat {
  /** Kaggle "Credit Card Transactions Fraud Detection" CSV (fraudTrain.csv / fraudTest.csv). */
  KAGGLE,
  /** PaySim mobile-money CSV ({@code step,type,amount,nameOrig,...,isFraud,isFlaggedFraud}). */
  PAYSIM,
  /** One JSON object per line or message, Sparkov field names. */
  JSON;

  /** Parses a CLI value such as {@code kaggle}; the error lists what is accepted. */
  public static InputFormat fromName(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown input format '" + name + "': use one of kaggle, paysim, json");
    }
  }

  public boolean hasHeader() {
    return this != JSON;
  }
}

package io.cardstream.generator;

/**
 * The shapes the generator draws from, as the Sparkov generator's dev data shows them (the Sparkov
 * generator made the Kaggle files): categories and their shares, legitimate amounts and hours, and
 * the fraud sprees' categories, amounts and hours.
 */
final class SparkovShapes {

  private SparkovShapes() {}

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
  static final double[] BASE_WEIGHT = {
    7.2, 7.0, 10.2, 3.5, 9.5, 6.6, 9.5, 8.7, 4.9, 6.1, 7.0, 7.5, 9.0, 3.1
  };
  // Legitimate amounts per category: the quantiles AMT_Q of the 2020 legitimate rows of the dev
  // data (../shared/data/sparkov-dev, the Sparkov generator's), drawn by interpolating between
  // them in log space. Sparkov's amounts are category-bound: gas at $49-88 for 80% of rows,
  // groceries
  // capped near $280, online shopping mostly under $10 with a long tail (docs/model.md).
  static final double[] AMT_Q = {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1};
  static final double[][] LEGIT_AMT = {
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
  static final double[] HOUR_WEIGHT = {
    3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2, 5.1, 5.1, 5.1, 5.1, 5.1, 5.1, 5.1,
    5.1, 5.1, 5.1, 5.1, 5.1
  };
  // Monday first.
  static final double[] DOW_WEIGHT = {1.1, 0.9, 0.85, 0.9, 1.0, 1.15, 1.2};

  static final int GROCERY_POS = 4;
  static final int MISC_NET = 8;
  static final int SHOPPING_NET = 11;
  static final int TRAVEL = 13;

  // Sparkov's fraud as the dev data shows it (../shared/data/sparkov-dev, 2020's 1,248 fraud
  // rows): categories by share, their median amount (p10-p90 within about +-12%), the hours (86%
  // between 22:00 and 03:59, most at 22 and 23), 6-14 charges over about two days.
  static final int[] SPREE_CATEGORY = {
    SHOPPING_NET, GROCERY_POS, MISC_NET, 12, 2, 9, 10, 0, 7, 5, 1, 6, TRAVEL, 3
  };
  static final double[] SPREE_WEIGHT = {
    314, 285, 158, 152, 100, 34, 34, 32, 28, 28, 23, 22, 22, 16
  };
  static final double[] SPREE_MEDIAN = {
    999, 302, 792, 900, 10, 8, 20, 510, 21, 20, 124, 246, 10, 10
  };
  static final double SPREE_SIGMA = 0.09;
  static final double SPREE_NIGHT = 0.86;
  static final int[] SPREE_HOURS = {22, 23, 0, 1, 2, 3};
  static final double[] SPREE_HOUR_WEIGHT = {304, 298, 118, 137, 101, 114};
}

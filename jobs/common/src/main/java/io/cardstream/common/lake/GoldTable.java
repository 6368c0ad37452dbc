package io.cardstream.common.lake;

import java.util.List;

/**
 * The daily gold aggregates: one row per event date and key combination, the measures in {@link
 * #MEASURES} order. The analytics job writes them, the warehouse loads them, glue/ describes them.
 */
public enum GoldTable {
  REGIONAL_DAILY(LakeTable.REGIONAL_DAILY, List.of("state", "city", "category")),
  SEGMENT_DAILY(LakeTable.SEGMENT_DAILY, List.of("gender", "age_band", "category")),
  MERCHANT_DAILY(LakeTable.MERCHANT_DAILY, List.of("merchant", "category")),
  /**
   * Per card token and day (the seed's per-customer report): its payments, alerts ({@code
   * flagged}), and what the customer or an analyst answered about them.
   */
  CUSTOMER_DAILY(
      LakeTable.CUSTOMER_DAILY, List.of("card_id"), List.of("confirmed_fraud", "confirmed_legit"));

  public static final String DATE = LakeTable.EVENT_DATE;

  /** The measures every gold table carries, in column order after the date and the keys. */
  public static final List<String> MEASURES =
      List.of(
          "transactions",
          "amount_sum",
          "amount_avg",
          "labelled_fraud",
          "labelled_fraud_rate",
          "flagged",
          "flagged_rate",
          "reviewed",
          "review_rate",
          "declined",
          "decline_rate",
          "distinct_cards");

  /** The column silver rows carry for the customer_daily answers: the feedback's answer or null. */
  public static final String ANSWER = "feedback_answer";

  private final LakeTable table;
  private final List<String> keys;
  private final List<String> extraMeasures;

  GoldTable(LakeTable table, List<String> keys) {
    this(table, keys, List.of());
  }

  GoldTable(LakeTable table, List<String> keys, List<String> extraMeasures) {
    this.table = table;
    this.keys = keys;
    this.extraMeasures = extraMeasures;
  }

  /** Measures this table has after {@link #MEASURES}. */
  public List<String> extraMeasures() {
    return extraMeasures;
  }

  /** The table name (also the warehouse and catalog table name). */
  public String tableName() {
    return table.catalogName();
  }

  public List<String> keys() {
    return keys;
  }

  /** The lake table it is written to. */
  public LakeTable lakeTable() {
    return table;
  }
}

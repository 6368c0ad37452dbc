package io.cardstream.batch;

import java.util.List;

/** The daily gold aggregates: one row per event date and key combination. */
public enum GoldTable {
  REGIONAL_DAILY("regional_daily", List.of("state", "city", "category")),
  SEGMENT_DAILY("segment_daily", List.of("gender", "age_band", "category")),
  MERCHANT_DAILY("merchant_daily", List.of("merchant", "category"));

  public static final String DATE = "event_date";

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

  private final String tableName;
  private final List<String> keys;

  GoldTable(String tableName, List<String> keys) {
    this.tableName = tableName;
    this.keys = keys;
  }

  /** The table name (also the warehouse and catalog table name). */
  public String tableName() {
    return tableName;
  }

  public List<String> keys() {
    return keys;
  }

  /** Where the table lives under the lake root. */
  public String lakeTable() {
    return "gold/" + tableName;
  }
}

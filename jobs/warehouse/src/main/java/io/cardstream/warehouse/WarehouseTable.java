package io.cardstream.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tables the nightly load fills: where each comes from in the lake and its warehouse columns in
 * DDL order (redshift-ddl/portable/V1__fraud_schema.sql). The staging files carry exactly these
 * columns in this order; COPY and the swap name them explicitly.
 */
public enum WarehouseTable {
  FACT_TRANSACTIONS(
      "fact_transactions",
      "silver/scored_transactions",
      List.of(
          "trans_num",
          "event_time",
          "event_date",
          "card_id",
          "card_last4",
          "merchant",
          "category",
          "amt",
          "gender",
          "age",
          "age_band",
          "city",
          "state",
          "zip",
          "lat",
          "long",
          "city_pop",
          "job",
          "merch_lat",
          "merch_long",
          "is_fraud",
          "score",
          "decision",
          "reasons",
          "model_version",
          "rules_version")),
  REGIONAL_DAILY("regional_daily", "gold/regional_daily", gold("state", "city", "category")),
  SEGMENT_DAILY("segment_daily", "gold/segment_daily", gold("gender", "age_band", "category")),
  MERCHANT_DAILY("merchant_daily", "gold/merchant_daily", gold("merchant", "category"));

  /** The measures every gold table carries after its keys, in contract order. */
  public static final List<String> GOLD_MEASURES = Gold.MEASURES;

  // Enum constants initialise before the enum's own static fields: the list the constants use
  // lives in a holder class.
  private static final class Gold {
    static final List<String> MEASURES =
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
  }

  public static final String SCHEMA = "fraud";

  private final String tableName;
  private final String lakePath;
  private final List<String> columns;

  WarehouseTable(String tableName, String lakePath, List<String> columns) {
    this.tableName = tableName;
    this.lakePath = lakePath;
    this.columns = columns;
  }

  private static List<String> gold(String... keys) {
    List<String> cols = new ArrayList<>();
    cols.add("event_date");
    cols.addAll(List.of(keys));
    cols.addAll(Gold.MEASURES);
    return List.copyOf(cols);
  }

  /** The unqualified table name, e.g. {@code regional_daily} (also the audit's table_name). */
  public String tableName() {
    return tableName;
  }

  /** e.g. {@code fraud.regional_daily}. */
  public String target() {
    return SCHEMA + "." + tableName;
  }

  /** e.g. {@code fraud.stage_regional_daily}. */
  public String stage() {
    return SCHEMA + ".stage_" + tableName;
  }

  /** The source Delta table relative to the lake root. */
  public String lakePath() {
    return lakePath;
  }

  /** Warehouse columns in DDL order. */
  public List<String> columns() {
    return columns;
  }

  /** Comma-separated column list for COPY, INSERT and SELECT. */
  public String columnList() {
    return String.join(", ", columns);
  }

  public static WarehouseTable fromName(String name) {
    for (WarehouseTable t : values()) {
      if (t.tableName.equals(name.trim().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown warehouse table '" + name + "'");
  }
}

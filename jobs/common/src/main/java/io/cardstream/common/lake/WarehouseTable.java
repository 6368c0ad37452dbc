package io.cardstream.common.lake;

import java.util.ArrayList;
import java.util.List;

/**
 * The warehouse schema: the tables the nightly load fills, where each comes from in the lake and
 * its warehouse columns in DDL order (redshift-ddl/portable/V1__fraud_schema.sql). The staging
 * files carry exactly these columns in this order; COPY and the swap name them explicitly.
 */
public enum WarehouseTable {
  FACT_TRANSACTIONS(
      "fact_transactions",
      LakeTable.SILVER,
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
  REGIONAL_DAILY(GoldTable.REGIONAL_DAILY),
  SEGMENT_DAILY(GoldTable.SEGMENT_DAILY),
  MERCHANT_DAILY(GoldTable.MERCHANT_DAILY);

  public static final String SCHEMA = "fraud";

  /**
   * The facts' key (redshift-ddl V101/V201): one transaction of one card on one day. Two cards may
   * use the same trans_num.
   */
  public static final List<String> FACT_KEY = List.of("event_date", "card_id", "trans_num");

  private final String tableName;
  private final LakeTable source;
  private final List<String> columns;

  WarehouseTable(String tableName, LakeTable source, List<String> columns) {
    this.tableName = tableName;
    this.source = source;
    this.columns = columns;
  }

  /** A gold table: the date, its keys, then the measures, as the analytics job writes it. */
  WarehouseTable(GoldTable gold) {
    this(gold.tableName(), gold.lakeTable(), goldColumns(gold));
  }

  private static List<String> goldColumns(GoldTable gold) {
    List<String> cols = new ArrayList<>();
    cols.add(GoldTable.DATE);
    cols.addAll(gold.keys());
    cols.addAll(GoldTable.MEASURES);
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

  /** The lake table it is loaded from. */
  public LakeTable source() {
    return source;
  }

  /** Warehouse columns in DDL order. */
  public List<String> columns() {
    return columns;
  }

  /** Comma-separated column list for COPY, INSERT and SELECT. */
  public String columnList() {
    return String.join(", ", columns);
  }
}

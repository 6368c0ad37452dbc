package io.cardstream.common.lake;

import java.util.Arrays;
import java.util.List;

/**
 * Every Delta table of the lake: its path under the lake root, the column it is partitioned by and
 * its name in the catalog (Glue / Athena, glue/tables/*.json). The one place these are written.
 */
public enum LakeTable {
  BRONZE("bronze/transactions", LakeTable.EVENT_DATE, "bronze_transactions", true),
  QUARANTINE("quarantine/transactions", "ingest_date", "quarantine_transactions", true),
  SILVER("silver/scored_transactions", LakeTable.EVENT_DATE, "scored_transactions", true),
  REGIONAL_DAILY("gold/regional_daily", LakeTable.EVENT_DATE, "regional_daily", false),
  SEGMENT_DAILY("gold/segment_daily", LakeTable.EVENT_DATE, "segment_daily", false),
  MERCHANT_DAILY("gold/merchant_daily", LakeTable.EVENT_DATE, "merchant_daily", false);

  /** The partition column of every table keyed by the transaction's event date. */
  public static final String EVENT_DATE = "event_date";

  private final String path;
  private final String partitionColumn;
  private final String catalogName;
  private final boolean streamWritten;

  LakeTable(String path, String partitionColumn, String catalogName, boolean streamWritten) {
    this.path = path;
    this.partitionColumn = partitionColumn;
    this.catalogName = catalogName;
    this.streamWritten = streamWritten;
  }

  /** Relative to the lake root, e.g. {@code silver/scored_transactions}. */
  public String path() {
    return path;
  }

  public String partitionColumn() {
    return partitionColumn;
  }

  /** The table's name in the catalog database. */
  public String catalogName() {
    return catalogName;
  }

  /** Tables the stream appends to all day: the ones maintenance compacts and vacuums. */
  public static List<LakeTable> streamTables() {
    return Arrays.stream(values()).filter(t -> t.streamWritten).toList();
  }
}

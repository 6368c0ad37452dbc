package io.cardstream.common.lake;

import java.util.Arrays;
import java.util.List;

/**
 * Every Delta table of the lake: its path under the lake root, the column it is partitioned by, its
 * name in the catalog (Glue / Athena, glue/tables/*.json) and the job that writes it. The one place
 * these are written.
 */
public enum LakeTable {
  BRONZE("bronze/transactions", LakeTable.EVENT_DATE, "bronze_transactions", Writer.SCORING_STREAM),
  QUARANTINE(
      "quarantine/transactions", "ingest_date", "quarantine_transactions", Writer.SCORING_STREAM),
  SILVER(
      "silver/scored_transactions",
      LakeTable.EVENT_DATE,
      "scored_transactions",
      Writer.SCORING_STREAM),
  REGIONAL_DAILY("gold/regional_daily", LakeTable.EVENT_DATE, "regional_daily", Writer.ANALYTICS),
  SEGMENT_DAILY("gold/segment_daily", LakeTable.EVENT_DATE, "segment_daily", Writer.ANALYTICS),
  MERCHANT_DAILY("gold/merchant_daily", LakeTable.EVENT_DATE, "merchant_daily", Writer.ANALYTICS),
  CUSTOMER_DAILY("gold/customer_daily", LakeTable.EVENT_DATE, "customer_daily", Writer.ANALYTICS),
  /** Customers' and analysts' answers about flagged transactions: labels for training. */
  FEEDBACK_LABELS("feedback/labels", "answer_date", "feedback_labels", Writer.FEEDBACK),
  /** Every alert e-mail the notifier sent, failed or skipped (the seed's email_confirmation/). */
  NOTIFICATIONS("notifications/log", "attempt_date", "notifications", Writer.NOTIFIER);

  /** The partition column of every table keyed by the transaction's event date. */
  public static final String EVENT_DATE = "event_date";

  /** Who writes a table. */
  public enum Writer {
    SCORING_STREAM,
    NOTIFIER,
    FEEDBACK,
    ANALYTICS
  }

  private final String path;
  private final String partitionColumn;
  private final String catalogName;
  private final Writer writer;

  LakeTable(String path, String partitionColumn, String catalogName, Writer writer) {
    this.path = path;
    this.partitionColumn = partitionColumn;
    this.catalogName = catalogName;
    this.writer = writer;
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

  public Writer writer() {
    return writer;
  }

  /** The tables {@code writer} writes. */
  public static List<LakeTable> writtenBy(Writer writer) {
    return Arrays.stream(values()).filter(t -> t.writer == writer).toList();
  }

  /**
   * Tables streaming jobs append to all day (small files): the ones maintenance compacts and
   * vacuums.
   */
  public static List<LakeTable> streamTables() {
    return Arrays.stream(values()).filter(t -> t.writer != Writer.ANALYTICS).toList();
  }
}

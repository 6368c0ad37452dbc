package io.cardstream.console.source;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The warehouse's load audit: one row per table load attempt (docs/warehouse.md). */
public interface Warehouse {

  /** A row of {@code fraud.load_audit}. */
  record Load(
      LocalDate runDate,
      String table,
      long rows,
      String status,
      String message,
      Instant loadedAt,
      String manifestUrl) {}

  /**
   * The newest {@code limit} load attempts, newest first.
   *
   * @return empty when the warehouse has no audit table yet (no load ran)
   */
  List<Load> loads(int limit);
}

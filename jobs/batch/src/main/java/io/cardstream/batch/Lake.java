package io.cardstream.batch;

import java.util.List;

/**
 * The lake's table layout under one root URI ({@code file:}, {@code s3a:} or {@code s3:}); the
 * names are the contract in docs/data-dictionary.md and glue/.
 */
public record Lake(String root) {

  public static final String BRONZE = "bronze/transactions";
  public static final String QUARANTINE = "quarantine/transactions";
  public static final String SILVER = "silver/scored_transactions";

  /** Tables the stream appends to all day: the ones maintenance compacts and vacuums. */
  public static final List<String> STREAM_TABLES = List.of(BRONZE, QUARANTINE, SILVER);

  public Lake {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException(
          "the lake root is missing: pass --lake with a path or a file:, s3a: or s3: URI");
    }
    root = root.replaceAll("/+$", "");
  }

  public String path(String table) {
    return root + "/" + table;
  }
}

package io.cardstream.common.delta;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * Names in a Delta table's log as the commit protocol sees them, and the ledger's key of a table.
 * No I/O.
 */
final class LogPaths {

  static final String LOG_DIR = "_delta_log";

  /** Where a writer stages a commit before it owns the version: {@code _delta_log/.tmp/}. */
  static final String TEMP_DIR = ".tmp";

  private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.json");
  private static final Set<String> S3_SCHEMES = Set.of("s3", "s3a", "s3n");

  private LogPaths() {}

  /** A commit file: {@code <table>/_delta_log/<20-digit version>.json}. */
  static boolean isCommitFile(Path p) {
    return isInLog(p) && COMMIT.matcher(p.getName()).matches();
  }

  /** Directly inside a table's {@code _delta_log} (not in {@code .tmp/} or {@code _commits/}). */
  static boolean isInLog(Path p) {
    Path parent = p.getParent();
    return parent != null && LOG_DIR.equals(parent.getName());
  }

  static long version(Path commitFile) {
    if (!isCommitFile(commitFile)) {
      throw new IllegalArgumentException("not a Delta commit file: " + commitFile);
    }
    return Long.parseLong(commitFile.getName().substring(0, 20));
  }

  static String commitFileName(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("a Delta version is not negative, got " + version);
    }
    return String.format(Locale.ROOT, "%020d.json", version);
  }

  /** The table directory of a path inside its {@code _delta_log}. */
  static Path tableRoot(Path inLog) {
    return inLog.getParent().getParent();
  }

  /** A new staging name for {@code commitFileName}, relative to {@code _delta_log}. */
  static String newTempName(String commitFileName) {
    return TEMP_DIR + "/" + commitFileName + "." + UUID.randomUUID();
  }

  /**
   * A staging name read back from the ledger, resolved in {@code logDir}; refuses anything that
   * would leave {@code _delta_log/.tmp/}.
   */
  static Path resolveTemp(Path logDir, String tempName) {
    if (!tempName.startsWith(TEMP_DIR + "/")
        || tempName.indexOf('/', TEMP_DIR.length() + 1) >= 0
        || tempName.contains("..")) {
      throw new IllegalArgumentException("not a staging name under _delta_log/.tmp/: " + tempName);
    }
    return new Path(logDir, tempName);
  }

  /**
   * The ledger's key of a table: its URI without user info and trailing slash, and with {@code
   * s3a:} and {@code s3n:} written {@code s3:}, so that one table has one key whichever S3
   * connector reaches it (S3A locally, EMRFS on EMR).
   */
  static String tableKey(Path tableRoot) {
    URI u = tableRoot.toUri();
    StringBuilder b = new StringBuilder();
    if (u.getScheme() != null) {
      String scheme = u.getScheme().toLowerCase(Locale.ROOT);
      b.append(S3_SCHEMES.contains(scheme) ? "s3" : scheme).append(':');
    }
    String authority = u.getRawAuthority();
    if (authority != null) {
      int at = authority.lastIndexOf('@');
      b.append("//").append(at >= 0 ? authority.substring(at + 1) : authority);
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
    return b.append(path).toString();
  }
}

package io.cardstream.common.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The warehouse loader: the database user the warehouse load and its migrations run as, owner of
 * schema {@value WarehouseTable#SCHEMA} and of nothing else. Its rights are one SQL file,
 * loader-grants.sql next to this class, applied by the local stack to PostgreSQL and by the
 * CardstreamWarehouse stack to Redshift (plus loader-grants-redshift.sql: COPY's IAM role).
 */
public final class WarehouseLoader {

  /** The loader's user name, in both warehouses. */
  public static final String USER = "cardstream_loader";

  static final String GRANTS = "loader-grants.sql";
  static final String REDSHIFT_GRANTS = "loader-grants-redshift.sql";

  /** A plain lower-case identifier: it goes into SQL unquoted. */
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

  private WarehouseLoader() {}

  /** The statements that give {@code user} its rights in {@code database}, in order. */
  public static List<String> grants(String user, String database) {
    return statements(GRANTS, Map.of("user", identifier(user), "database", identifier(database)));
  }

  /**
   * Redshift's statements: {@link #grants} and the right to COPY with {@code copyRoleArn} (an ARN,
   * or a CloudFormation token that becomes one).
   */
  public static List<String> redshiftGrants(String user, String database, String copyRoleArn) {
    if (copyRoleArn.contains("'")) {
      throw new IllegalArgumentException("not an IAM role ARN: " + copyRoleArn);
    }
    List<String> all = new ArrayList<>(grants(user, database));
    all.addAll(statements(REDSHIFT_GRANTS, Map.of("user", user, "copy_role", copyRoleArn)));
    return all;
  }

  /**
   * The local PostgreSQL's loader: a login role without a password (the local server trusts
   * 127.0.0.1), created if missing, then its {@link #grants}.
   */
  public static List<String> postgres(String user, String database) {
    String u = identifier(user);
    List<String> all = new ArrayList<>();
    all.add(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
            + u
            + "') THEN CREATE ROLE "
            + u
            + " LOGIN; END IF; END $$");
    all.addAll(grants(u, database));
    return all;
  }

  static String identifier(String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "not a plain SQL identifier (lower case, digits, _): " + name);
    }
    return name;
  }

  /**
   * The file's statements (ended by ';' at a line's end; '--' lines are comments) with every
   * placeholder filled in. A placeholder without a value is an error, checked before filling in, so
   * a value may itself look like one (a CDK token).
   */
  static List<String> statements(String resource, Map<String, String> values) {
    String text = read(resource);
    TreeSet<String> missing = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!values.containsKey(m.group(1))) {
        missing.add(m.group(1));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(resource + " needs values for " + missing);
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("--")) {
        continue;
      }
      current.append(current.length() == 0 ? "" : " ").append(l);
      if (l.endsWith(";")) {
        out.add(fill(current.substring(0, current.length() - 1), values));
        current.setLength(0);
      }
    }
    if (current.length() > 0) {
      throw new IllegalStateException(resource + " ends without ';': " + current);
    }
    return out;
  }

  private static String fill(String sql, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String read(String resource) {
    try (InputStream in = WarehouseLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
